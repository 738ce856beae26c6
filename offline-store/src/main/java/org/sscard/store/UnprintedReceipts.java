package org.sscard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The receipts that did not print and wait for a reprint ({@code unprinted_receipt}), by their key (the settlement id,
 * with {@code /cancel} for a cancellation slip), oldest first, so the reprint queue survives a restart. Each receipt
 * queued or removed is one write of its row.
 */
public final class UnprintedReceipts {
    private final Database db;
    private final Clock clock;

    UnprintedReceipts(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The keys of the waiting receipts, oldest first. */
    public List<String> keys() {
        return db.read("read the unprinted receipts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT receipt_key FROM unprinted_receipt ORDER BY seq");
                    ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    /** Puts a receipt at the end of the queue; one already waiting keeps its place. */
    public void queue(String key) {
        requireKey(key);
        db.write("queue unprinted receipt " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO unprinted_receipt (receipt_key, queued_at)"
                    + " VALUES (?,?) ON CONFLICT (receipt_key) DO NOTHING")) {
                ps.setString(1, key);
                ps.setLong(2, clock.millis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Takes a receipt out of the queue (printed, or skipped); whether it was waiting. */
    public boolean remove(String key) {
        return db.write("remove unprinted receipt " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM unprinted_receipt WHERE receipt_key = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new StoreException("an unprinted receipt needs its key (the settlement id)");
        }
    }
}
