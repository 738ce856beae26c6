package org.sscard.terminal.link;

import java.util.Set;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxState;
import org.sscard.store.RecoveryOp;

/**
 * The one reading of what became of a message, for everything that keeps messages in the outbox (the counter's
 * durable sends, the forwarder): what it means, which outbox state it leads to, whether the link is down, and how a
 * message of unknown outcome is settled. The table is in docs/terminal.md §2.
 */
public record CentralOutcome(Kind kind, LinkOutcome<?> outcome) {
    public enum Kind {
        /** infcode 0: took effect / answered */
        ACCEPTED,
        /** a signed refusal: nothing took effect, and sending it again would be refused again */
        REFUSED,
        /** −4 even after the link signed in again: nothing took effect; it goes again once the station is signed in */
        SIGN_IN_REQUIRED,
        /**
         * −9 (a central fault, nothing took effect) or HTTP 5xx (the platform failed; if it did book the message, it
         * answers a repeat of the msgid from its store): the same msgid goes again later
         */
        TRY_AGAIN,
        /** the connection failed before any byte was written: certainly not received */
        NOT_SENT,
        /** may have taken effect (no answer in time, connection broken, an answer that cannot be trusted) */
        IN_DOUBT
    }

    /** How a message whose outcome is in doubt is settled. */
    public enum Resolution {
        /** sent again under the same msgid: the central service books it once and answers a repeat from its store */
        RESEND,
        /** a reversal (2601) establishes whether it took effect and undoes it if it did */
        REVERSE,
        /** a reversal in doubt is replaced by a new one for the same original (a repeated reversal answers the same) */
        SUPERSEDE
    }

    /**
     * Transactions whose unknown outcome is settled by sending the same msgid again rather than by a 2601 (which the
     * central service refuses for them): C110 records are booked once per msgid and once per (term_id, term_seq); a
     * 2208 is answered from the central's store when repeated and a settlement can be cancelled only once.
     */
    private static final Set<String> RESENDABLE = Set.of(Transaction.OFFLINE_DEBITS.infno(),
            Transaction.SETTLEMENT_CANCEL.infno());

    public static CentralOutcome of(LinkOutcome<?> outcome) {
        Kind kind;
        if (outcome instanceof LinkOutcome.Answered<?>) {
            kind = Kind.ACCEPTED;
        } else if (outcome instanceof LinkOutcome.Refused<?> r) {
            kind = switch (r.code()) {
                case INTERNAL -> Kind.TRY_AGAIN;
                case SIGN_IN_REQUIRED -> Kind.SIGN_IN_REQUIRED;
                default -> Kind.REFUSED;
            };
        } else if (outcome instanceof LinkOutcome.NotSent<?>) {
            kind = Kind.NOT_SENT;
        } else {
            kind = ((LinkOutcome.Unknown<?>) outcome).cause() == LinkOutcome.UnknownCause.SERVER_ERROR
                    ? Kind.TRY_AGAIN : Kind.IN_DOUBT;
        }
        return new CentralOutcome(kind, outcome);
    }

    /** How a message of {@code infno} whose outcome is in doubt is settled. */
    public static Resolution resolution(String infno) {
        if (Transaction.REVERSAL.infno().equals(infno)) {
            return Resolution.SUPERSEDE;
        }
        return RESENDABLE.contains(infno) ? Resolution.RESEND : Resolution.REVERSE;
    }

    /**
     * True when the central service cannot be reached now: nothing sent, no answer in time, the connection broken or
     * HTTP 5xx (an untrustworthy answer is not: the link works).
     */
    public boolean linkDown() {
        return outcome instanceof LinkOutcome.NotSent<?>
                || outcome instanceof LinkOutcome.Unknown<?> u && u.cause() != LinkOutcome.UnknownCause.BAD_RESPONSE;
    }

    /** The outbox state a message sent with this outcome is left in. */
    public OutboxState outboxState() {
        return switch (kind) {
            case ACCEPTED -> OutboxState.DONE;
            case REFUSED -> OutboxState.DEAD;
            case SIGN_IN_REQUIRED, TRY_AGAIN, NOT_SENT -> OutboxState.QUEUED;
            case IN_DOUBT -> OutboxState.UNKNOWN;
        };
    }

    /**
     * The outbox record of this outcome for message {@code msgid}: the answer kept, queued again with the reason,
     * marked unknown, or dead with the central service's reason, by {@code operator}: acknowledged at once when the
     * refusal was shown to them ({@code refusalShown}), else a dead message for the supervisor.
     */
    public RecoveryOp record(String msgid, String operator, boolean refusalShown) {
        return switch (kind) {
            case ACCEPTED -> new RecoveryOp.Done(msgid, ((LinkOutcome.Answered<?>) outcome).body());
            case REFUSED -> refusalShown ? new RecoveryOp.RefusedShown(operator, msgid, refusalReason())
                    : new RecoveryOp.Dead(operator, msgid, refusalReason());
            case SIGN_IN_REQUIRED, TRY_AGAIN, NOT_SENT -> new RecoveryOp.Retry(msgid, reason());
            case IN_DOUBT -> new RecoveryOp.Unknown(msgid, reason());
        };
    }

    private String reason() {
        if (outcome instanceof LinkOutcome.NotSent<?> n) {
            return n.reason();
        }
        if (outcome instanceof LinkOutcome.Unknown<?> u) {
            return u.reason();
        }
        return outcome.message();
    }

    private String refusalReason() {
        LinkOutcome.Refused<?> r = (LinkOutcome.Refused<?>) outcome;
        InfCode code = r.code();
        return "infcode " + code.code() + " (" + code.description() + "): " + r.errMsg();
    }
}
