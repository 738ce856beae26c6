package org.sscard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Each operator's last shift close ({@code shift_close}, one row per operator): the operator's current shift starts
 * there. A close is one write: the row and its audit entry ({@value #AUDIT_ACTION}, which the hospital ledger copies).
 */
public final class ShiftCloses {
    /** The audit action of a shift close. */
    public static final String AUDIT_ACTION = "shift.close";

    private final Database db;
    private final AuditLog audit;

    ShiftCloses(Database db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** When the operator's last shift was closed, if ever. */
    public Optional<Instant> last(String operatorId) {
        return db.read("read the last shift close of " + operatorId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT closed_at FROM shift_close WHERE operator_id = ?")) {
                ps.setString(1, operatorId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    /** Records the operator's shift closed at {@code at}, with its audit entry, in one write. */
    public void close(String operatorId, Instant at) {
        if (operatorId == null || operatorId.isBlank()) {
            throw new StoreException("a shift close needs the operator");
        }
        db.write("close the shift of " + operatorId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shift_close (operator_id, closed_at) VALUES (?,?)"
                    + " ON CONFLICT (operator_id) DO UPDATE SET closed_at = excluded.closed_at")) {
                ps.setString(1, operatorId);
                ps.setLong(2, at.toEpochMilli());
                ps.executeUpdate();
            }
            audit.append(c, operatorId, AUDIT_ACTION, operatorId, "at " + at);
            return null;
        });
    }
}
