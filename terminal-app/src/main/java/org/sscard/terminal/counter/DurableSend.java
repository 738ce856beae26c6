package org.sscard.terminal.counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;
import org.sscard.store.Outbox;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.store.RecoveryOp;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.CentralOutcome;
import org.sscard.terminal.link.CentralRequest;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;

/**
 * Sends a settlement-relevant message the way docs/terminal.md requires: {@code CentralLink.prepare} →
 * {@code outbox.enqueueClaimed} (queued and claimed in one fsynced write) → {@code send} (the link's one send path,
 * which also signs in again on −4 and sends the same msgid once more), then records the outcome in the outbox as
 * {@link CentralOutcome} reads it, the same reading as the forwarder's: answered → DONE (the response kept sealed);
 * refused → DEAD with the central service's reason (nothing took effect), acknowledged at once by the operator who
 * sent it, since the refusal is shown to them ({@code Outbox.markRefusedShown}: a final outcome, not in the
 * supervisor's dead-message list); not sent, −9,
 * −4 still after a new sign-in, or HTTP 5xx → QUEUED again (the same msgid goes again, by the counter's retry or the
 * forwarder; the central service never applies one msgid twice); timeout, broken connection or an untrustworthy
 * answer → UNKNOWN, which latches the stream until the forwarder's 2601 resolves it. Once the message was sent,
 * its outcome is recorded through {@link Records#keep}, with the step's own records when it was answered (one
 * commit): if the station database cannot be written, it goes to the recovery reserve instead and the outcome stands
 * ({@link Result#records()}).
 */
final class DurableSend {
    private static final Logger LOG = LoggerFactory.getLogger(DurableSend.class);
    private final CentralLink link;
    private final StationStore store;
    private final Outbox outbox;

    DurableSend(CentralLink link, StationStore store) {
        this.link = link;
        this.store = store;
        this.outbox = store.outbox();
    }

    /** The outcome, the outbox state it left (or leaves once the reserve is entered) and where that is recorded. */
    record Result<O extends TransactionOutput>(String msgid, LinkOutcome<O> outcome, OutboxState state, Records records) {
        Optional<O> output() {
            return outcome instanceof LinkOutcome.Answered<O> a ? Optional.of(a.output()) : Optional.empty();
        }
    }

    /**
     * Queues the message already claimed (one write) and sends it; {@code withAnswer} gives the changes recorded in
     * the outcome's write when the central service answers (the step's own records, so they share its commit).
     */
    <I extends TransactionInput, O extends TransactionOutput> Result<O> send(Transaction<I, O> transaction, I input,
            Opter opter, String region, String stream, Money amount, String cardId,
            Function<O, List<RecoveryOp>> withAnswer) {
        return sendQueued(transaction, enqueue(transaction, input, opter, region, stream, amount, cardId),
                opter.id(), withAnswer);
    }

    /**
     * Prepares the message and writes it to the outbox (fsynced) without sending it, claimed for sending in the same
     * write when it is the head of its stream ({@link Outbox#enqueueClaimed}); returns the stored entry.
     */
    <I extends TransactionInput, O extends TransactionOutput> OutboxEntry enqueue(Transaction<I, O> transaction,
            I input, Opter opter, String region, String stream, Money amount, String cardId) {
        PreparedMessage m = link.prepare(transaction, input, opter, region);
        return outbox.enqueueClaimed(opter.id(), new OutboxMessage(m.msgid(), stream, m.infno(), m.body(), false,
                cardId, amount));
    }

    /** Sends an entry {@link #enqueue} stored: at once if it was claimed there, else as {@link #sendHead}. */
    <O extends TransactionOutput> Result<O> sendQueued(Transaction<?, O> transaction, OutboxEntry queued,
            String operator, Function<O, List<RecoveryOp>> withAnswer) {
        if (queued.state() != OutboxState.IN_FLIGHT) {
            return sendHead(transaction, queued.stream(), queued.msgid(), operator, withAnswer);
        }
        return transmit(transaction, queued, operator, withAnswer);
    }

    /** Claims the head of {@code stream}, which must be {@code msgid}, and sends its stored bytes. */
    <O extends TransactionOutput> Result<O> sendHead(Transaction<?, O> transaction, String stream, String msgid,
            String operator, Function<O, List<RecoveryOp>> withAnswer) {
        Optional<OutboxEntry> claimed = outbox.claimNext(stream);
        if (claimed.isEmpty() || !claimed.get().msgid().equals(msgid)) {
            claimed.ifPresent(e -> outbox.markRetry(e.msgid(), "claimed out of turn by the counter"));
            OutboxState state = outbox.find(msgid).map(OutboxEntry::state).orElseThrow();
            throw new CounterException(Reason.MESSAGE_OUT_OF_TURN, msgid, state);
        }
        return transmit(transaction, claimed.get(), operator, withAnswer);
    }

    private <O extends TransactionOutput> Result<O> transmit(Transaction<?, O> transaction, OutboxEntry entry,
            String operator, Function<O, List<RecoveryOp>> withAnswer) {
        String msgid = entry.msgid();
        LinkOutcome<O> outcome;
        try {
            outcome = link.send(new CentralRequest<>(transaction, new PreparedMessage(entry.msgid(), entry.infno(),
                    entry.payload())));
        } catch (RuntimeException e) {
            Records.keep(store, "reschedule message " + msgid, new RecoveryOp.Retry(msgid, "not sent: " + e.getMessage()));
            throw new CounterException(Problem.of(Reason.MESSAGE_NOT_SENT, msgid, e.getMessage()), e);
        }
        CentralOutcome classified = CentralOutcome.of(outcome);
        List<RecoveryOp> changes = new ArrayList<>();
        changes.add(classified.record(msgid, operator, true));
        if (outcome instanceof LinkOutcome.Answered<O> a) {
            try {
                changes.addAll(withAnswer.apply(a.output()));
            } catch (RuntimeException e) {
                LOG.warn("the step's records for message {} are left to the step itself: {}", msgid,
                        LogText.redact(String.valueOf(e.getMessage())));
            }
        }
        Records records = Records.keep(store, "record the outcome of message " + msgid,
                changes.toArray(RecoveryOp[]::new));
        return new Result<>(msgid, outcome, classified.outboxState(), records);
    }
}
