package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The msgid reserved for a message before it is built ({@code reserved_msgid}), so that a restart at any point uses
 * the same msgid and finds the message already in the outbox instead of creating a second one. Rows are kept: a
 * reservation is a few bytes with no personal data, and a message it names may come back (a lost answer, a restore).
 */
public final class ReservedMsgids {
    /** What a msgid is reserved for; the subject names the message or step concerned. */
    public enum Purpose {
        /** A step of a deferred visit's chain; subject {@code <ref>.<infno>}. */
        DEFERRED_STEP,
        /** The 2601 reversing a message of unknown outcome; subject that message's msgid. */
        REVERSAL,
        /** The 2601 superseding a 2601 of unknown outcome; subject the superseded one's msgid. */
        SUPERSEDE,
        /** An offline message submitted again once its reversal was answered; subject the original's msgid. */
        RESUBMIT
    }

    private final Database db;
    private final Clock clock;

    ReservedMsgids(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * The msgid reserved for {@code purpose} and {@code subject}, reserving {@code candidate}'s if there is none. The
     * reservation is one write transaction committed before this returns, so it is durable before the message is built;
     * of two reservations racing the first stays and both callers get its msgid. {@code candidate} is asked only when
     * nothing is reserved yet, outside the write (drawing a msgid may write to the store itself).
     */
    public String reserve(Purpose purpose, String subject, Supplier<String> candidate) {
        Optional<String> existing = find(purpose, subject);
        if (existing.isPresent()) {
            return existing.get();
        }
        String msgid = candidate.get();
        return db.write("reserve a msgid for " + purpose + " " + subject, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reserved_msgid (purpose, subject, msgid,"
                    + " reserved_at) VALUES (?,?,?,?) ON CONFLICT (purpose, subject) DO NOTHING")) {
                ps.setString(1, purpose.name());
                ps.setString(2, subject);
                ps.setString(3, msgid);
                ps.setLong(4, clock.millis());
                ps.executeUpdate();
            }
            return find(c, purpose, subject).orElseThrow();
        });
    }

    /**
     * Points {@code purpose} and {@code subject} at {@code msgid} in one write, whatever was reserved before: a reversal
     * of unknown outcome superseded by a new one, so the original's reversal is the new one from then on.
     */
    public void replace(Purpose purpose, String subject, String msgid) {
        db.write("reserve a msgid for " + purpose + " " + subject, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reserved_msgid (purpose, subject, msgid,"
                    + " reserved_at) VALUES (?,?,?,?) ON CONFLICT (purpose, subject) DO UPDATE SET msgid = excluded.msgid,"
                    + " reserved_at = excluded.reserved_at WHERE msgid <> excluded.msgid")) {
                ps.setString(1, purpose.name());
                ps.setString(2, subject);
                ps.setString(3, msgid);
                ps.setLong(4, clock.millis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The msgid reserved for {@code purpose} and {@code subject}, if any. */
    public Optional<String> find(Purpose purpose, String subject) {
        return db.read("read the msgid reserved for " + purpose + " " + subject, c -> find(c, purpose, subject));
    }

    private static Optional<String> find(Connection c, Purpose purpose, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT msgid FROM reserved_msgid WHERE purpose = ? AND subject = ?")) {
            ps.setString(1, purpose.name());
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
