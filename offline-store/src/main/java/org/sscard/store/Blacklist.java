package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.sscard.crypto.CardIdentificationCode;

/**
 * The cards refused offline (lost, cancelled, blocked), as published by the central service (C108) with a
 * version number. A download replaces the list or applies a delta (adds and removes) in one transaction, so
 * a lookup sees either the old version or the new one, never a mixture.
 */
public final class Blacklist {
    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    Blacklist(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** A listed card: identification code (hex), card number (may be null) and why it is listed. */
    public record Entry(String cardId, String cardNumber, String reason) {
        public Entry {
            cardId = CardIdentificationCode.ofHex(cardId).hex().toUpperCase(Locale.ROOT);
        }
    }

    /** The list's version, when it was last confirmed current with the central service (null: never) and its size. */
    public record Status(long version, Instant syncedAt, long count) {
        /** True if it was confirmed current no longer than {@code maxAge} before {@code now}. */
        public boolean freshAt(Instant now, Duration maxAge) {
            return syncedAt != null && !syncedAt.plus(maxAge).isBefore(now);
        }
    }

    /** Replaces the whole list with version {@code version}. */
    public void replaceAll(long version, Collection<Entry> entries) {
        db.write("load the blacklist", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM blacklist_entry")) {
                ps.executeUpdate();
            }
            insert(c, entries, version);
            setVersion(c, version);
            audit.append(c, "system", "blacklist.replace", "v" + version, "entries=" + entries.size());
            return null;
        });
    }

    /**
     * Applies the change from {@code fromVersion} to {@code toVersion}. Refused, changing nothing, if the
     * station's list is not at {@code fromVersion}.
     */
    public void applyDelta(long fromVersion, long toVersion, Collection<Entry> adds, Collection<String> removedCardIds) {
        if (toVersion <= fromVersion) {
            throw new StoreException("a blacklist update must move to a newer version (" + fromVersion + " → " + toVersion + ")");
        }
        db.write("update the blacklist", c -> {
            long current = status(c).version();
            if (current != fromVersion) {
                throw new StoreException("the blacklist update starts at version " + fromVersion + " but the station has version "
                        + current + "; download the changes since version " + current);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM blacklist_entry WHERE card_id = ?")) {
                for (String id : removedCardIds) {
                    ps.setString(1, CardIdentificationCode.ofHex(id).hex().toUpperCase(Locale.ROOT));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            insert(c, adds, toVersion);
            setVersion(c, toVersion);
            audit.append(c, "system", "blacklist.delta", "v" + fromVersion + "->v" + toVersion,
                    "added=" + adds.size() + " removed=" + removedCardIds.size());
            return null;
        });
    }

    /** The central service confirmed the station's version is current. */
    public void markSynced() {
        db.write("record the blacklist check", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE blacklist_state SET synced_at = ? WHERE id = 1")) {
                ps.setLong(1, clock.millis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Entry> find(CardIdentificationCode card) {
        return lookup("card_id", card.hex().toUpperCase(Locale.ROOT));
    }

    public Optional<Entry> findByCardNumber(String cardNumber) {
        return lookup("card_number", cardNumber.trim().toUpperCase(Locale.ROOT));
    }

    public Status status() {
        return db.read("read the blacklist status", Blacklist::status);
    }

    private Optional<Entry> lookup(String column, String value) {
        return db.read("look up the blacklist", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT card_id, card_number, reason FROM blacklist_entry WHERE "
                    + column + " = ? LIMIT 1")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
                }
            }
        });
    }

    private static Status status(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, synced_at, (SELECT COUNT(*) FROM blacklist_entry)"
                + " FROM blacklist_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Object synced = rs.getObject(2);
            return new Status(rs.getLong(1), synced == null ? null : Instant.ofEpochMilli(((Number) synced).longValue()), rs.getLong(3));
        }
    }

    private static void insert(Connection c, Collection<Entry> entries, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO blacklist_entry (card_id, card_number, reason,"
                + " listed_version) VALUES (?,?,?,?)")) {
            int n = 0;
            for (Entry e : entries) {
                ps.setString(1, e.cardId());
                ps.setString(2, e.cardNumber() == null ? null : e.cardNumber().trim().toUpperCase(Locale.ROOT));
                ps.setString(3, e.reason());
                ps.setLong(4, version);
                ps.addBatch();
                if (++n % 10_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private void setVersion(Connection c, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE blacklist_state SET version = ?, synced_at = ? WHERE id = 1")) {
            ps.setLong(1, version);
            ps.setLong(2, clock.millis());
            ps.executeUpdate();
        }
    }
}
