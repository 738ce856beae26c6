package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline debit journal ({@code offline_debit}): a debit is journaled before the card is asked to pay and
 * removed once its C110 is queued; what is left is a debit being made or of unknown outcome. One row per debit, its
 * state in clear, the debit itself (card number) sealed with the DATA key; every change is one write of its row.
 */
public final class DebitJournal {
    private final Database db;
    private final FieldCipher cipher;
    private final Clock clock;

    DebitJournal(Database db, FieldCipher cipher, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** One journaled debit; {@code body} is the caller's JSON of it, in clear. */
    public record Entry(String msgid, String state, String body) {
    }

    /** The journaled debits, oldest first. */
    public List<Entry> all() {
        return db.read("read the offline debit journal", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT msgid, state, body FROM offline_debit ORDER BY seq");
                    ResultSet rs = ps.executeQuery()) {
                List<Entry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getString(2),
                            cipher.openText("offline_debit", "body", rs.getString(1), rs.getBytes(3))));
                }
                return out;
            }
        });
    }

    /** Journals a debit, or replaces the journaled one with its msgid (keeping its place), in one write. */
    public void put(Entry entry) {
        db.write("journal offline debit " + entry.msgid(), c -> {
            put(c, entry);
            return null;
        });
    }

    void put(Connection c, Entry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO offline_debit (msgid, state, body, updated_at)"
                + " VALUES (?,?,?,?) ON CONFLICT (msgid) DO UPDATE SET state = excluded.state, body = excluded.body,"
                + " updated_at = excluded.updated_at")) {
            ps.setString(1, entry.msgid());
            ps.setString(2, entry.state());
            ps.setBytes(3, cipher.sealText("offline_debit", "body", entry.msgid(), entry.body()));
            ps.setLong(4, clock.millis());
            ps.executeUpdate();
        }
    }

    /** Drops a debit from the journal (its C110 is queued, or it never reached the card); whether it was there. */
    public boolean remove(String msgid) {
        return db.write("drop offline debit " + msgid + " from the journal", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM offline_debit WHERE msgid = ?")) {
                ps.setString(1, msgid);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
