package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How far the hospital ledger holds this station's records ({@code ledger_position}, one row): the outbox cursor (every
 * final message up to it is in the ledger), the audit cursor (every shift close up to it is) and the hospital
 * catalogue version the station holds with its publication id. The cursors move only forward, except when the station
 * finds the ledger behind ({@link #fallBackTo}) or an administrator sets them back ({@link #rewindCursors}); each change
 * is one write.
 */
public final class LedgerPosition {
    private final Database db;

    LedgerPosition(Database db) {
        this.db = db;
    }

    /** The stored position (all zero before the first pass). */
    public record Position(long outboxCursor, long auditCursor, long catalogVersion, String catalogPublication) {
        static final Position START = new Position(0, 0, 0, null);
    }

    public Position current() {
        return db.read("read the ledger position", LedgerPosition::stored);
    }

    /** Moves the outbox cursor forward to {@code cursor} (a lower value leaves it); returns the stored cursor. */
    public long advanceOutbox(long cursor) {
        return update("move the ledger's outbox cursor", "outbox_cursor = max(outbox_cursor, ?)", cursor).outboxCursor();
    }

    /** Moves the audit cursor forward to {@code cursor} (a lower value leaves it); returns the stored cursor. */
    public long advanceAudit(long cursor) {
        return update("move the ledger's audit cursor", "audit_cursor = max(audit_cursor, ?)", cursor).auditCursor();
    }

    /** Sets each cursor back to what the ledger holds where the ledger holds less (a restored ledger), in one write. */
    public Position fallBackTo(long outboxHeld, long auditHeld) {
        return update("set the ledger cursors back to the ledger's",
                "outbox_cursor = min(outbox_cursor, ?), audit_cursor = min(audit_cursor, ?)", outboxHeld, auditHeld);
    }

    /** Sets both cursors back to the start, in one write. */
    public void rewindCursors() {
        update("rewind the ledger cursors", "outbox_cursor = 0, audit_cursor = 0");
    }

    /** Records the hospital catalogue version the station now holds and its publication id (null if none). */
    public void holdCatalog(long version, String publication) {
        db.write("record the hospital catalogue version held", c -> {
            ensureRow(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE ledger_position SET catalog_version = ?, catalog_publication = ? WHERE id = 1")) {
                ps.setLong(1, version);
                ps.setString(2, publication);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private Position update(String what, String set, long... values) {
        return db.write(what, c -> {
            ensureRow(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE ledger_position SET " + set + " WHERE id = 1")) {
                for (int i = 0; i < values.length; i++) {
                    ps.setLong(i + 1, values[i]);
                }
                ps.executeUpdate();
            }
            return stored(c);
        });
    }

    private static void ensureRow(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO ledger_position (id) VALUES (1)")) {
            ps.executeUpdate();
        }
    }

    private static Position stored(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT outbox_cursor, audit_cursor, catalog_version,"
                + " catalog_publication FROM ledger_position WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Position(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)) : Position.START;
        }
    }
}
