package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongUnaryOperator;

/** The station's counters ({@code station_counter}, one row per {@link Counter}); an unset counter reads 0. */
public final class StationCounters {
    public enum Counter {
        /** The sequence part of the last card number the card office issued. */
        CARD_NO,
        /** The terminal sequence number of the last offline debit. */
        OFFLINE_TERM,
        /** The audit seq of the last shift close a verified backup holds. */
        BACKUP_SHIFT_CLOSE,
        /** The sequence number of the last recovery record entered in the database. */
        RECOVERY_APPLIED
    }

    private final Database db;

    StationCounters(Database db) {
        this.db = db;
    }

    public long value(Counter counter) {
        return db.read("read the counter " + counter, c -> value(c, counter));
    }

    /**
     * Reads and replaces a counter in one write transaction, so two processes on the same file never take the same
     * value: {@code next} gets the stored value (0 if unset) and returns the new one, which is stored and returned.
     */
    public long update(Counter counter, LongUnaryOperator next) {
        return db.write("update the counter " + counter, c -> {
            long value = next.applyAsLong(value(c, counter));
            put(c, counter, value);
            return value;
        });
    }

    static long value(Connection c, Counter counter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM station_counter WHERE name = ?")) {
            ps.setString(1, counter.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Sets a counter inside the caller's write transaction. */
    static void put(Connection c, Counter counter, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO station_counter (name, value) VALUES (?,?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, counter.name());
            ps.setLong(2, value);
            ps.executeUpdate();
        }
    }
}
