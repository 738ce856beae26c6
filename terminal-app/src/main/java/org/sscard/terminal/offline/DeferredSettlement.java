package org.sscard.terminal.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InsuStatus;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.PreSettlement;
import org.sscard.protocol.PsnSetlway;
import org.sscard.protocol.Registration;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.TransactionInput;
import org.sscard.protocol.TransactionOutput;
import org.sscard.store.Outbox;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.store.ReservedMsgids;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.config.Departments;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;

/**
 * Settles the deferred visits when the link is back; called by the forwarder at every round of its pass. Each
 * visit has its own outbox stream {@code deferred.<ref>} and its chain 1101 → 2201 → 2204 → 2206 → 2207 is replayed
 * one message at a time through that stream: this job only <em>queues</em> the next step, built from the stored
 * visit and the stored answers of the earlier steps (psn_no and insutype from 1101, mdtrt_id from 2201, the four
 * amounts of 2206), and the forwarder delivers it like any queued message (re-stamped resend under the same msgid;
 * unknown outcome → 2601 reversal → submitted again under a new msgid, since the messages are offline ones).
 * Crash safety: the msgid of each step is reserved in the store ({@link ReservedMsgids}) before the message is
 * built, and a step is queued only if that msgid is not yet in the outbox; a step is done when one of its messages is DONE, so a
 * restart, a lost answer or a second pass never settles twice. acct_used_flag is 0 (the card is not present: no
 * personal account, no card update). A step refused by the central service (its message DEAD) ends the visit as
 * REFUSED with that reason; a 1101 whose insurance is not in force too.
 */
public final class DeferredSettlement {
    public static final String STREAM_PREFIX = "deferred.";
    static final String OPERATOR = "forwarder";
    private static final Logger LOG = LoggerFactory.getLogger(DeferredSettlement.class);

    private final CentralLink link;
    private final StationStore store;
    private final Outbox outbox;

    public DeferredSettlement(CentralLink link, StationStore store) {
        this.link = link;
        this.store = store;
        this.outbox = store.outbox();
    }

    public static String streamOf(String ref) {
        return STREAM_PREFIX + ref;
    }

    /**
     * One round over the visits not yet settled or refused, oldest first (after recording cancels of settled visits
     * and pruning finished ones, see {@link DeferredVisits#list}): queues the next step of each whose stream
     * has nothing pending, records a settlement or a refusal. Returns whether anything changed. A visit that cannot
     * move (e.g. not signed in, so nothing can be prepared) is logged and tried again at the next round.
     */
    public boolean advance() {
        java.time.Clock clock = store.config().clock();
        try {
            DeferredVisits.recordCancels(store, clock);
            DeferredVisits.prune(store, clock);
        } catch (RuntimeException e) {
            LOG.warn("deferred visits: cancels or pruning could not be recorded, will try again: {}", LogText.redact(e.getMessage()));
        }
        boolean changed = false;
        for (DeferredVisit v : DeferredJournal.inStates(store, java.util.EnumSet.of(DeferredState.QUEUED,
                DeferredState.SETTLING))) {
            try {
                changed |= advance(v);
            } catch (RuntimeException e) {
                LOG.warn("deferred visit {}: the next step could not be queued, will try again: {}", v.ref(),
                        LogText.redact(e.getMessage()));
            }
        }
        return changed;
    }

    private boolean advance(DeferredVisit v) {
        String stream = streamOf(v.ref());
        List<OutboxEntry> entries = outbox.stream(stream);
        if (entries.stream().anyMatch(e -> e.state() == OutboxState.QUEUED || e.state() == OutboxState.IN_FLIGHT
                || e.state() == OutboxState.UNKNOWN)) {
            return false;
        }
        Step<PersonInfo.Input, PersonInfo.Output> person = step(v, entries, Transaction.PERSON_INFO);
        if (!person.done()) {
            return person.next(v.insuredRegion(), () -> new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD,
                    v.cardNo(), v.cardSn(), null));
        }
        PersonInfo.InsuInfo insurance = person.output().insuinfo().get(0);
        if (insurance.psnInsuStas() != null && insurance.psnInsuStas() != InsuStatus.NORMAL) {
            return refuse(v, Problem.of(Reason.DEFERRED_REFUSED_INSURANCE, insurance.psnInsuStas().code()));
        }
        String psnNo = person.output().baseinfo().psnNo();
        String region = insurance.insuplcAdmdvs();
        Step<Registration.Input, Registration.Output> registration = step(v, entries, Transaction.REGISTRATION);
        if (!registration.done()) {
            return registration.next(region, () -> {
                Departments departments = link.config().departments();
                Departments.Department dept = Counter.department(departments, v.deptCode());
                return new Registration.Input(psnNo, insurance.insutype(), v.visitTime(),
                        MdtrtCertType.SOCIAL_SECURITY_CARD, v.cardNo(), "OTP" + v.ref(),
                        Counter.doctorCode(departments, v.doctorName()), v.doctorName(), dept.code(), dept.name(),
                        dept.caty());
            });
        }
        String mdtrtId = registration.output().mdtrtId();
        DeferredVisit visit = mdtrtId.equals(v.mdtrtId()) ? v
                : DeferredJournal.update(store, v.ref(), x -> x.registered(mdtrtId));
        String batch = mdtrtId + "-1";
        Step<FeeUpload.Input, FeeUpload.Output> fees = step(v, entries, Transaction.FEE_UPLOAD);
        if (!fees.done()) {
            return fees.next(region, () -> {
                Departments departments = link.config().departments();
                Departments.Department dept = Counter.department(departments, visit.deptCode());
                String doctorCode = Counter.doctorCode(departments, visit.doctorName());
                List<FeeUpload.FeeDetail> details = new ArrayList<>();
                for (DeferredVisit.Item i : visit.items()) {
                    details.add(FeeUpload.FeeDetail.billed(String.valueOf(i.serial()), mdtrtId, psnNo, batch,
                            visit.visitTime(), i.nationalCode(), i.localCode(), i.amount(), i.count(),
                            i.price(), dept.code(), dept.name(), doctorCode, visit.doctorName()));
                }
                return new FeeUpload.Input(details);
            });
        }
        Step<PreSettlement.Input, SettlementResult> preSettlement = step(v, entries, Transaction.PRE_SETTLEMENT);
        if (!preSettlement.done()) {
            return preSettlement.next(region, () -> new PreSettlement.Input(psnNo, MdtrtCertType.SOCIAL_SECURITY_CARD,
                    visit.cardNo(), MedType.OUTPATIENT, visit.total(), PsnSetlway.BY_ITEM, mdtrtId, batch,
                    Flag.NO, insurance.insutype()));
        }
        SettlementResult.SetlInfo p = preSettlement.output().setlinfo();
        Step<Settlement.Input, SettlementResult> settlement = step(v, entries, Transaction.SETTLEMENT);
        if (!settlement.done()) {
            return settlement.next(region, () -> new Settlement.Input(psnNo,
                    MdtrtCertType.SOCIAL_SECURITY_CARD, visit.cardNo(), MedType.OUTPATIENT, p.medfeeSumamt(),
                    PsnSetlway.BY_ITEM, mdtrtId, batch, Flag.NO, insurance.insutype(), p.fulamtOwnpayAmt(),
                    p.overlmtSelfpay(), p.preselfpayAmt(), p.inscpScpAmt(), null));
        }
        SettlementResult.SetlInfo s = settlement.output().setlinfo();
        SettledRecords.keepHolder(store, mdtrtId, s.setlId(), v.holderName());
        DeferredJournal.update(store, v.ref(), x -> x.settled(s.setlId(), s.fundPaySumamt(), s.setlTime()));
        store.audit().record(OPERATOR, "deferred.settled", v.ref(), "mdtrt_id=" + mdtrtId + " setl_id=" + s.setlId()
                + " medfee=" + s.medfeeSumamt() + " fund=" + s.fundPaySumamt() + " refund due=" + s.fundPaySumamt());
        LOG.info("deferred visit {} settled as {}; refund due {} yuan", v.ref(), s.setlId(), s.fundPaySumamt());
        return true;
    }

    /** The state of one step of a visit's chain, from the messages of its stream. */
    private <I extends TransactionInput, O extends TransactionOutput> Step<I, O> step(DeferredVisit v,
            List<OutboxEntry> entries, Transaction<I, O> transaction) {
        OutboxEntry done = null;
        OutboxEntry dead = null;
        for (OutboxEntry e : entries) {
            if (e.infno().equals(transaction.infno())) {
                if (e.state() == OutboxState.DONE) {
                    done = e;
                } else if (e.state() == OutboxState.DEAD) {
                    dead = e;
                }
            }
        }
        return new Step<>(v, transaction, Optional.ofNullable(done)
                .map(e -> MessageCodec.readStoredResponse(e.response(), transaction).output()).orElse(null), dead);
    }

    private final class Step<I extends TransactionInput, O extends TransactionOutput> {
        private final DeferredVisit visit;
        private final Transaction<I, O> transaction;
        private final O output;
        private final OutboxEntry dead;

        Step(DeferredVisit visit, Transaction<I, O> transaction, O output, OutboxEntry dead) {
            this.visit = visit;
            this.transaction = transaction;
            this.output = output;
            this.dead = dead;
        }

        boolean done() {
            return output != null;
        }

        O output() {
            return output;
        }

        /** Queues this step (once), or ends the visit as REFUSED when its message was refused. */
        boolean next(String region, Supplier<I> input) {
            if (dead != null) {
                return refuse(visit, Problem.of(Reason.DEFERRED_REFUSED_MESSAGE, transaction.infno(), dead.msgid(),
                        dead.deadReason()));
            }
            String msgid = store.reservedMsgids().reserve(ReservedMsgids.Purpose.DEFERRED_STEP,
                    visit.ref() + "." + transaction.infno(), link.msgIds()::next);
            boolean queuedNow = outbox.find(msgid).isEmpty();
            if (queuedNow) {
                PreparedMessage m = link.prepare(transaction, input.get(), new Opter(visit.operator(), visit.operatorName()),
                        region, msgid);
                // Offline (nobody waits at a counter: an unknown outcome is reversed and submitted again), no card id
                // and amount 0: the visit's total already counts toward the queue limits through the journal.
                outbox.enqueue(OPERATOR, new OutboxMessage(m.msgid(), streamOf(visit.ref()), m.infno(), m.body(), true,
                        null, Money.ZERO));
            }
            if (visit.state() == DeferredState.QUEUED) {
                DeferredJournal.update(store, visit.ref(), DeferredVisit::settling);
                store.audit().record(OPERATOR, "deferred.settling", visit.ref(), "chain started: " + transaction.infno()
                        + " " + msgid);
                return true;
            }
            // Not queued now: the step's message exists but is neither done, pending nor dead (e.g. resolved by a
            // reversal whose re-submission is not there): the visit waits, and this round reports no progress.
            return queuedNow;
        }
    }

    private boolean refuse(DeferredVisit v, Problem reason) {
        DeferredJournal.update(store, v.ref(), x -> x.refused(reason));
        store.audit().record(OPERATOR, "deferred.refused", v.ref(), reason.english());
        LOG.warn("deferred visit {} refused: {}", v.ref(), LogText.redact(reason.english()));
        return true;
    }
}
