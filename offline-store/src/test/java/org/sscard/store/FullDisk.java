package org.sscard.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Fills the disk under a station store for tests, through {@link Database#FULL_DISK}: from a chosen write on, SQLite
 * itself refuses every write of that store file with SQLITE_FULL (as on a full disk), until {@link #spaceFreed}.
 * Stores opened later on the same file (a restart, another command) meet the same full disk.
 */
public final class FullDisk {
    private FullDisk() {
    }

    /** The disk fills up after {@code writes} more write transactions of {@code storeFile} (0: from the next one). */
    public static void after(Path storeFile, int writes) {
        AtomicInteger left = new AtomicInteger(writes);
        Database.FULL_DISK.put(key(storeFile), what -> left.getAndDecrement() <= 0);
    }

    /**
     * The disk fills up at the {@code occurrence}-th write whose description {@code what} accepts (1: the first), and
     * stays full.
     */
    public static void at(Path storeFile, Predicate<String> what, int occurrence) {
        AtomicInteger seen = new AtomicInteger();
        AtomicBoolean full = new AtomicBoolean();
        Database.FULL_DISK.put(key(storeFile), description -> full.get()
                || what.test(description) && seen.incrementAndGet() >= occurrence && !full.getAndSet(true));
    }

    /** Space is free again. */
    public static void spaceFreed(Path storeFile) {
        Database.FULL_DISK.remove(key(storeFile));
    }

    private static Path key(Path storeFile) {
        return storeFile.toAbsolutePath().normalize();
    }
}
