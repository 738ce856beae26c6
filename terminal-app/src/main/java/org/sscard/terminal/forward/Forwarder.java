package org.sscard.terminal.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.Flag;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.Reversal;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionOutput;
import org.sscard.store.Outbox;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.store.RecoveryOp;
import org.sscard.store.ReservedMsgids;
import org.sscard.store.ReservedMsgids.Purpose;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.counter.Records;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.CentralOutcome;
import org.sscard.terminal.link.CentralRequest;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.terminal.offline.DeferredSettlement;
import org.sscard.values.Money;

/**
 * Drains the outbox to the central service: per stream in order, one message at a time, each sent with its stored
 * msgid and input through the link's one send path ({@link CentralLink#send}: re-stamped when stale or signed under
 * an older sign-in, signed again; a −4 leads to one new sign-in and one more send), so the central service
 * deduplicates by msgid and accepts a message queued long ago. What happens to a message is {@link CentralOutcome}'s
 * reading, the same as the counter's:
 * <ul>
 * <li>answered (infcode 0): DONE with the response kept;</li>
 * <li>not sent, or HTTP 5xx: queued again with the outbox's back-off (the same msgid is resent later);
 * the pass stops because the link is down;</li>
 * <li>refused with infcode −9 (internal, nothing took effect): queued again;</li>
 * <li>refused with −4 although the link signed in again: queued again; the pass stops;</li>
 * <li>refused with any other infcode: DEAD with the central service's message as reason;</li>
 * <li>timeout, broken connection or an untrustworthy answer: UNKNOWN. C110 and 2208 are sent again under their own
 * msgid ({@link CentralOutcome#resolution}); for the others a 2601 reversal is queued on the
 * {@value #REVERSAL_STREAM} stream (the unknown message latches its own stream). When the reversal is
 * answered, the original is RESOLVED; an offline message (nobody waits at the counter for it) is then queued
 * again under a new msgid, because the transaction already happened on the card or at the counter.</li>
 * <li>a 2601 whose own outcome is unknown is superseded by a new 2601 (a repeated reversal answers the same).</li>
 * </ul>
 * The msgid of each reversal and each re-submission is reserved in the store ({@link ReservedMsgids}) before the
 * message is built, so a restart at any point never creates a second one. The outcome of a message sent is recorded
 * through {@link Records#keep}: if the station database cannot be written it waits in the recovery reserve, and the pass
 * stops (the database catches up before the next write).
 */
public final class Forwarder {
    public static final String REVERSAL_STREAM = "reversal";
    static final String OPERATOR = "forwarder";
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CentralLink link;
    private final StationStore store;
    private final Outbox outbox;
    private final DeferredSettlement deferred;
    private ScheduledFuture<?> schedule;

    public Forwarder(CentralLink link, StationStore store) {
        this.link = link;
        this.store = store;
        this.outbox = store.outbox();
        this.deferred = new DeferredSettlement(link, store);
    }

    /** A message that needs a supervisor: dead (refused) or of unknown outcome not yet resolved. */
    public record Attention(String msgid, String infno, String stream, OutboxState state, int attempts,
                            java.time.Instant createdAt, Money amount, boolean offline, String reason) {
    }

    /** Dead messages not yet acknowledged, oldest first (for the supervisor's screen). */
    public List<Attention> deadMessages() {
        List<Attention> out = new ArrayList<>();
        for (OutboxEntry e : outbox.dead()) {
            out.add(attention(e, e.deadReason()));
        }
        return out;
    }

    /** {@code operator} has taken the dead message {@code msgid} in hand: it leaves {@link #deadMessages()} (audited). */
    public void acknowledgeDead(String operator, String msgid) {
        outbox.acknowledgeDead(operator, msgid);
    }

    /** Messages of unknown outcome still waiting for their reversal, oldest first. */
    public List<Attention> unknownMessages() {
        List<Attention> out = new ArrayList<>();
        for (OutboxEntry e : outbox.unknown()) {
            out.add(attention(e, e.lastError()));
        }
        return out;
    }

    private static Attention attention(OutboxEntry e, String reason) {
        return new Attention(e.msgid(), e.infno(), e.stream(), e.state(), e.attempts(), e.createdAt(), e.amount(),
                e.offline(), reason);
    }

    /**
     * One pass: resolve unknown outcomes, queue the next step of each deferred hospital visit
     * ({@link DeferredSettlement#advance}), then drain every stream as far as it goes; repeated while anything moves.
     */
    public synchronized ForwardReport runOnce() {
        Counter c = new Counter();
        boolean progress = true;
        while (progress && c.stopped == null) {
            progress = resolveUnknowns(c);
            progress |= deferred.advance();
            for (String stream : streamsReversalFirst()) {
                while (c.stopped == null) {
                    Optional<OutboxEntry> next = outbox.claimNext(stream);
                    if (next.isEmpty()) {
                        break;
                    }
                    progress = true;
                    deliver(next.get(), c);
                }
            }
        }
        return new ForwardReport(c.sent, c.delivered, c.retried, c.unknown, c.dead, c.reversalsQueued, c.resolved,
                c.resubmitted, c.stopped);
    }

    /**
     * Runs {@link #runOnce()} every {@code interval} while the monitor does not say offline, and at once when it
     * comes back online. Failures are logged; the next pass tries again.
     */
    public synchronized void start(ScheduledExecutorService executor, LinkMonitor monitor, Duration interval) {
        schedule = executor.scheduleWithFixedDelay(() -> {
            if (monitor.state() != LinkState.OFFLINE) {
                runQuietly();
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        monitor.addListener(state -> {
            if (state == LinkState.ONLINE) {
                executor.execute(this::runQuietly);
            }
        });
    }

    public synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    private void runQuietly() {
        try {
            ForwardReport r = runOnce();
            if (r.sent() > 0 || r.reversalsQueued() > 0) {
                LOG.info("forwarded: {}", LogText.redact(r.toString()));
            }
        } catch (RuntimeException e) {
            LOG.warn("forwarding failed, will try again: {}", LogText.redact(e.getMessage()));
        }
    }

    private List<String> streamsReversalFirst() {
        List<String> streams = new ArrayList<>(outbox.pendingStreams());
        if (streams.remove(REVERSAL_STREAM)) {
            streams.add(0, REVERSAL_STREAM);
        }
        return streams;
    }

    private void deliver(OutboxEntry entry, Counter c) {
        Transaction<?, ?> transaction = Transaction.byInfno("infno", entry.infno());
        String msgid = entry.msgid();
        LinkOutcome<?> outcome;
        try {
            outcome = send(transaction, entry);
        } catch (RuntimeException e) {
            Records.keep(store, "reschedule message " + msgid, new RecoveryOp.Retry(msgid, "not sent: " + e.getMessage()));
            throw e;
        }
        c.sent++;
        CentralOutcome classified = CentralOutcome.of(outcome);
        switch (classified.kind()) {
            case ACCEPTED -> c.delivered++;
            case REFUSED -> c.dead++;
            case IN_DOUBT -> c.unknown++;
            case SIGN_IN_REQUIRED, TRY_AGAIN, NOT_SENT -> c.retried++;
        }
        if (classified.linkDown() || classified.kind() == CentralOutcome.Kind.SIGN_IN_REQUIRED) {
            c.stopped = outcome.message();
        }
        RecoveryOp record = classified.record(msgid, OPERATOR, false);
        Records records = Records.keep(store, "record the outcome of message " + msgid, record);
        if (records != Records.UP_TO_DATE) {
            c.stopped = "the outcome of " + entry.infno() + " " + msgid + " could not be written to the station"
                    + " database: " + records.advice().english();
            return;
        }
        if (outcome instanceof LinkOutcome.Answered<?> a && a.output() instanceof Reversal.Output reversal) {
            reversalAnswered(msgid, entry.payload(), reversal, c);
        }
    }

    private <O extends TransactionOutput> LinkOutcome<O> send(Transaction<?, O> transaction, OutboxEntry entry) {
        return link.send(new CentralRequest<>(transaction, new PreparedMessage(entry.msgid(), entry.infno(), entry.payload())));
    }

    /** For each unknown outcome: make sure exactly one reversal is on its way, or use its answer. */
    private boolean resolveUnknowns(Counter c) {
        boolean changed = false;
        for (OutboxEntry u : outbox.unknown()) {
            CentralOutcome.Resolution resolution = CentralOutcome.resolution(u.infno());
            if (resolution == CentralOutcome.Resolution.RESEND) {
                outbox.requeueUnknown(OPERATOR, u.msgid(), "outcome unknown; " + u.infno()
                        + " is sent again under the same msgid (the central service answers a repeat from its store)");
                changed = true;
                continue;
            }
            if (resolution == CentralOutcome.Resolution.SUPERSEDE) {
                supersedeReversal(u, c);
                changed = true;
                continue;
            }
            String reversalId = store.reservedMsgids().reserve(Purpose.REVERSAL, u.msgid(), link.msgIds()::next);
            Optional<OutboxEntry> reversal = outbox.find(reversalId);
            if (reversal.isEmpty()) {
                JsonNode original = json(u.payload());
                // the central service reverses a message only for its person: 2204 names it in each fee row
                JsonNode in = Transaction.byInfno("infno", u.infno()).inputMembers(original);
                JsonNode person = in.has("psn_no") ? in.path("psn_no") : in.path("feedetail").path(0).path("psn_no");
                String psnNo = person.isTextual() ? person.asText() : null;
                queueReversal(original, new Reversal.Input(psnNo, u.msgid(), u.infno()), reversalId);
                c.reversalsQueued++;
                changed = true;
            } else if (reversal.get().state() == OutboxState.DONE) {
                Reversal.Output out = MessageCodec.readStoredResponse(reversal.get().response(), Transaction.REVERSAL).output();
                reversalAnswered(reversalId, reversal.get().payload(), out, c);
                changed = true;
            }
        }
        return changed;
    }

    private void supersedeReversal(OutboxEntry unknownReversal, Counter c) {
        JsonNode old = json(unknownReversal.payload());
        JsonNode in = Transaction.REVERSAL.inputMembers(old);
        Reversal.Input input = new Reversal.Input(in.path("psn_no").isTextual() ? in.path("psn_no").asText() : null,
                in.path("omsgid").asText(), in.path("oinfno").asText());
        String newId = store.reservedMsgids().reserve(Purpose.SUPERSEDE, unknownReversal.msgid(), link.msgIds()::next);
        if (outbox.find(newId).isEmpty()) {
            queueReversal(old, input, newId);
            c.reversalsQueued++;
        }
        store.reservedMsgids().replace(Purpose.REVERSAL, input.omsgid(), newId);
        outbox.resolve(OPERATOR, unknownReversal.msgid(), "outcome of the reversal unknown; superseded by 2601 " + newId);
        c.resolved++;
    }

    private void queueReversal(JsonNode original, Reversal.Input input, String msgid) {
        Opter opter = new Opter(original.path("opter").asText(), original.path("opter_name").asText());
        String region = original.path("insuplc_admdvs").isTextual() ? original.path("insuplc_admdvs").asText() : null;
        PreparedMessage m = link.prepare(Transaction.REVERSAL, input, opter, region, msgid);
        outbox.enqueue(OPERATOR, new OutboxMessage(m.msgid(), REVERSAL_STREAM, m.infno(), m.body(), false, null, Money.ZERO));
    }

    /** A reversal was answered: resolve the original and, for an offline message, submit it again. */
    private void reversalAnswered(String reversalId, byte[] reversalRequest, Reversal.Output out, Counter c) {
        // the interface's 2601 answer is empty: the original is named by the reversal's own request
        String omsgid = Transaction.REVERSAL.inputMembers(json(reversalRequest)).path("omsgid").asText();
        Optional<OutboxEntry> found = outbox.find(omsgid);
        if (found.isEmpty() || found.get().state() != OutboxState.UNKNOWN) {
            return;
        }
        OutboxEntry original = found.get();
        String resolution = out.tookEffect() == null ? "reversed by 2601 " + reversalId
                + " (the platform does not say whether it had taken effect)" : out.tookEffect() == Flag.YES
                ? "had taken effect; undone by 2601 " + reversalId : "had not taken effect (2601 " + reversalId + ")";
        if (original.offline()) {
            String copyId = store.reservedMsgids().reserve(Purpose.RESUBMIT, original.msgid(), link.msgIds()::next);
            if (outbox.find(copyId).isEmpty()) {
                PreparedMessage copy = link.reissue(original.payload(), copyId);
                // No card id: the debit is already counted once against the card's daily limit by the original.
                outbox.enqueue(OPERATOR, new OutboxMessage(copy.msgid(), original.stream(), copy.infno(), copy.body(),
                        true, null, original.amount()));
                c.resubmitted++;
            }
            resolution += "; submitted again as " + copyId;
        } else {
            resolution += "; the transaction must be done again at the counter";
        }
        outbox.resolve(OPERATOR, original.msgid(), resolution);
        c.resolved++;
    }

    private static JsonNode json(byte[] payload) {
        try {
            return MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("a stored message is not JSON", e);
        }
    }

    private static final class Counter {
        int sent;
        int delivered;
        int retried;
        int unknown;
        int dead;
        int reversalsQueued;
        int resolved;
        int resubmitted;
        String stopped;
    }
}
