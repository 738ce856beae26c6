package org.sscard.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.values.Money;

/** Shared test set-up: a security module with a station DATA key, a settable clock, a store in a temp folder. */
final class Fixtures {
    static final String REGION = "440106";
    static final KeyRef DATA_KEY = KeyRef.local(KeyType.DATA, REGION, 1);
    static final String STATION = "H44010600001-01";

    private Fixtures() {
    }

    static SoftwareSecurityModule module() {
        SoftwareSecurityModule m = SoftwareSecurityModule.inMemory();
        m.generateLocalKey(DATA_KEY);
        return m;
    }

    static StoreConfig config(Path file, Clock clock) {
        return new StoreConfig(file, STATION, DATA_KEY, 0, Duration.ofSeconds(10), clock);
    }

    /** The store at {@code file}, made first (as setup would) if there is no file yet. */
    static StationStore open(Path file, SoftwareSecurityModule module, Clock clock) {
        return openOrCreate(config(file, clock), module);
    }

    static StationStore openOrCreate(StoreConfig config, SoftwareSecurityModule module) {
        return java.nio.file.Files.exists(config.file()) ? StationStore.open(config, module, PasswordHasher.FAST_FOR_TESTS)
                : StationStore.create(config, module, PasswordHasher.FAST_FOR_TESTS);
    }

    /**
     * Writes a station-state key in clear into the closed store at {@code file}, as earlier versions wrote their
     * bookkeeping (type STRING, by the system), for the carry-over to find.
     */
    static void keepClearState(Path file, String key, String value) throws java.sql.SQLException {
        keepClearState(file, key, value, 0);
    }

    /** A station-state key in clear as an earlier version wrote it (type STRING, by the system, at {@code updatedAt}). */
    static void keepClearState(Path file, String key, String value, long updatedAt) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO setting (key, type, value, updated_at,"
                        + " updated_by) VALUES (?, 'STRING', ?, ?, 'system') ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.setLong(3, updatedAt);
            ps.executeUpdate();
        }
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        TestClock() {
            this(Instant.parse("2025-03-01T02:00:00Z"));
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.ofHours(8);
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static OutboxMessage message(String msgid, String stream, long amountFen) {
        return new OutboxMessage(msgid, stream, "2207", ("{\"msgid\":\"" + msgid + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                false, null, Money.ofFen(amountFen));
    }
}
