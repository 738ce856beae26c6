package org.sscard.store;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sscard.values.Money;

/**
 * The durable store-and-forward queue. A message is written here (and committed with fsync) before it is
 * sent. Per stream, messages leave strictly in order and one at a time: the oldest message that is still
 * pending (queued, in flight or of unknown outcome) is latched at the head, and nothing behind it is
 * handed out until it is done, resolved or dead. Every change of state is recorded in the audit log in
 * the same transaction.
 */
public final class Outbox {
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);
    private static final String SYSTEM = "system";
    private static final String COLUMNS = "id, msgid, stream, infno, payload, offline, amount_fen, state, attempts,"
            + " next_attempt_at, created_at, updated_at, last_error, response, resolution, dead_reason, dead_ack_by";

    private final Database db;
    private final FieldCipher cipher;
    private final AuditLog audit;
    private final Clock clock;

    Outbox(Database db, FieldCipher cipher, AuditLog audit, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    /** The result of an enqueue: the stored entry, and whether it was already there. */
    public record Enqueued(OutboxEntry entry, boolean duplicate) {
    }

    /**
     * Stores {@code message} durably. Enqueueing a msgid that is already stored with the same content returns
     * the stored entry (duplicate = true) and changes nothing; the same msgid with other content is refused.
     */
    public Enqueued enqueue(String operator, OutboxMessage message) {
        byte[] digest = cipher.index("outbox-payload", message.payload());
        byte[] sealed = cipher.seal("outbox", "payload", message.msgid(), message.payload());
        byte[] cardIndex = message.cardId() == null ? null : cipher.index("card", message.cardId().toUpperCase(java.util.Locale.ROOT));
        return db.write("queue message " + message.msgid(), c -> enqueue(c, operator, message, digest, sealed, cardIndex));
    }

    /** {@link #enqueue(String, OutboxMessage)} inside the caller's write transaction. */
    Enqueued enqueue(Connection c, String operator, OutboxMessage message) throws SQLException {
        byte[] digest = cipher.index("outbox-payload", message.payload());
        byte[] sealed = cipher.seal("outbox", "payload", message.msgid(), message.payload());
        byte[] cardIndex = message.cardId() == null ? null : cipher.index("card", message.cardId().toUpperCase(java.util.Locale.ROOT));
        return enqueue(c, operator, message, digest, sealed, cardIndex);
    }

    private Enqueued enqueue(Connection c, String operator, OutboxMessage message, byte[] digest, byte[] sealed,
                             byte[] cardIndex) throws SQLException {
        long now = clock.millis();
        int inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (msgid, stream, infno, payload, payload_digest,"
                + " offline, card_index, amount_fen, state, attempts, next_attempt_at, created_at, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,'QUEUED',0,?,?,?) ON CONFLICT (msgid) DO NOTHING")) {
            ps.setString(1, message.msgid());
            ps.setString(2, message.stream());
            ps.setString(3, message.infno());
            ps.setBytes(4, sealed);
            ps.setBytes(5, digest);
            ps.setInt(6, message.offline() ? 1 : 0);
            if (cardIndex == null) {
                ps.setNull(7, Types.BLOB);
            } else {
                ps.setBytes(7, cardIndex);
            }
            ps.setLong(8, message.amount().fen());
            ps.setLong(9, now);
            ps.setLong(10, now);
            ps.setLong(11, now);
            inserted = ps.executeUpdate();
        }
        if (inserted == 0) {
            requireSameContent(c, message, digest);
            return new Enqueued(find(c, message.msgid()).orElseThrow(), true);
        }
        audit.append(c, operator, "outbox.enqueue", message.msgid(), "infno=" + message.infno() + " stream="
                + message.stream() + " amount_fen=" + message.amount().fen() + (message.offline() ? " offline" : ""));
        return new Enqueued(find(c, message.msgid()).orElseThrow(), false);
    }

    /**
     * Stores {@code message} and, when it is the head of its stream (nothing pending before it), claims it for
     * sending in the same write: IN_FLIGHT with its first attempt counted, audited {@code outbox.enqueue} and
     * {@code outbox.send} as {@link #enqueue} and {@link #claimNext} would in two writes. Behind a pending message it
     * stays QUEUED (the stream's order holds). The returned entry's state says which.
     */
    public OutboxEntry enqueueClaimed(String operator, OutboxMessage message) {
        byte[] digest = cipher.index("outbox-payload", message.payload());
        byte[] sealed = cipher.seal("outbox", "payload", message.msgid(), message.payload());
        byte[] cardIndex = message.cardId() == null ? null : cipher.index("card", message.cardId().toUpperCase(java.util.Locale.ROOT));
        return db.write("queue and claim message " + message.msgid(), c -> {
            OutboxEntry stored = enqueue(c, operator, message, digest, sealed, cardIndex).entry();
            Optional<OutboxEntry> head = head(c, message.stream());
            if (head.isEmpty() || !head.get().msgid().equals(message.msgid())) {
                return stored;
            }
            return claim(c, head.get()).orElse(stored);
        });
    }

    private static void requireSameContent(Connection c, OutboxMessage m, byte[] digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT stream, infno, payload_digest, amount_fen, offline FROM outbox WHERE msgid = ?")) {
            ps.setString(1, m.msgid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean same = rs.getString(1).equals(m.stream()) && rs.getString(2).equals(m.infno())
                        && MessageDigest.isEqual(rs.getBytes(3), digest) && rs.getLong(4) == m.amount().fen()
                        && (rs.getInt(5) == 1) == m.offline();
                if (!same) {
                    throw new DuplicateMessageIdException("message id " + m.msgid() + " is already queued with different"
                            + " content; a msgid must never be reused (make a new one for a new message)");
                }
            }
        }
    }

    /**
     * Hands out the head of {@code stream} for sending, if it is queued and due: it becomes IN_FLIGHT and its
     * attempt count goes up. Empty if the stream is empty, its head is in flight or of unknown outcome, or the
     * head's next attempt is not due yet.
     */
    public Optional<OutboxEntry> claimNext(String stream) {
        return db.write("take the next message of stream " + stream, c -> {
            Optional<OutboxEntry> head = head(c, stream);
            if (head.isEmpty()) {
                return Optional.empty();
            }
            return claim(c, head.get());
        });
    }

    /** A queued, due head → IN_FLIGHT (empty otherwise), its attempt counted and audited. */
    private Optional<OutboxEntry> claim(Connection c, OutboxEntry e) throws SQLException {
        if (e.state() != OutboxState.QUEUED || e.nextAttemptAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'IN_FLIGHT', attempts = attempts + 1,"
                + " updated_at = ? WHERE id = ? AND state = 'QUEUED'")) {
            ps.setLong(1, clock.millis());
            ps.setLong(2, e.id());
            ps.executeUpdate();
        }
        audit.append(c, SYSTEM, "outbox.send", e.msgid(), "attempt=" + (e.attempts() + 1));
        return find(c, e.msgid());
    }

    /** The oldest pending message of {@code stream} (the one latched at its head), whatever its state. */
    public Optional<OutboxEntry> head(String stream) {
        return db.read("read the head of stream " + stream, c -> head(c, stream));
    }

    /** The central service answered: IN_FLIGHT → DONE, keeping the (sealed) response. */
    public void markDone(String msgid, byte[] response) {
        db.write("move message " + msgid + " to DONE", c -> {
            markDone(c, msgid, response, EnumSet.of(OutboxState.IN_FLIGHT));
            return null;
        });
    }

    /** As {@link #markDone(String, byte[])} inside the caller's transaction, from any of the states {@code from}. */
    void markDone(Connection c, String msgid, byte[] response, Set<OutboxState> from) throws SQLException {
        byte[] sealed = response == null ? null : cipher.seal("outbox", "response", msgid, response);
        transition(c, msgid, from, OutboxState.DONE, SYSTEM, "outbox.done", "", "response = ?", sealed);
    }

    /**
     * The message was certainly not delivered (no connection was made): IN_FLIGHT → QUEUED, next attempt after
     * a back-off of 5 s doubling per attempt up to 10 min.
     */
    public void markRetry(String msgid, String error) {
        db.write("reschedule message " + msgid, c -> {
            markRetry(c, msgid, error);
            return null;
        });
    }

    void markRetry(Connection c, String msgid, String error) throws SQLException {
        OutboxEntry e = require(c, msgid);
        requireState(e, EnumSet.of(OutboxState.IN_FLIGHT), OutboxState.QUEUED);
        Instant next = clock.instant().plus(backoff(e.attempts()));
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'QUEUED', next_attempt_at = ?,"
                + " last_error = ?, updated_at = ? WHERE id = ?")) {
            ps.setLong(1, next.toEpochMilli());
            ps.setString(2, error);
            ps.setLong(3, clock.millis());
            ps.setLong(4, e.id());
            ps.executeUpdate();
        }
        audit.append(c, SYSTEM, "outbox.retry", msgid, "attempt=" + e.attempts() + " next=" + next + " error=" + error);
    }

    /** The message was sent but no answer came: IN_FLIGHT → UNKNOWN. The stream stays latched until it is resolved. */
    public void markUnknown(String msgid, String reason) {
        transition(msgid, EnumSet.of(OutboxState.IN_FLIGHT), OutboxState.UNKNOWN, SYSTEM, "outbox.unknown", reason,
                "last_error = ?", reason);
    }

    void markUnknown(Connection c, String msgid, String reason) throws SQLException {
        transition(c, msgid, EnumSet.of(OutboxState.IN_FLIGHT), OutboxState.UNKNOWN, SYSTEM, "outbox.unknown", reason,
                "last_error = ?", reason);
    }

    /**
     * The outcome of an UNKNOWN message was established (by a reversal 2601 or a status query):
     * UNKNOWN → RESOLVED with {@code resolution} (e.g. "took effect", "reversed").
     */
    public void resolve(String operator, String msgid, String resolution) {
        transition(msgid, EnumSet.of(OutboxState.UNKNOWN), OutboxState.RESOLVED, operator, "outbox.resolve", resolution,
                "resolution = ?", resolution);
    }

    /**
     * An UNKNOWN message that may safely be sent again under its own msgid (the central service answers a
     * repeated msgid from its store and never applies it twice): UNKNOWN → QUEUED, due at once, staying at the
     * head of its stream.
     */
    public void requeueUnknown(String operator, String msgid, String reason) {
        transition(msgid, EnumSet.of(OutboxState.UNKNOWN), OutboxState.QUEUED, operator, "outbox.requeue", reason,
                "next_attempt_at = ?", clock.millis());
    }

    /** Gives up on a message that cannot be delivered; it stays stored and listed in {@link #dead()} until acknowledged. */
    public void markDead(String operator, String msgid, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a dead message needs a reason");
        }
        db.write("move message " + msgid + " to DEAD", c -> {
            markDead(c, operator, msgid, reason);
            return null;
        });
    }

    void markDead(Connection c, String operator, String msgid, String reason) throws SQLException {
        transition(c, msgid, EnumSet.of(OutboxState.QUEUED, OutboxState.IN_FLIGHT, OutboxState.UNKNOWN), OutboxState.DEAD,
                operator, "outbox.dead", reason, "dead_reason = ?", reason);
    }

    /** An operator has seen a dead message and taken it in hand; it leaves the {@link #dead()} list (the row stays). */
    public void acknowledgeDead(String operator, String msgid) {
        db.write("acknowledge dead message " + msgid, c -> {
            OutboxEntry e = require(c, msgid);
            if (e.state() != OutboxState.DEAD) {
                throw new OutboxStateException("message " + msgid + " is " + e.state() + ", not DEAD; only dead messages are acknowledged");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET dead_ack_by = ?, dead_ack_at = ? WHERE id = ?")) {
                ps.setString(1, operator);
                ps.setLong(2, clock.millis());
                ps.setLong(3, e.id());
                ps.executeUpdate();
            }
            audit.append(c, operator, "outbox.dead.ack", msgid, "");
            return null;
        });
    }

    /**
     * A message the central service refused while the operator who sent it waited for the answer (the refusal was
     * shown to them): DEAD with the reason and acknowledged by that operator in the same write, so it is a final
     * outcome that never appears in {@link #dead()} for the supervisor. Audited {@code outbox.refused}.
     */
    public void markRefusedShown(String operator, String msgid, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a refused message needs a reason");
        }
        db.write("record refusal of message " + msgid, c -> {
            markRefusedShown(c, operator, msgid, reason);
            return null;
        });
    }

    void markRefusedShown(Connection c, String operator, String msgid, String reason) throws SQLException {
        OutboxEntry e = require(c, msgid);
        requireState(e, EnumSet.of(OutboxState.IN_FLIGHT), OutboxState.DEAD);
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'DEAD', updated_at = ?,"
                + " dead_reason = ?, dead_ack_by = ?, dead_ack_at = ? WHERE id = ?")) {
            ps.setLong(1, now);
            ps.setString(2, reason);
            ps.setString(3, operator);
            ps.setLong(4, now);
            ps.setLong(5, e.id());
            ps.executeUpdate();
        }
        audit.append(c, operator, "outbox.refused", msgid, reason + " (shown to the operator)");
    }

    /** After a restart: every IN_FLIGHT message may or may not have reached the central service → UNKNOWN. */
    int recoverInFlight() {
        return db.write("recover messages in flight", c -> {
            List<String> inFlight = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT msgid FROM outbox WHERE state = 'IN_FLIGHT' ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inFlight.add(rs.getString(1));
                }
            }
            String reason = "the station stopped while the message was being sent; its outcome must be resolved";
            for (String msgid : inFlight) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'UNKNOWN', last_error = ?, updated_at = ? WHERE msgid = ?")) {
                    ps.setString(1, reason);
                    ps.setLong(2, clock.millis());
                    ps.setString(3, msgid);
                    ps.executeUpdate();
                }
                audit.append(c, SYSTEM, "outbox.unknown", msgid, reason);
            }
            return inFlight.size();
        });
    }

    public Optional<OutboxEntry> find(String msgid) {
        return db.read("read message " + msgid, c -> find(c, msgid));
    }

    /** Messages of unknown outcome, oldest first: each must be resolved before its stream moves on. */
    public List<OutboxEntry> unknown() {
        return list("state = 'UNKNOWN'");
    }

    /** Dead messages not yet acknowledged, oldest first. */
    public List<OutboxEntry> dead() {
        return list("state = 'DEAD' AND dead_ack_by IS NULL");
    }

    /**
     * Messages of one transaction code created in [{@code from}, {@code to}), in every state, oldest first: the
     * station's own record of what it sent (settlements, cancels) for reconciliation and reports.
     */
    public List<OutboxEntry> byInfno(String infno, Instant from, Instant to) {
        return db.read("list " + infno + " messages", c -> {
            List<OutboxEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE infno = ?"
                    + " AND created_at >= ? AND created_at < ? ORDER BY id")) {
                ps.setString(1, infno);
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Up to {@code limit} messages with an id above {@code afterId} whose transaction code is one of {@code infnos},
     * in every state, by id: ids are never reused (AUTOINCREMENT), so a reader that remembers the last id it has
     * finished with (the hospital ledger's replication cursor) sees every later message.
     */
    public List<OutboxEntry> after(long afterId, java.util.Collection<String> infnos, int limit) {
        String marks = String.join(", ", java.util.Collections.nCopies(infnos.size(), "?"));
        return db.read("list messages after " + afterId, c -> {
            List<OutboxEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE id > ? AND infno IN ("
                    + marks + ") ORDER BY id LIMIT ?")) {
                int i = 1;
                ps.setLong(i++, afterId);
                for (String infno : infnos) {
                    ps.setString(i++, infno);
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Every message of {@code stream}, oldest first, in every state. */
    public List<OutboxEntry> stream(String stream) {
        return db.read("list stream " + stream, c -> {
            List<OutboxEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE stream = ? ORDER BY id")) {
                ps.setString(1, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        });
    }

    /** Streams that have a pending message. */
    public Set<String> pendingStreams() {
        return db.read("list pending streams", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT stream FROM outbox WHERE state IN ('QUEUED','IN_FLIGHT','UNKNOWN')");
                 ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out.stream().collect(Collectors.toCollection(java.util.TreeSet::new));
            }
        });
    }

    /** How many messages are in each state. */
    public java.util.Map<OutboxState, Long> countsByState() {
        return db.read("count messages", Outbox::countsByState);
    }

    /**
     * The ids of the messages still to be delivered or whose outcome is unknown (queued, in flight, unknown): what a
     * store must not lose when it is replaced by a backup.
     */
    public Set<String> undeliveredMsgids() {
        return db.read("list undelivered messages", c -> msgids(c, true));
    }

    /** The ids of every message in the outbox, whatever its state. */
    public Set<String> msgids() {
        return db.read("list messages", c -> msgids(c, false));
    }

    static Set<String> msgids(Connection c, boolean undeliveredOnly) throws SQLException {
        Set<String> out = new java.util.HashSet<>();
        String pending = java.util.Arrays.stream(OutboxState.values()).filter(OutboxState::pending)
                .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("SELECT msgid FROM outbox" + (undeliveredOnly
                ? " WHERE state IN (" + pending + ")" : "")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static java.util.Map<OutboxState, Long> countsByState(Connection c) throws SQLException {
        java.util.Map<OutboxState, Long> counts = new java.util.EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM outbox GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(OutboxState.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    /** Offline transactions not yet delivered: count, amount and age of the oldest. */
    public OfflineTotals offlineTotals() {
        return db.read("total the offline queue", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(amount_fen), 0), MIN(created_at)"
                    + " FROM outbox WHERE offline = 1 AND state IN ('QUEUED','IN_FLIGHT','UNKNOWN')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object oldest = rs.getObject(3);
                return new OfflineTotals(rs.getLong(1), Money.ofFen(rs.getLong(2)),
                        oldest == null ? null : Instant.ofEpochMilli(((Number) oldest).longValue()));
            }
        });
    }

    /**
     * The amount of offline transactions of one card made on {@code day} (the station's time zone), in every
     * state: a debit already on the card counts even once delivered.
     */
    public Money cardDailyOfflineAmount(String cardId, LocalDate day) {
        byte[] cardIndex = cipher.index("card", cardId.toUpperCase(java.util.Locale.ROOT));
        long from = day.atStartOfDay(clock.getZone()).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(clock.getZone()).toInstant().toEpochMilli();
        return db.read("total a card's offline amount", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(amount_fen), 0) FROM outbox"
                    + " WHERE offline = 1 AND card_index = ? AND created_at >= ? AND created_at < ?")) {
                ps.setBytes(1, cardIndex);
                ps.setLong(2, from);
                ps.setLong(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Money.ofFen(rs.getLong(1));
                }
            }
        });
    }

    static Duration backoff(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 20));
        Duration d = FIRST_RETRY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    private void transition(String msgid, Set<OutboxState> from, OutboxState to, String operator, String action,
                            String detail, String extraColumn, Object extraValue) {
        db.write("move message " + msgid + " to " + to, c -> {
            transition(c, msgid, from, to, operator, action, detail, extraColumn, extraValue);
            return null;
        });
    }

    private void transition(Connection c, String msgid, Set<OutboxState> from, OutboxState to, String operator,
                            String action, String detail, String extraColumn, Object extraValue) throws SQLException {
        OutboxEntry e = require(c, msgid);
        requireState(e, from, to);
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, updated_at = ?, " + extraColumn + " WHERE id = ?")) {
            ps.setString(1, to.name());
            ps.setLong(2, clock.millis());
            ps.setObject(3, extraValue);
            ps.setLong(4, e.id());
            ps.executeUpdate();
        }
        audit.append(c, operator, action, msgid, detail == null ? "" : detail);
    }

    private static void requireState(OutboxEntry e, Set<OutboxState> from, OutboxState to) {
        if (!from.contains(e.state())) {
            throw new OutboxStateException("message " + e.msgid() + " is " + e.state() + "; it can become " + to
                    + " only from " + from);
        }
    }

    private OutboxEntry require(Connection c, String msgid) throws SQLException {
        return find(c, msgid).orElseThrow(() -> new OutboxStateException("no message " + msgid + " in the outbox"));
    }

    private Optional<OutboxEntry> head(Connection c, String stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE stream = ?"
                + " AND state IN ('QUEUED','IN_FLIGHT','UNKNOWN') ORDER BY id LIMIT 1")) {
            ps.setString(1, stream);
            return one(ps);
        }
    }

    Optional<OutboxEntry> find(Connection c, String msgid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE msgid = ?")) {
            ps.setString(1, msgid);
            return one(ps);
        }
    }

    private List<OutboxEntry> list(String where) {
        return db.read("list messages", c -> {
            List<OutboxEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE " + where + " ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(entry(rs));
                }
            }
            return out;
        });
    }

    private Optional<OutboxEntry> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
        }
    }

    private OutboxEntry entry(ResultSet rs) throws SQLException {
        String msgid = rs.getString(2);
        byte[] response = rs.getBytes(14);
        return new OutboxEntry(rs.getLong(1), msgid, rs.getString(3), rs.getString(4),
                cipher.open("outbox", "payload", msgid, rs.getBytes(5)), rs.getInt(6) == 1,
                Money.ofFen(rs.getLong(7)),
                OutboxState.valueOf(rs.getString(8)), rs.getInt(9), Instant.ofEpochMilli(rs.getLong(10)),
                Instant.ofEpochMilli(rs.getLong(11)), Instant.ofEpochMilli(rs.getLong(12)), rs.getString(13),
                response == null ? null : cipher.open("outbox", "response", msgid, response), rs.getString(15),
                rs.getString(16), rs.getString(17));
    }
}
