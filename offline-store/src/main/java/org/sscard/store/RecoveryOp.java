package org.sscard.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.sscard.values.Money;

/**
 * One change of the station store that must not be lost because the store could not be written at the moment it
 * happened (money had already moved): {@link Recovery#record} applies it at once or keeps it in the recovery
 * reserve until the store can take it. Applied at once, the outbox's normal rules hold; applied late (from the
 * reserve), a change the store has meanwhile overtaken (the message no longer in a state it leaves) is skipped and
 * audited.
 */
public sealed interface RecoveryOp {
    /** Applies this change inside a write transaction ({@code late}: from the reserve). */
    void apply(Connection c, Stores s, boolean late) throws SQLException;

    /** A short description for logs and the audit log (no payload, no personal data). */
    String describe();

    void write(DataOutputStream out) throws IOException;

    /** The outbox message this change moves, and the states it moves it from when applied late; null otherwise. */
    default Set<OutboxState> lateFrom() {
        return null;
    }

    default String msgid() {
        return null;
    }

    /** The parts of the store a change touches. */
    record Stores(Outbox outbox, Settings settings, AuditLog audit, Visits visits) {
    }

    /**
     * Why this change is skipped when applied late (the message has left the states it is moved from), or empty.
     */
    default Optional<String> overtaken(Connection c, Outbox outbox) throws SQLException {
        if (lateFrom() == null) {
            return Optional.empty();
        }
        OutboxState state = outbox.find(c, msgid()).map(OutboxEntry::state).orElse(null);
        return state != null && lateFrom().contains(state) ? Optional.empty()
                : Optional.of("message " + msgid() + " is " + (state == null ? "not in the outbox" : state));
    }

    /** The central service answered the message: DONE with its answer. */
    record Done(String msgid, byte[] response) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.outbox().markDone(c, msgid, response, late ? lateFrom() : EnumSet.of(OutboxState.IN_FLIGHT));
        }

        @Override
        public Set<OutboxState> lateFrom() {
            return EnumSet.of(OutboxState.IN_FLIGHT, OutboxState.UNKNOWN);
        }

        @Override
        public String describe() {
            return "message " + msgid + " DONE";
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(1);
            out.writeUTF(msgid);
            bytes(out, response);
        }
    }

    /** The message certainly did not reach the central service: QUEUED again. */
    record Retry(String msgid, String error) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.outbox().markRetry(c, msgid, error);
        }

        @Override
        public Set<OutboxState> lateFrom() {
            return EnumSet.of(OutboxState.IN_FLIGHT);
        }

        @Override
        public String describe() {
            return "message " + msgid + " QUEUED again";
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(2);
            out.writeUTF(msgid);
            text(out, error);
        }
    }

    /** Sent without an answer: UNKNOWN. */
    record Unknown(String msgid, String reason) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.outbox().markUnknown(c, msgid, reason);
        }

        @Override
        public Set<OutboxState> lateFrom() {
            return EnumSet.of(OutboxState.IN_FLIGHT);
        }

        @Override
        public String describe() {
            return "message " + msgid + " UNKNOWN";
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(3);
            out.writeUTF(msgid);
            text(out, reason);
        }
    }

    /** Refused while the operator waited (shown to them): DEAD, acknowledged by them. */
    record RefusedShown(String operator, String msgid, String reason) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.outbox().markRefusedShown(c, operator, msgid, reason);
        }

        @Override
        public Set<OutboxState> lateFrom() {
            return EnumSet.of(OutboxState.IN_FLIGHT);
        }

        @Override
        public String describe() {
            return "message " + msgid + " refused";
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(4);
            out.writeUTF(operator);
            out.writeUTF(msgid);
            text(out, reason);
        }
    }

    /** Refused to the forwarder: DEAD, for the supervisor. */
    record Dead(String operator, String msgid, String reason) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.outbox().markDead(c, operator, msgid, reason);
        }

        @Override
        public Set<OutboxState> lateFrom() {
            return EnumSet.of(OutboxState.QUEUED, OutboxState.IN_FLIGHT, OutboxState.UNKNOWN);
        }

        @Override
        public String describe() {
            return "message " + msgid + " DEAD";
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(5);
            out.writeUTF(operator);
            out.writeUTF(msgid);
            text(out, reason);
        }
    }

    /** A message to queue (e.g. the C110 of a debit the card has made); queueing it again changes nothing. */
    record Enqueue(String operator, OutboxMessage message) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.outbox().enqueue(c, operator, message);
        }

        /** Late, a message already stored under the msgid (queued since, e.g. prepared again) is kept as it is. */
        @Override
        public Optional<String> overtaken(Connection c, Outbox outbox) throws SQLException {
            return outbox.find(c, message.msgid()).map(e -> "message " + e.msgid() + " is already queued");
        }

        @Override
        public String describe() {
            return "message " + message.msgid() + " queued";
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(6);
            out.writeUTF(operator);
            out.writeUTF(message.msgid());
            out.writeUTF(message.stream());
            out.writeUTF(message.infno());
            bytes(out, message.payload());
            out.writeBoolean(message.offline());
            text(out, message.cardId());
            out.writeLong(message.amount().fen());
        }
    }

    /**
     * A sealed station-state value. Reserves written before schema 6 hold visits' finished marks and card values this
     * way; those go to their tables.
     */
    record SealedState(String key, String value) implements RecoveryOp {
        private static final String VISIT = "state.visit.";
        private static final String FINISHED = ".finished";
        private static final String CARD_UPDATE = "state.card_update.";

        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            if (key.startsWith(VISIT) && key.endsWith(FINISHED)) {
                s.visits().finish(c, key.substring(VISIT.length(), key.length() - FINISHED.length()), value);
            } else if (key.startsWith(CARD_UPDATE)) {
                String[] f = value.split("\\|", -1);
                s.visits().putCardTarget(c, key.substring(CARD_UPDATE.length()), new Visits.CardTarget(f[0],
                        Money.ofFen(Long.parseLong(f[1])), Money.ofFen(Long.parseLong(f[2])),
                        java.time.LocalDate.parse(f[3])));
            } else {
                s.settings().putSealedState(c, key, value);
            }
        }

        @Override
        public String describe() {
            return "state " + key;
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(7);
            out.writeUTF(key);
            text(out, value);
        }
    }

    /** A visit's finished mark (setl_id and the holder's name): the card was updated and the receipt made. */
    record VisitFinished(String mdtrtId, String mark) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.visits().finish(c, mdtrtId, mark);
        }

        @Override
        public String describe() {
            return "visit " + mdtrtId + " finished";
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(9);
            out.writeUTF(mdtrtId);
            text(out, mark);
        }
    }

    /** The card values fixed for a settlement ({@link Visits#fixCardTarget}). */
    record CardTargetFixed(String setlId, Visits.CardTarget target) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.visits().putCardTarget(c, setlId, target);
        }

        @Override
        public String describe() {
            return "card values of settlement " + setlId;
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(10);
            out.writeUTF(setlId);
            text(out, target.cardNo());
            out.writeLong(target.balance().fen());
            out.writeLong(target.yearToDate().fen());
            out.writeUTF(target.date().toString());
        }
    }

    /** An audit entry. */
    record Audit(String operator, String action, String subject, String detail) implements RecoveryOp {
        @Override
        public void apply(Connection c, Stores s, boolean late) throws SQLException {
            s.audit().append(c, operator, action, subject, late ? detail + " (recorded late, from the recovery reserve)"
                    : detail);
        }

        @Override
        public String describe() {
            return "audit " + action;
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeByte(8);
            out.writeUTF(operator);
            out.writeUTF(action);
            text(out, subject);
            text(out, detail);
        }
    }

    static RecoveryOp read(DataInputStream in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case 1:
                return new Done(in.readUTF(), bytes(in));
            case 2:
                return new Retry(in.readUTF(), text(in));
            case 3:
                return new Unknown(in.readUTF(), text(in));
            case 4:
                return new RefusedShown(in.readUTF(), in.readUTF(), text(in));
            case 5:
                return new Dead(in.readUTF(), in.readUTF(), text(in));
            case 6:
                String operator = in.readUTF();
                return new Enqueue(operator, new OutboxMessage(in.readUTF(), in.readUTF(), in.readUTF(), bytes(in),
                        in.readBoolean(), text(in), Money.ofFen(in.readLong())));
            case 7:
                return new SealedState(in.readUTF(), text(in));
            case 8:
                return new Audit(in.readUTF(), in.readUTF(), text(in), text(in));
            case 9:
                return new VisitFinished(in.readUTF(), text(in));
            case 10:
                return new CardTargetFixed(in.readUTF(), new Visits.CardTarget(text(in), Money.ofFen(in.readLong()),
                        Money.ofFen(in.readLong()),
                        java.time.LocalDate.parse(in.readUTF())));
            default:
                throw new IOException("unknown recovery change " + tag);
        }
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        return n < 0 ? null : in.readNBytes(n);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        bytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] b = bytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
