package org.sscard.terminal.counter;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.card.SmartCardException;
import org.sscard.card.session.MedicalData;
import org.sscard.card.session.SettlementEntry;
import org.sscard.crypto.CryptoException;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.Flag;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.PreSettlement;
import org.sscard.protocol.PsnSetlway;
import org.sscard.protocol.Registration;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.SettlementCancel;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.RecoveryOp;
import org.sscard.store.StationStore;
import org.sscard.store.StoreException;
import org.sscard.store.Visits.CardTarget;
import org.sscard.terminal.LogText;
import org.sscard.terminal.card.Credential;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.config.Departments;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.values.Money;

/**
 * The online counter: hospital visits (med_type 11) and pharmacy sales (41) from the presented card to the receipt,
 * and cancels (2208). See docs/terminal.md "Counter workflows" for the states. Every step is authorised through
 * {@link Authorizer#require} (VISIT or PHARMACY_SALE; CANCEL_OWN_SETTLEMENT / CANCEL_ANY_SETTLEMENT) and audited.
 */
public final class Counter {
    static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final Logger LOG = LoggerFactory.getLogger(Counter.class);

    private final StationConfig config;
    private final StationStore store;
    private final CentralLink link;
    private final Authorizer authorizer;
    private final Clock clock;
    private final ItemPricing pricing;
    private final DurableSend durable;
    private final SettledRecords records;
    private final Shifts shifts;
    private final OpenVisits openVisits;
    private volatile StepListener steps = (step, mdtrtId) -> { };

    /** The durable points of a visit, in order, each reported once it is behind the station. */
    public enum Step {
        /** 2201 answered; the med_type is in the store. */
        REGISTERED,
        /** 2204 answered and DONE in the outbox. */
        FEES_UPLOADED,
        /** 2206 answered (nothing stored). */
        PRE_SETTLED,
        /** 2207 in the outbox, claimed for sending (IN_FLIGHT) in the same write, not yet sent. */
        SETTLEMENT_QUEUED,
        /** 2207 answered and DONE in the outbox; the card is not yet updated. */
        SETTLEMENT_ANSWERED,
        /** The card's medical EF05 (balance, year-to-date, date) written; the EF08 record not yet appended. */
        CARD_BALANCE_WRITTEN,
        /** The card's medical data updated; the receipt and the visit's finished mark not yet made. */
        CARD_UPDATED
    }

    /** Observes a visit's steps (monitoring, timing). Called on the counter's thread; must not block. */
    @FunctionalInterface
    public interface StepListener {
        void reached(Step step, String mdtrtId);
    }

    public Counter(StationConfig config, StationStore store, CentralLink link, Authorizer authorizer, Clock clock) {
        this.config = config;
        this.store = store;
        this.link = link;
        this.authorizer = authorizer;
        this.clock = clock;
        this.pricing = new ItemPricing(store.catalog());
        this.durable = new DurableSend(link, store);
        this.records = new SettledRecords(store, clock);
        this.shifts = new Shifts(store, clock);
        this.openVisits = new OpenVisits(store, clock);
    }

    /** Replaces the step listener (by default none). */
    public void onStep(StepListener listener) {
        this.steps = java.util.Objects.requireNonNull(listener, "listener");
    }

    private static Permission permissionFor(MedType medType) {
        return medType == MedType.PHARMACY ? Permission.PHARMACY_SALE : Permission.VISIT;
    }

    /** The station's departments and doctors (its settings), that a visit is registered with. */
    public Departments departments() {
        return config.departments();
    }

    /**
     * Checks the whole basket against the station catalog (see {@link ItemPricing}); needs no card and sends nothing,
     * so a front end calls it as soon as it has the items.
     *
     * @throws CounterException naming every problem (the first twenty, then a count)
     */
    public Basket basket(List<CounterItem> items) {
        return pricing.price(items);
    }

    /**
     * 2201: opens the visit (or sale) for the holder of the presented card or 医保码, with the basket that
     * {@link #basket} passed: a visit is registered at the central service only for items it can be charged.
     */
    public Visit register(Credential credential, MedType medType, String deptCode, String doctorName, Basket basket) {
        java.util.Objects.requireNonNull(basket, "basket");
        String ref = auditRef(credential);
        Session s = authorizer.requireForStep(permissionFor(medType), ref);
        Departments.Department dept = department(config.departments(), deptCode);
        String doctorCode = doctorCode(config.departments(), doctorName);
        String now = LocalDateTime.now(clock).format(WIRE_TIME);
        Registration.Input input = new Registration.Input(credential.personNumber(), credential.insurance().insutype(), now,
                credential.certType(), credential.certNumber(), link.msgIds().nextReference("OTP"), doctorCode,
                doctorName, dept.code(), dept.name(), dept.caty());
        LinkOutcome<Registration.Output> outcome = link.call(Transaction.REGISTRATION, input, s.opter());
        if (!(outcome instanceof LinkOutcome.Answered<Registration.Output> a)) {
            store.audit().record(s.operatorId(), "visit.register.failed", ref, outcome.message());
            throw new CounterException(outcome instanceof LinkOutcome.Refused<Registration.Output> r
                    ? Problem.of(Reason.CENTRAL_REFUSED, r.operatorMessage())
                    : Problem.of(Reason.REGISTRATION_NO_ANSWER, outcome.message()));
        }
        Visit v = new Visit(credential, medType, a.output().mdtrtId(), s.operatorId());
        v.batch(v.mdtrtId() + "-1", basket.lines());
        store.visits().registerWithNextWrite(v.mdtrtId(), medType.code(), credential.certType().code(),
                credential instanceof PresentedCard ? null : credential.personNumber(), s.operatorId(),
                "med_type=" + medType.code() + " " + ref);
        steps.reached(Step.REGISTERED, v.mdtrtId());
        return v;
    }

    /** How the audit log names a credential: the card's blind reference, or the 医保码's person (never the token). */
    private String auditRef(Credential c) {
        return c instanceof PresentedCard card ? store.audit().cardRef(card.cardNumber()) : "ecode:" + c.personNumber();
    }

    /**
     * Uploads the basket the visit was registered with (2204, through the outbox) and pre-settles (2206). On success
     * the visit is PRE_SETTLED and {@link Visit#preview()} holds the split to show before the confirmation.
     */
    public Visit uploadAndPreSettle(Visit v) {
        Session s = authorizer.requireForStep(permissionFor(v.medType()), v.mdtrtId());
        requireState(v, VisitState.REGISTERED);
        List<PricedLine> lines = v.lines();
        String batch = v.batchNumber();
        String now = LocalDateTime.now(clock).format(WIRE_TIME);
        List<FeeUpload.FeeDetail> details = new ArrayList<>();
        Departments.Department billing = billingDepartment(config.departments(), v.medType());
        Money total = Money.ZERO;
        for (PricedLine l : lines) {
            details.add(FeeUpload.FeeDetail.billed(String.valueOf(l.serial()), v.mdtrtId(),
                    v.credential().personNumber(), batch, now, l.national().code(), l.local().localCode(),
                    l.amount(), l.count(), l.price(), billing.code(), billing.name(),
                    s.operatorId(), s.displayName()));
            total = total.plus(l.amount());
        }
        RecoveryOp.Audit fees = new RecoveryOp.Audit(s.operatorId(), "visit.fees", v.mdtrtId(), lines.size()
                + " items, total_fen=" + total.fen());
        DurableSend.Result<FeeUpload.Output> upload = durable.send(Transaction.FEE_UPLOAD, new FeeUpload.Input(details),
                s.opter(), v.credential().insuredRegion(), v.stream(), Money.ZERO, null, answer -> List.of(fees));
        if (!apply(v, upload, Transaction.FEE_UPLOAD)) {
            return v;
        }
        v.fees(upload.output().orElseThrow());
        v.state(VisitState.FEES_UPLOADED, null);
        steps.reached(Step.FEES_UPLOADED, v.mdtrtId());
        return preSettle(v, s);
    }

    private Visit preSettle(Visit v, Session s) {
        Credential c = v.credential();
        PreSettlement.Input input = new PreSettlement.Input(c.personNumber(), c.certType(), c.certNumber(), v.medType(),
                total(v), PsnSetlway.BY_ITEM, v.mdtrtId(), v.batchNumber(), Flag.YES,
                c.insurance().insutype());
        LinkOutcome<SettlementResult> outcome = link.call(Transaction.PRE_SETTLEMENT, input, s.opter(),
                c.insuredRegion());
        if (outcome instanceof LinkOutcome.Answered<SettlementResult> a) {
            v.preview(a.output());
            v.state(VisitState.PRE_SETTLED, null);
            store.audit().defer(s.operatorId(), "visit.presettle", v.mdtrtId(), "medfee=" + a.output().setlinfo()
                    .medfeeSumamt() + " fund=" + a.output().setlinfo().fundPaySumamt());
            steps.reached(Step.PRE_SETTLED, v.mdtrtId());
            return v;
        }
        store.audit().record(s.operatorId(), "visit.presettle.failed", v.mdtrtId(), outcome.message());
        throw new CounterException(outcome instanceof LinkOutcome.Refused<SettlementResult> r
                ? Problem.of(Reason.CENTRAL_REFUSED, r.operatorMessage())
                : Problem.of(Reason.PRESETTLEMENT_NO_ANSWER, outcome.message()));
    }

    /** Pre-settles again (2206) a visit whose first settlement was undone by a reversal, before settling anew. */
    public Visit preSettleAgain(Visit v) {
        Session s = authorizer.require(permissionFor(v.medType()), v.mdtrtId());
        refresh(v);
        requireState(v, VisitState.REVERSED);
        return preSettle(v, s);
    }

    /**
     * The confirmation: 2207 written to the outbox before it is sent. Answered → the card's medical data are
     * updated with secure messaging and the receipt is made (SETTLED). No answer → OUTCOME_UNKNOWN: nothing else
     * happens to the visit until the forwarder's 2601 resolves it. Not delivered (link down, HTTP 5xx) → PENDING.
     */
    public Visit settle(Visit v) {
        Session s = authorizer.requireForStep(permissionFor(v.medType()), v.mdtrtId());
        requireState(v, VisitState.PRE_SETTLED);
        blockIfUnresolved(v);
        SettlementResult.SetlInfo p = v.preview().setlinfo();
        Credential c = v.credential();
        Settlement.Input input = new Settlement.Input(c.personNumber(), c.certType(), c.certNumber(), v.medType(),
                p.medfeeSumamt(), PsnSetlway.BY_ITEM, v.mdtrtId(), v.batchNumber(), Flag.YES, c.insurance().insutype(),
                p.fulamtOwnpayAmt(), p.overlmtSelfpay(), p.preselfpayAmt(), p.inscpScpAmt(), null);
        OutboxEntry queued = durable.enqueue(Transaction.SETTLEMENT, input, s.opter(), c.insuredRegion(), v.stream(),
                p.medfeeSumamt(), v.card() == null ? null : v.card().cardId().hex());
        String msgid = queued.msgid();
        steps.reached(Step.SETTLEMENT_QUEUED, v.mdtrtId());
        v.settlementMsgid(msgid);
        DurableSend.Result<SettlementResult> result;
        try {
            result = durable.sendQueued(Transaction.SETTLEMENT, queued, s.operatorId(),
                    answer -> cardTargetWithOutcome(v, answer.setlinfo()));
        } catch (StoreException e) {
            v.state(VisitState.PENDING, Problem.of(Reason.SETTLEMENT_NOT_SENT_STORE, msgid, e.getMessage()));
            return v;
        }
        if (apply(v, result, Transaction.SETTLEMENT)) {
            finish(v, s, result.output().orElseThrow());
        }
        return v;
    }

    /**
     * For a PENDING visit: sends the stored message again (same msgid; the central service applies it at most
     * once). For an OUTCOME_UNKNOWN visit: looks whether the forwarder has resolved it.
     */
    public Visit retry(Visit v) {
        Session s = authorizer.require(permissionFor(v.medType()), v.mdtrtId());
        refresh(v);
        if (v.state() == VisitState.FEES_UPLOADED) {
            return preSettle(v, s);
        }
        if (v.state() != VisitState.PENDING) {
            return v;
        }
        OutboxEntry head = store.outbox().head(v.stream()).orElseThrow();
        if (Transaction.SETTLEMENT.infno().equals(head.infno())) {
            DurableSend.Result<SettlementResult> r = durable.sendHead(Transaction.SETTLEMENT, v.stream(), head.msgid(),
                    s.operatorId(), answer -> cardTargetWithOutcome(v, answer.setlinfo()));
            if (apply(v, r, Transaction.SETTLEMENT)) {
                finish(v, s, r.output().orElseThrow());
            }
        } else {
            DurableSend.Result<FeeUpload.Output> r = durable.sendHead(Transaction.FEE_UPLOAD, v.stream(), head.msgid(),
                    s.operatorId(), answer -> List.of());
            if (apply(v, r, Transaction.FEE_UPLOAD)) {
                v.fees(r.output().orElseThrow());
                v.state(VisitState.FEES_UPLOADED, null);
                preSettle(v, s);
            }
        }
        return v;
    }

    /**
     * Brings the visit's state up to date with the outbox (the forwarder may have delivered a pending message or
     * resolved an unknown one since).
     */
    public Visit refresh(Visit v) {
        Optional<OutboxEntry> head = store.outbox().head(v.stream());
        if (head.isPresent()) {
            OutboxEntry h = head.get();
            v.state(h.state() == OutboxState.QUEUED ? VisitState.PENDING : VisitState.OUTCOME_UNKNOWN,
                    Problem.of(Reason.MESSAGE_WAITING, h.infno(), h.msgid(), h.lastError() == null ? h.state()
                            : h.lastError()));
            return v;
        }
        if (v.settlementMsgid() == null && (v.state() == VisitState.PENDING || v.state() == VisitState.OUTCOME_UNKNOWN)) {
            refreshUpload(v);
        } else if (v.settlementMsgid() != null && (v.state() == VisitState.PENDING
                || v.state() == VisitState.OUTCOME_UNKNOWN)) {
            OutboxEntry e = store.outbox().find(v.settlementMsgid()).orElseThrow();
            if (e.state() == OutboxState.DONE) {
                Session s = authorizer.require(permissionFor(v.medType()), v.mdtrtId());
                finish(v, s, MessageCodec.readStoredResponse(e.response(), Transaction.SETTLEMENT).output());
            } else if (e.state() == OutboxState.RESOLVED) {
                v.state(VisitState.REVERSED, Problem.of(Reason.VISIT_REVERSED, e.resolution()));
            } else if (e.state() == OutboxState.DEAD) {
                v.state(VisitState.REFUSED, Problem.of(Reason.MESSAGE_REFUSED, e.deadReason()));
            }
        } else if (v.settlementMsgid() == null && v.state() == VisitState.PENDING) {
            List<OutboxEntry> uploads = store.outbox().stream(v.stream()).stream()
                    .filter(e -> Transaction.FEE_UPLOAD.infno().equals(e.infno())).toList();
            if (!uploads.isEmpty() && uploads.get(uploads.size() - 1).state() == OutboxState.DEAD) {
                v.state(VisitState.REFUSED, Problem.of(Reason.MESSAGE_REFUSED, uploads.get(uploads.size() - 1)
                        .deadReason()));
            }
        }
        return v;
    }

    /**
     * A visit waiting on its 2204: delivered since (by the forwarder) → FEES_UPLOADED; resolved by a 2601 → REFUSED
     * (its fees are not at the central service, and a visit's batch is uploaded only once: the visit is registered
     * anew).
     */
    private void refreshUpload(Visit v) {
        OutboxEntry upload = null;
        for (OutboxEntry e : store.outbox().stream(v.stream())) {
            if (Transaction.FEE_UPLOAD.infno().equals(e.infno())) {
                upload = e;
            }
        }
        if (upload == null) {
            return;
        }
        switch (upload.state()) {
            case DONE -> {
                v.fees(MessageCodec.readStoredResponse(upload.response(), Transaction.FEE_UPLOAD).output());
                v.state(VisitState.FEES_UPLOADED, null);
            }
            case RESOLVED -> v.state(VisitState.REFUSED, Problem.of(Reason.FEE_UPLOAD_RESOLVED, upload.msgid(),
                    upload.resolution()));
            case DEAD -> v.state(VisitState.REFUSED, Problem.of(Reason.MESSAGE_REFUSED, upload.deadReason()));
            default -> { }
        }
    }

    private void blockIfUnresolved(Visit v) {
        Optional<OutboxEntry> head = store.outbox().head(v.stream());
        if (head.isPresent()) {
            throw new CounterException(Reason.VISIT_MESSAGE_OPEN, v.mdtrtId(), head.get().msgid(), head.get().infno(),
                    head.get().state());
        }
        for (OutboxEntry e : store.outbox().stream(v.stream())) {
            if (Transaction.SETTLEMENT.infno().equals(e.infno()) && e.state() == OutboxState.DONE) {
                throw new CounterException(Reason.VISIT_ALREADY_SETTLED, v.mdtrtId(), e.msgid());
            }
        }
    }

    /** Applies a durable send's outcome to the visit; true if it was answered. */
    private boolean apply(Visit v, DurableSend.Result<?> r, Transaction<?, ?> what) {
        boolean settlement = what == Transaction.SETTLEMENT;
        v.records(r.records());
        switch (r.state()) {
            case DONE -> {
                return true;
            }
            case UNKNOWN -> v.state(VisitState.OUTCOME_UNKNOWN, Problem.of(settlement ? Reason.SETTLEMENT_UNKNOWN
                    : Reason.FEE_UPLOAD_UNKNOWN, r.msgid(), r.outcome().message()));
            case QUEUED -> v.state(VisitState.PENDING, Problem.of(settlement ? Reason.SETTLEMENT_NOT_DELIVERED
                    : Reason.FEE_UPLOAD_NOT_DELIVERED, r.msgid(), r.outcome().message()));
            default -> v.state(VisitState.REFUSED, refusal(r.outcome()));
        }
        v.records(Records.keep(store, "audit the visit's " + (settlement ? "settlement" : "fee upload"), new RecoveryOp.Audit(v.operatorId(), "visit."
                + v.state().name().toLowerCase(java.util.Locale.ROOT), v.mdtrtId(), r.msgid() + " " + r.outcome().message())));
        return false;
    }

    /** A message the central service refused (its own words), or a link failure. */
    static Problem refusal(LinkOutcome<?> outcome) {
        return outcome instanceof LinkOutcome.Refused<?> ref ? Problem.of(Reason.CENTRAL_REFUSED, ref.operatorMessage())
                : Problem.of(Reason.LINK_FAILED, outcome.message());
    }

    private void finish(Visit v, Session s, SettlementResult result) {
        steps.reached(Step.SETTLEMENT_ANSWERED, v.mdtrtId());
        boolean withCard = v.card() != null;
        boolean cardUpdated = withCard && updateCard(v, result.setlinfo());
        if (withCard) {
            steps.reached(Step.CARD_UPDATED, v.mdtrtId());
        }
        Receipt receipt = receipt(s, v, result, v.settlementMsgid(), cardUpdated);
        v.settled(result, receipt);
        v.state(VisitState.SETTLED, cardUpdated || !withCard ? null : Problem.of(Reason.CARD_NOT_UPDATED));
        v.records(Records.keep(store, "mark visit " + v.mdtrtId() + " finished",
                new RecoveryOp.VisitFinished(v.mdtrtId(), SettledRecords.finishedValue(
                        result.setlinfo().setlId(), v.credential().holder().name())),
                new RecoveryOp.Audit(s.operatorId(), "visit.settled", v.mdtrtId(), "setl_id=" + result.setlinfo().setlId()
                        + " medfee=" + result.setlinfo().medfeeSumamt() + " card_updated=" + cardUpdated)));
    }

    /**
     * Writes the settlement to the card with secure messaging: medical EF05 balance (33) = the central service's
     * balance after, year-to-date deductible (34) = the card's value before the settlement + act_pay_dedc, last
     * update (35) = the day; and, for a settlement (not a cancel), an EF08 record (setl_id an 20 ‖ date cn 4 ‖ amount
     * fen 4). The three EF05 values are fixed once per settlement in the store ({@link #cardTarget}) before the card
     * is touched, so a finish repeated after a stop anywhere in between writes the same values again instead of
     * adding the deductible twice. A failure is logged and audited; the settlement stands.
     */
    private boolean updateCard(Visit v, SettlementResult.SetlInfo info) {
        boolean settlement = info.medfeeSumamt().fen() >= 0;
        try {
            if (settlement && v.card().session().carriesSettlement(info.setlId())) {
                LOG.info("card {} already carries settlement {}; not written again", store.audit().cardRef(v.card().cardNumber()),
                        info.setlId());
                return true;
            }
            CardTarget target = cardTarget(v, info);
            v.card().session().recordSettlement(new SettlementEntry(info.setlId(), target.balance(),
                    target.yearToDate(), target.date(), info.medfeeSumamt()),
                    () -> steps.reached(Step.CARD_BALANCE_WRITTEN, v.mdtrtId()));
            return true;
        } catch (SmartCardException | CryptoException | IllegalArgumentException e) {
            LOG.warn("card {} not updated after settlement {}: {}", store.audit().cardRef(v.card().cardNumber()), info.setlId(),
                    LogText.redact(e.getMessage()));
            v.records(Records.keep(store, "audit the card update", new RecoveryOp.Audit(v.operatorId(), "card.update.failed",
                    store.audit().cardRef(v.card().cardNumber()), "setl_id=" + info.setlId() + ": " + e.getMessage())));
            return false;
        }
    }

    /**
     * The values this settlement writes to this card, fixed in one store write the first time the card is updated
     * for it (from the card as presented then) and read back on every later attempt: after a stop between the EF05
     * writes and the EF08 record the card already shows the new year-to-date, and computing it again from the card
     * would count act_pay_dedc twice. A different card of the holder (never written for this settlement) gets fresh
     * values. Usually they were fixed with the 2207's answer ({@link #cardTargetWithOutcome}) and are only read here.
     */
    private CardTarget cardTarget(Visit v, SettlementResult.SetlInfo info) {
        java.util.function.UnaryOperator<CardTarget> choose = targetChoice(v, info);
        try {
            Optional<CardTarget> stored = store.visits().cardTarget(info.setlId());
            if (stored.isPresent() && stored.get().equals(choose.apply(stored.get()))) {
                return stored.get();
            }
            return store.visits().fixCardTarget(info.setlId(), choose);
        } catch (StoreException e) {
            CardTarget current;
            try {
                current = store.visits().cardTarget(info.setlId()).orElse(null);
            } catch (StoreException unreadable) {
                current = null;
            }
            CardTarget chosen = choose.apply(current);
            v.records(Records.keep(store, "fix the card values of settlement " + info.setlId(),
                    new RecoveryOp.CardTargetFixed(info.setlId(), chosen)));
            return chosen;
        }
    }

    /**
     * The card values fixed in the same write as the 2207's answer (so the card update that follows needs no write of
     * its own), chosen as {@link #cardTarget} would: none to write when the stored ones stand, or with no card (a
     * 医保码 visit writes no card).
     */
    private List<RecoveryOp> cardTargetWithOutcome(Visit v, SettlementResult.SetlInfo info) {
        if (v.card() == null) {
            return List.of();
        }
        CardTarget current = store.visits().cardTarget(info.setlId()).orElse(null);
        CardTarget chosen = targetChoice(v, info).apply(current);
        return chosen.equals(current) ? List.of() : List.of(new RecoveryOp.CardTargetFixed(info.setlId(), chosen));
    }

    /** Keeps the stored values when they are for this card; otherwise fresh ones from the card as presented. */
    private java.util.function.UnaryOperator<CardTarget> targetChoice(Visit v, SettlementResult.SetlInfo info) {
        MedicalData old = v.card().data().medical();
        CardTarget fresh = new CardTarget(v.card().cardNumber(), info.balc(),
                old.yearToDate().plus(info.actPayDedc()).max(Money.ZERO), LocalDate.now(clock));
        return current -> current != null && current.cardNo().equals(fresh.cardNo()) ? current : fresh;
    }

    /** The visits of the last 30 days from the store; {@code onlyOpen}: those not finished (see {@link OpenVisits}). */
    public List<OpenVisits.OpenVisit> visits(boolean onlyOpen) {
        authorizer.require(Permission.LINK_STATUS, onlyOpen ? "open visits" : "visits");
        store.recovery().catchUp();
        return openVisits.list(onlyOpen);
    }

    /** The visit {@code mdtrtId} as the open visits list it (its state, holder's person number, credential). */
    public OpenVisits.OpenVisit openVisit(String mdtrtId) {
        authorizer.require(Permission.LINK_STATUS, mdtrtId);
        return openVisits.find(mdtrtId).orElseThrow(() -> new CounterException(Reason.OPEN_VISIT_NOT_FOUND, mdtrtId));
    }

    /**
     * Picks up a visit from the station store in a new process (the counter that started it has gone): the lines
     * and their 2204 answers, the last 2207 and its state are read from the outbox, and the visit moves on as far
     * as it can without the cashier: a PENDING message is sent again (same msgid); a settlement delivered meanwhile
     * is finished (card updated, receipt); a settlement undone by a reversal, or fees uploaded but never settled,
     * are pre-settled again (2206) so the cashier can confirm. An OUTCOME_UNKNOWN visit stays so until the
     * forwarder's 2601 has resolved it. {@code credential} must be the visit holder's card or 医保码.
     */
    public Visit resume(String mdtrtId, Credential credential) {
        if (!store.recovery().catchUp()) {
            throw new CounterException(Reason.RECOVERY_PENDING);
        }
        OpenVisits.Stored stored = openVisits.stored(mdtrtId).orElseThrow(() -> new CounterException(
                Reason.OPEN_VISIT_NOT_FOUND, mdtrtId));
        Session s = authorizer.require(permissionFor(stored.medType()), mdtrtId);
        if (!stored.psnNo().equals(credential.personNumber())) {
            throw credential instanceof PresentedCard c ? new CounterException(Reason.NOT_THE_HOLDERS_CARD,
                    c.cardNumber(), mdtrtId) : new CounterException(Reason.ECODE_NOT_THE_VISITS_HOLDER, mdtrtId);
        }
        Visit v = new Visit(credential, stored.medType(), mdtrtId, s.operatorId());
        v.batch(stored.batchNumber(), stored.lines());
        v.fees(stored.fees());
        if (stored.lastSettlement() != null) {
            v.settlementMsgid(stored.lastSettlement().msgid());
        }
        store.audit().record(s.operatorId(), "visit.resume", mdtrtId, "status=" + stored.status());
        switch (stored.status()) {
            case PENDING -> {
                v.state(VisitState.PENDING, null);
                return retry(v);
            }
            case OUTCOME_UNKNOWN -> {
                return refresh(v);
            }
            case SETTLED_NOT_FINISHED -> {
                finish(v, s, MessageCodec.readStoredResponse(stored.lastSettlement().response(), Transaction.SETTLEMENT)
                        .output());
                return v;
            }
            case REVERSED, FEES_UPLOADED -> {
                v.state(VisitState.FEES_UPLOADED, null);
                return preSettle(v, s);
            }
            default -> throw new CounterException(Reason.NOTHING_TO_RESUME, mdtrtId, stored.status());
        }
    }

    /**
     * 2208: cancels a settlement of this station. A cashier may cancel their own settlements of the current shift
     * (CANCEL_OWN_SETTLEMENT), a supervisor any (CANCEL_ANY_SETTLEMENT). Sent through the outbox on the visit's
     * stream; refused while a message of the visit is pending or unknown. With a presented card the card's
     * balance is written back.
     */
    public Receipt cancel(String setlId, PresentedCard cardOrNull) {
        SettledRecords.Record original = records.findSettlement(setlId).orElseThrow(() -> new CounterException(
                Reason.SETTLEMENT_NOT_FOUND, setlId));
        Session s = authoriseCancel(original);
        if (records.findCancelOf(setlId).isPresent()) {
            throw new CounterException(Reason.ALREADY_CANCELLED, setlId);
        }
        String stream = Visit.streamOf(original.mdtrtId());
        Optional<OutboxEntry> head = store.outbox().head(stream);
        if (head.isPresent()) {
            throw new CounterException(Reason.CANCEL_BLOCKED, original.mdtrtId(), head.get().msgid(),
                    head.get().state());
        }
        DurableSend.Result<SettlementResult> r = durable.send(Transaction.SETTLEMENT_CANCEL,
                new SettlementCancel.Input(setlId, original.mdtrtId(), original.psnNo()), s.opter(),
                original.insuredRegion(), stream, original.medfee(), null, answer -> List.of());
        if (r.state() != OutboxState.DONE) {
            store.audit().record(s.operatorId(), "settlement.cancel.failed", setlId, r.outcome().message());
            throw new CounterException(switch (r.state()) {
                case UNKNOWN -> Problem.of(Reason.CANCEL_UNKNOWN, r.msgid());
                case QUEUED -> Problem.of(Reason.CANCEL_NOT_DELIVERED, r.msgid(), r.outcome().message());
                default -> refusal(r.outcome());
            });
        }
        // the answer need not name the person, insutype or med_type: the cancel takes those of the settlement
        SettlementResult answer = r.output().orElseThrow();
        SettlementResult result = new SettlementResult(answer.setlinfo().asCancelOf(setlId, original.psnNo(),
                original.insutype(), original.medType()), answer.setldetail());
        boolean cardUpdated = false;
        if (cardOrNull != null && cardOrNull.cardNumber().equals(original.cardNumber())) {
            Visit v = new Visit(cardOrNull, original.medType(), original.mdtrtId(), s.operatorId());
            cardUpdated = updateCard(v, result.setlinfo());
        }
        Records.keep(store, "audit the cancel of " + setlId, new RecoveryOp.Audit(s.operatorId(), "settlement.cancel",
                setlId, "cancel setl_id=" + result.setlinfo().setlId() + " medfee=" + result.setlinfo().medfeeSumamt()));
        return receipt(s, null, result, r.msgid(), cardUpdated);
    }

    private Session authoriseCancel(SettledRecords.Record original) {
        if (authorizer.allowed(Permission.CANCEL_ANY_SETTLEMENT)) {
            return authorizer.require(Permission.CANCEL_ANY_SETTLEMENT, original.setlId());
        }
        Session s = authorizer.require(Permission.CANCEL_OWN_SETTLEMENT, original.setlId());
        boolean own = s.operatorId().equals(original.operatorId())
                && !original.createdAt().isBefore(shifts.shiftStart(s.operatorId(), s.loggedInAt()));
        if (!own) {
            store.audit().record(s.operatorId(), "authz.deny", "CANCEL_ANY_SETTLEMENT " + original.setlId(),
                    "not the operator's own settlement of the current shift");
            throw new AccessDeniedException(Reason.ACCESS_NOT_YOUR_SETTLEMENT, original.setlId());
        }
        return s;
    }

    private Receipt receipt(Session s, Visit v, SettlementResult result, String msgid, boolean cardUpdated) {
        List<Receipt.Line> lines = new ArrayList<>();
        if (v != null && v.fees() != null) {
            for (PricedLine l : v.lines()) {
                FeeUpload.FeeResult f = v.fees().result().stream()
                        .filter(x -> x.feedetlSn().equals(String.valueOf(l.serial()))).findFirst().orElseThrow();
                lines.add(new Receipt.Line(l.local().localCode(), l.local().name(), l.national().code(), l.count(),
                        l.price(), l.amount(), f.chrgitmLv().code(), f.fulamtOwnpayAmt(),
                        f.overlmtAmt(), f.preselfpayAmt(), f.inscpScpAmt()));
            }
        }
        Receipt.Header header = new Receipt.Header(config.institutionCode(), config.institutionName(),
                config.deviceNumber(), s.operatorId(), s.displayName(), v == null ? null : v.credential().holder().name());
        Receipt r = Receipt.of(header, result, lines, v == null || v.card() == null ? null : v.card().cardNumber(), msgid,
                cardUpdated);
        return v != null && v.card() == null ? r.withEVoucher() : r;
    }

    private static Money total(Visit v) {
        Money total = Money.ZERO;
        for (PricedLine l : v.lines()) {
            total = total.plus(l.amount());
        }
        return total;
    }

    /**
     * The department a counter's items are billed under (2204 {@code bilg_dept_*}): the counter's own, OUTPATIENT or
     * PHARMACY, named as the station's settings name it, else as {@link Departments#DEFAULTS} does.
     */
    public static Departments.Department billingDepartment(Departments departments, MedType medType) {
        String code = medType == MedType.PHARMACY ? "PHARMACY" : "OUTPATIENT";
        return departments.department(code).or(() -> Departments.DEFAULTS.department(code)).orElseThrow();
    }

    /** The department of a registration, as the station's settings name it; refuses a code they do not list. */
    public static Departments.Department department(Departments departments, String code) {
        return departments.department(code).orElseThrow(() -> new CounterException(
                Problem.of(Reason.DEPARTMENT_UNKNOWN, code, String.join(", ", departments.byCode().keySet()))));
    }

    /** The code of the doctor of a registration, by the name the station's settings give it; refuses another name. */
    public static String doctorCode(Departments departments, String name) {
        return departments.doctorCode(name).orElseThrow(() -> new CounterException(Problem.of(
                Reason.DOCTOR_UNKNOWN, name, String.join(", ", departments.doctorCodeByName().keySet()))));
    }

    private static void requireState(Visit v, VisitState expected) {
        if (v.state() != expected) {
            throw new CounterException(Reason.VISIT_WRONG_STATE, v.mdtrtId(), v.state(), expected,
                    v.reason() == null ? "" : " (" + v.reason() + ")");
        }
    }

    /**
     * Closes the logged-in operator's shift (cashier, pharmacist or supervisor): the summary of the settlements,
     * cancels, deferred visits and accepted offline debits they took since the shift started (and of their offline
     * debits still pending), audited as {@code shift.close}. After the close, "own shift" cancels
     * reach back only to this moment.
     */
    public ShiftSummary closeShift() {
        Permission p = authorizer.allowed(Permission.VISIT) ? Permission.VISIT
                : authorizer.allowed(Permission.PHARMACY_SALE) ? Permission.PHARMACY_SALE : Permission.CANCEL_OWN_SETTLEMENT;
        Session s = authorizer.require(p, "shift close");
        java.time.Instant start = shifts.shiftStart(s.operatorId(), s.loggedInAt());
        java.time.Instant now = clock.instant();
        List<SettledRecords.Record> mine = new ArrayList<>();
        for (SettledRecords.Record r : records.between(LocalDate.ofInstant(start, clock.getZone()),
                LocalDate.ofInstant(now, clock.getZone()))) {
            if (r.operatorId().equals(s.operatorId()) && !r.createdAt().isBefore(start)) {
                mine.add(r);
            }
        }
        java.time.Instant closedAt = shifts.close(s.operatorId());
        ShiftSummary summary = ShiftSummary.of(s.operatorId(), start, closedAt, mine,
                records.debitsOutside(s.operatorId(), start));
        store.audit().record(s.operatorId(), "shift.summary", s.operatorId(), "settlements=" + summary.settlements()
                + " cancels=" + summary.cancels() + " deferred=" + summary.deferred() + " offline_debits="
                + summary.offlineDebits() + " offline_debits_pending=" + summary.debitsOutside().pending() + " medfee=" + summary.medfee() + " pool=" + summary.pool() + " fund="
                + summary.fund() + " acct=" + summary.acct() + " cash=" + summary.cash());
        return summary;
    }

    /**
     * Called with the {@code warn_msg} of every answer of the platform that carries one, on the thread that sent the
     * message (a notice for the operator; it changes nothing in the answer).
     */
    public void addWarningListener(Consumer<String> listener) {
        link.addWarningListener(listener);
    }

    public SettledRecords records() {
        return records;
    }

    public Shifts shifts() {
        return shifts;
    }
}
