package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.sscard.values.Money;

/**
 * The deferred hospital visits, one row each ({@code deferred_visit}): the state, times and total in clear for the
 * forwarder's and the limits' look-ups, the whole visit (names, card numbers) sealed with the DATA key. Every change
 * is one write transaction of its row.
 */
public final class DeferredVisitRows {
    private static final String COLUMNS = "ref, state, created_at, finished_at, total_fen, setl_id, body";

    private final Database db;
    private final FieldCipher cipher;
    private final Clock clock;

    DeferredVisitRows(Database db, FieldCipher cipher, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** One deferred visit; {@code body} is the caller's JSON of the whole visit, in clear. */
    public record Row(String ref, String state, Instant createdAt, Instant finishedAt, Money total, String setlId,
                      String body) {
    }

    /** What a row holds in clear: enough to pick the visits a pass must open. */
    public record Key(String ref, Instant createdAt, String setlId) {
    }

    /** The reference, time and setl_id of the visits in {@code state}, without opening them, in the order taken. */
    public List<Key> keysIn(String state) {
        return db.read("read the deferred visits", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ref, created_at, setl_id FROM deferred_visit"
                    + " WHERE state = ? ORDER BY created_at, rowid")) {
                ps.setString(1, state);
                List<Key> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Key(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    /** Every stored visit, in the order they were taken. */
    public List<Row> all() {
        return db.read("read the deferred visits", c -> select(c, "", List.of()));
    }

    /** The stored visits in one of {@code states}, in the order they were taken. */
    public List<Row> inStates(Collection<String> states) {
        List<String> list = List.copyOf(states);
        return db.read("read the deferred visits", c -> select(c, " WHERE state IN ("
                + String.join(",", java.util.Collections.nCopies(list.size(), "?")) + ")", list));
    }

    /** Stores a new visit in one write; refused when one with its reference is stored. */
    public void add(Row row) {
        db.write("store deferred visit " + row.ref(), c -> {
            if (find(c, row.ref()).isPresent()) {
                throw new StoreException("deferred visit " + row.ref() + " is already stored");
            }
            put(c, row);
            return null;
        });
    }

    /** Replaces the visit {@code ref} by {@code change(row)} in one write; empty when no such visit is stored. */
    public Optional<Row> update(String ref, UnaryOperator<Row> change) {
        return db.write("update deferred visit " + ref, c -> {
            Optional<Row> current = find(c, ref);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Row next = change.apply(current.get());
            if (!next.ref().equals(ref)) {
                throw new StoreException("a deferred visit keeps its reference " + ref);
            }
            put(c, next);
            return Optional.of(next);
        });
    }

    /**
     * Removes the visits finished before {@code cutoff} in one write and returns them (looked for first, so nothing is
     * written when none is due).
     */
    public List<Row> removeFinishedBefore(Instant cutoff) {
        boolean any = db.read("look for finished deferred visits", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM deferred_visit WHERE finished_at IS NOT NULL"
                    + " AND finished_at < ? LIMIT 1")) {
                ps.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!any) {
            return List.of();
        }
        return db.write("drop finished deferred visits", c -> {
            List<Row> due = select(c, " WHERE finished_at IS NOT NULL AND finished_at < ?",
                    List.of(cutoff.toEpochMilli()));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM deferred_visit WHERE finished_at IS NOT NULL"
                    + " AND finished_at < ?")) {
                ps.setLong(1, cutoff.toEpochMilli());
                ps.executeUpdate();
            }
            return due;
        });
    }

    /** Count, total and the oldest's time of the visits in {@code states} (the queue limits' figures). */
    public OfflineTotals totals(Collection<String> states) {
        List<String> list = List.copyOf(states);
        return db.read("count the deferred visits", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(total_fen), 0), min(created_at)"
                    + " FROM deferred_visit WHERE state IN ("
                    + String.join(",", java.util.Collections.nCopies(list.size(), "?")) + ")")) {
                for (int i = 0; i < list.size(); i++) {
                    ps.setString(i + 1, list.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long count = rs.getLong(1);
                    long amount = rs.getLong(2);
                    long oldest = rs.getLong(3);
                    return new OfflineTotals(count, Money.ofFen(amount), rs.wasNull() ? null : Instant.ofEpochMilli(oldest));
                }
            }
        });
    }

    private Optional<Row> find(Connection c, String ref) throws SQLException {
        List<Row> rows = select(c, " WHERE ref = ?", List.of(ref));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    void put(Connection c, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deferred_visit (" + COLUMNS + ", updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (ref) DO UPDATE SET state = excluded.state,"
                + " finished_at = excluded.finished_at, total_fen = excluded.total_fen, setl_id = excluded.setl_id,"
                + " body = excluded.body,"
                + " updated_at = excluded.updated_at")) {
            ps.setString(1, row.ref());
            ps.setString(2, row.state());
            ps.setLong(3, row.createdAt().toEpochMilli());
            if (row.finishedAt() == null) {
                ps.setNull(4, java.sql.Types.INTEGER);
            } else {
                ps.setLong(4, row.finishedAt().toEpochMilli());
            }
            ps.setLong(5, row.total().fen());
            ps.setString(6, row.setlId());
            ps.setBytes(7, cipher.sealText("deferred_visit", "body", row.ref(), row.body()));
            ps.setLong(8, clock.millis());
            ps.executeUpdate();
        }
    }

    private List<Row> select(Connection c, String where, List<?> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM deferred_visit" + where
                + " ORDER BY created_at, rowid")) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String ref = rs.getString(1);
                    long finished = rs.getLong(4);
                    Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
                    out.add(new Row(ref, rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), finishedAt,
                            Money.ofFen(rs.getLong(5)), rs.getString(6), cipher.openText("deferred_visit", "body", ref, rs.getBytes(7))));
                }
            }
            return out;
        }
    }
}
