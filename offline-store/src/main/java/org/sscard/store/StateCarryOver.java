package org.sscard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.sscard.values.Money;

/**
 * Moves the station state that versions before schema 6 kept as settings keys into the typed tables of V6, the first
 * time the store is opened with its key (what is sealed needs the key, which a migration does not have): the visits'
 * finished marks ({@code state.visit.<id>.finished}), the card values of settlements ({@code state.card_update.<id>}),
 * the deferred visits ({@code state.deferred.visits}, one JSON array), the offline debit journal ({@code
 * state.offline.debit_journal}, one JSON array) and the sign-in ({@code state.link.sign_no}, {@code
 * state.link.sign_in_by}, tab-separated). All in one write transaction, each key removed as it is moved; sealed values
 * are sealed again for their row.
 */
final class StateCarryOver {
    static final String DEFERRED = "state.deferred.visits";
    static final String DEBITS = "state.offline.debit_journal";
    static final String SIGN_NO = "state.link.sign_no";
    static final String SIGN_IN_BY = "state.link.sign_in_by";
    private static final String VISIT_PREFIX = "state.visit.";
    private static final String FINISHED_SUFFIX = ".finished";
    private static final String CARD_UPDATE_PREFIX = "state.card_update.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Visits visits;
    private final DeferredVisitRows deferred;
    private final DebitJournal debits;

    StateCarryOver(Settings settings, Visits visits, DeferredVisitRows deferred, DebitJournal debits) {
        this.settings = settings;
        this.visits = visits;
        this.deferred = deferred;
        this.debits = debits;
    }

    /** Whether any key of an earlier version is left (read first, so a store that has none is not written). */
    static boolean anyLeft(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM setting WHERE key IN (?,?,?,?) OR (key LIKE ?"
                + " AND key LIKE ?) OR key LIKE ? LIMIT 1")) {
            ps.setString(1, DEFERRED);
            ps.setString(2, DEBITS);
            ps.setString(3, SIGN_NO);
            ps.setString(4, SIGN_IN_BY);
            ps.setString(5, VISIT_PREFIX + "%");
            ps.setString(6, "%" + FINISHED_SUFFIX);
            ps.setString(7, CARD_UPDATE_PREFIX + "%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Moves every key left; returns how many were moved. Runs inside the caller's write transaction. */
    int move(Connection c) throws SQLException {
        int moved = 0;
        for (String key : keys(c, VISIT_PREFIX + "%" + FINISHED_SUFFIX)) {
            String mdtrtId = key.substring(VISIT_PREFIX.length(), key.length() - FINISHED_SUFFIX.length());
            visits.finish(c, mdtrtId, settings.stateIn(c, key).orElseThrow());
            moved += remove(c, key);
        }
        for (String key : keys(c, CARD_UPDATE_PREFIX + "%")) {
            String[] f = settings.stateIn(c, key).orElseThrow().split("\\|", -1);
            visits.putCardTarget(c, key.substring(CARD_UPDATE_PREFIX.length()), new Visits.CardTarget(f[0],
                    Money.ofFen(Long.parseLong(f[1])), Money.ofFen(Long.parseLong(f[2])), LocalDate.parse(f[3])));
            moved += remove(c, key);
        }
        String deferredJson = settings.stateIn(c, DEFERRED).orElse(null);
        if (deferredJson != null) {
            for (JsonNode v : array(deferredJson, DEFERRED)) {
                deferred.put(c, deferredRow(v));
            }
            moved += remove(c, DEFERRED);
        }
        String debitJson = settings.stateIn(c, DEBITS).orElse(null);
        if (debitJson != null) {
            for (JsonNode d : array(debitJson, DEBITS)) {
                debits.put(c, new DebitJournal.Entry(d.path("msgid").asText(), d.path("state").asText(), d.toString()));
            }
            moved += remove(c, DEBITS);
        }
        String signNo = settings.stateIn(c, SIGN_NO).orElse(null);
        if (signNo != null) {
            String[] by = settings.stateIn(c, SIGN_IN_BY).orElse("\t\t\t").split("\t", -1);
            SignIns.put(c, new SignIns.SignIn(signNo, by[0], by[1], by[2], by[3], updatedAt(c, SIGN_NO)));
            moved += remove(c, SIGN_NO);
        }
        moved += remove(c, SIGN_IN_BY);
        return moved;
    }

    /**
     * A deferred visit of the JSON array as a row: its state, times and total in clear, the element itself sealed.
     * finished_at follows the visit's own rule: the refund's time (REFUND_PAID), the closing time (CANCELLED, or REFUSED
     * once a supervisor acknowledged it), otherwise none.
     */
    private static DeferredVisitRows.Row deferredRow(JsonNode v) {
        String state = v.path("state").asText();
        String finishedAt = switch (state) {
            case "REFUND_PAID" -> v.path("refund_paid_at").asText(null);
            case "CANCELLED", "REFUSED" -> v.path("closed_at").asText(null);
            default -> null;
        };
        return new DeferredVisitRows.Row(v.path("ref").asText(), state, Instant.parse(v.path("created_at").asText()),
                finishedAt == null ? null : Instant.parse(finishedAt), Money.ofFen(v.path("total_fen").asLong()),
                v.path("setl_id").asText(null), v.toString());
    }

    private static List<JsonNode> array(String json, String key) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isArray()) {
                throw new StoreException("the station state " + key + " is not a list; the database was changed outside"
                        + " the terminal");
            }
            List<JsonNode> out = new ArrayList<>();
            node.forEach(out::add);
            return out;
        } catch (JsonProcessingException e) {
            throw new StoreException("the station state " + key + " is not readable", e);
        }
    }

    private static List<String> keys(Connection c, String pattern) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key FROM setting WHERE key LIKE ? ORDER BY key")) {
            ps.setString(1, pattern);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static Instant updatedAt(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT updated_at FROM setting WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return Instant.ofEpochMilli(rs.next() ? rs.getLong(1) : 0);
            }
        }
    }

    private static int remove(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM setting WHERE key = ?")) {
            ps.setString(1, key);
            return ps.executeUpdate();
        }
    }
}
