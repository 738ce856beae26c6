package org.sscard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.sscard.values.Money;

/**
 * The counter's visits as rows ({@code visit}): registered (med_type, operator, time, the credential it was begun
 * with), closed once nothing is left
 * to do, and the finished mark (setl_id and the holder's name, sealed) written when the card was updated and the
 * receipt made; and the card values each settlement leaves on the card ({@code card_update}, sealed). The messages of
 * a visit stay in the outbox; this is what the outbox does not hold.
 */
public final class Visits {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW_COLUMNS = "mdtrt_id, med_type, operator_id, created_at, closed, mdtrt_cert_type,"
            + " psn_no";

    private final Database db;
    private final FieldCipher cipher;
    private final AuditLog audit;
    private final Clock clock;

    Visits(Database db, FieldCipher cipher, AuditLog audit, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A visit as the counter registered it. {@code medType} is null for a visit not registered at the counter.
     *
     * @param mdtrtCertType the code of the credential the visit was begun with (mdtrt_cert_type: {@code 03} the card,
     *                      {@code 01} a 医保码); {@code 03} for a visit not registered at the counter
     * @param psnNo         for a visit begun with a 医保码, the person number it is bound to; null for the card
     */
    public record Row(String mdtrtId, String medType, String operatorId, Instant createdAt, boolean closed,
                      String mdtrtCertType, String psnNo) {
    }

    /** The absolute medical EF05 values a settlement leaves on one card. */
    public record CardTarget(String cardNo, Money balance, Money yearToDate, LocalDate date) {
    }

    /**
     * Records a visit registered (2201 answered), begun with the credential of code {@code mdtrtCertType} (for a 医保码,
     * of person {@code psnNo}; null for the card), and audits it ({@code visit.register}: {@code detail}) in one write.
     */
    public void register(String mdtrtId, String medType, String mdtrtCertType, String psnNo, String operatorId,
                         String detail) {
        long at = clock.millis();
        db.write("record visit " + mdtrtId, c -> register(c, at, mdtrtId, medType, mdtrtCertType, psnNo, operatorId,
                detail));
    }

    /**
     * As {@link #register}, written with the next write transaction of the store (the visit's first durable message,
     * its 2204): a visit with nothing uploaded has nothing to resume, so until then the row may wait.
     */
    public void registerWithNextWrite(String mdtrtId, String medType, String mdtrtCertType, String psnNo,
                                      String operatorId, String detail) {
        long at = clock.millis();
        db.defer(c -> register(c, at, mdtrtId, medType, mdtrtCertType, psnNo, operatorId, detail));
    }

    private Void register(Connection c, long at, String mdtrtId, String medType, String mdtrtCertType, String psnNo,
                          String operatorId, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO visit (mdtrt_id, med_type, operator_id, created_at,"
                + " mdtrt_cert_type, psn_no) VALUES (?,?,?,?,?,?) ON CONFLICT (mdtrt_id) DO UPDATE SET"
                + " med_type = excluded.med_type, operator_id = excluded.operator_id,"
                + " mdtrt_cert_type = excluded.mdtrt_cert_type, psn_no = excluded.psn_no")) {
            ps.setString(1, mdtrtId);
            ps.setString(2, medType);
            ps.setString(3, operatorId);
            ps.setLong(4, at);
            ps.setString(5, mdtrtCertType);
            ps.setString(6, psnNo);
            ps.executeUpdate();
        }
        audit.append(c, at, operatorId, "visit.register", mdtrtId, detail);
        return null;
    }

    public Optional<Row> find(String mdtrtId) {
        return db.read("read visit " + mdtrtId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS
                    + " FROM visit WHERE mdtrt_id = ?")) {
                ps.setString(1, mdtrtId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The visits registered from {@code from} on, oldest first; {@code onlyOpen}: those not closed. */
    public List<Row> since(Instant from, boolean onlyOpen) {
        return db.read("list visits", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS
                    + " FROM visit WHERE created_at >= ?" + (onlyOpen ? " AND closed = 0" : "")
                    + " ORDER BY created_at, mdtrt_id")) {
                ps.setLong(1, from.toEpochMilli());
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Marks a visit closed: nothing is left to do for it (cancelled or refused; a finished visit is closed by then). */
    public void close(String mdtrtId) {
        db.write("close visit " + mdtrtId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE visit SET closed = 1 WHERE mdtrt_id = ?")) {
                ps.setString(1, mdtrtId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Writes the visit's finished mark ({@code mark}: the caller's JSON with the setl_id and the holder's name), sealed,
     * and closes the visit, in one write; a visit the counter never registered (a deferred one) gets its row here.
     */
    public void finish(String mdtrtId, String mark) {
        db.write("mark visit " + mdtrtId + " finished", c -> {
            finish(c, mdtrtId, mark);
            return null;
        });
    }

    void finish(Connection c, String mdtrtId, String mark) throws SQLException {
        byte[] sealed = cipher.sealText("visit", "finished", mdtrtId, mark);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO visit (mdtrt_id, created_at, closed, finished)"
                + " VALUES (?,?,1,?) ON CONFLICT (mdtrt_id) DO UPDATE SET closed = 1, finished = excluded.finished")) {
            ps.setString(1, mdtrtId);
            ps.setLong(2, clock.millis());
            ps.setBytes(3, sealed);
            ps.executeUpdate();
        }
    }

    /** The visit's finished mark in clear ({@link #finish}), if it has one. */
    public Optional<String> finishedMark(String mdtrtId) {
        return db.read("read the finished mark of visit " + mdtrtId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT finished FROM visit WHERE mdtrt_id = ?")) {
                ps.setString(1, mdtrtId);
                try (ResultSet rs = ps.executeQuery()) {
                    byte[] sealed = rs.next() ? rs.getBytes(1) : null;
                    return sealed == null ? Optional.empty()
                            : Optional.of(cipher.openText("visit", "finished", mdtrtId, sealed));
                }
            }
        });
    }

    /**
     * The card values of settlement {@code setlId}: {@code choose} gets the stored ones (null if none) and returns
     * those to keep; written, sealed, in one write transaction when they differ, and returned.
     */
    public CardTarget fixCardTarget(String setlId, UnaryOperator<CardTarget> choose) {
        return db.write("fix the card values of settlement " + setlId, c -> {
            CardTarget current = cardTarget(c, setlId).orElse(null);
            CardTarget chosen = choose.apply(current);
            if (!chosen.equals(current)) {
                putCardTarget(c, setlId, chosen);
            }
            return chosen;
        });
    }

    public Optional<CardTarget> cardTarget(String setlId) {
        return db.read("read the card values of settlement " + setlId, c -> cardTarget(c, setlId));
    }

    private Optional<CardTarget> cardTarget(Connection c, String setlId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT target FROM card_update WHERE setl_id = ?")) {
            ps.setString(1, setlId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String json = cipher.openText("card_update", "target", setlId, rs.getBytes(1));
                try {
                    JsonNode t = JSON.readTree(json);
                    return Optional.of(new CardTarget(t.path("card_no").asText(),
                            Money.ofFen(t.path("balance_fen").asLong()), Money.ofFen(t.path("year_to_date_fen").asLong()), LocalDate.parse(t.path("date").asText())));
                } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
                    throw new StoreException("the card values of settlement " + setlId + " are not readable", e);
                }
            }
        }
    }

    void putCardTarget(Connection c, String setlId, CardTarget target) throws SQLException {
        String json = JSON.createObjectNode().put("card_no", target.cardNo()).put("balance_fen", target.balance().fen())
                .put("year_to_date_fen", target.yearToDate().fen()).put("date", target.date().toString()).toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO card_update (setl_id, target, updated_at) VALUES (?,?,?)"
                + " ON CONFLICT (setl_id) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at")) {
            ps.setString(1, setlId);
            ps.setBytes(2, cipher.sealText("card_update", "target", setlId, json));
            ps.setLong(3, clock.millis());
            ps.executeUpdate();
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.getInt(5) == 1, rs.getString(6), rs.getString(7));
    }
}
