package org.sscard.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;

/**
 * How a station store is opened.
 *
 * @param file         the SQLite database file
 * @param stationId    the station's identifier (device number), written into backups
 * @param dataKey      the LOCAL DATA key of the security module that seals personal data, MACs the audit
 *                     head and seals backups
 * @param maxSizeBytes a ceiling on the database size (0: only the disk limits it); hitting it behaves like
 *                     a full disk
 * @param busyTimeout  how long a connection waits for a lock held by another process before failing
 * @param clock        the time source (the station's zone is used for "per day" limits)
 * @param pairing      the pairing record beside the key store that names the store this key store belongs to
 *                     ({@link StorePairing}); null: the store's identity is not checked (tests, tools)
 */
public record StoreConfig(Path file, String stationId, KeyRef dataKey, long maxSizeBytes, Duration busyTimeout,
                          Clock clock, Path pairing) {
    public StoreConfig {
        if (file == null || stationId == null || stationId.isBlank() || dataKey == null || busyTimeout == null
                || clock == null) {
            throw new IllegalArgumentException("a store needs a file, a station id, a data key, a busy timeout and a clock");
        }
        if (dataKey.type() != KeyType.DATA) {
            throw new IllegalArgumentException("the store's key must be a LOCAL DATA key, got " + dataKey);
        }
        if (maxSizeBytes < 0) {
            throw new IllegalArgumentException("maxSizeBytes must be 0 (no limit) or positive");
        }
    }

    /** Without a pairing record. */
    public StoreConfig(Path file, String stationId, KeyRef dataKey, long maxSizeBytes, Duration busyTimeout, Clock clock) {
        this(file, stationId, dataKey, maxSizeBytes, busyTimeout, clock, null);
    }

    /** A configuration with no size ceiling, a 10 s busy timeout and the system clock. */
    public static StoreConfig of(Path file, String stationId, KeyRef dataKey) {
        return new StoreConfig(file, stationId, dataKey, 0, Duration.ofSeconds(10), Clock.systemDefaultZone());
    }

    public StoreConfig withMaxSizeBytes(long bytes) {
        return new StoreConfig(file, stationId, dataKey, bytes, busyTimeout, clock, pairing);
    }

    public StoreConfig withClock(Clock newClock) {
        return new StoreConfig(file, stationId, dataKey, maxSizeBytes, busyTimeout, newClock, pairing);
    }

    public StoreConfig withFile(Path newFile) {
        return new StoreConfig(newFile, stationId, dataKey, maxSizeBytes, busyTimeout, clock, pairing);
    }

    /** The same store, its identity checked against (and recorded in) the pairing record {@code file}. */
    public StoreConfig withPairing(Path file) {
        return new StoreConfig(this.file, stationId, dataKey, maxSizeBytes, busyTimeout, clock, file);
    }

    ZoneId zone() {
        return clock.getZone();
    }
}
