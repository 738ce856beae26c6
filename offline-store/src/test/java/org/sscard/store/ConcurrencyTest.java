package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.CardIdentificationCode;

class ConcurrencyTest {
    @TempDir
    Path dir;

    /** Writers on several threads and readers on others: no "database is locked", every write is there. */
    @Test
    void concurrentReadersAndWritersNeverSeeALockError() throws Exception {
        try (StationStore store = StationStore.create(StoreConfig.of(dir.resolve("s.db"), Fixtures.STATION, Fixtures.DATA_KEY),
                Fixtures.module(), PasswordHasher.FAST_FOR_TESTS)) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        store.outbox().enqueue("c", Fixtures.message("W" + writer + "-" + i, "s" + writer, i));
                        if (i % 10 == 0) {
                            store.blacklist().replaceAll(writer * 1000L + i, List.of());
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(pool.submit(() -> {
                    while (writing.get()) {
                        store.outbox().offlineTotals();
                        store.outbox().countsByState();
                        store.blacklist().find(CardIdentificationCode.ofHex("440106D1560000050102030405060708"));
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(120L, store.outbox().countsByState().get(OutboxState.QUEUED));
            assertTrue(reads.get() > 0);
            assertTrue(store.audit().verify().intact());
        }
    }
}
