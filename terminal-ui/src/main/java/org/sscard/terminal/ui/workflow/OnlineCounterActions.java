package org.sscard.terminal.ui.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CountingTransport;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.terminal.card.HolderView;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.counter.Basket;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.counter.PricedLine;
import org.sscard.terminal.counter.Records;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.OfflineRefusedException;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.ui.screens.CardRemoval;
import org.sscard.terminal.ui.screens.CounterActions;
import org.sscard.terminal.ui.screens.CounterViewModel;
import org.sscard.terminal.ui.screens.ItemRow;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.sscard.terminal.ui.text.UserMessage;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * The counter workflow behind a counter screen (med_type 11 at the cashier window, 41 at the pharmacy counter), over
 * terminal-app's {@code CardPresentation}, {@code Counter} and {@code OfflineSale}. Online: F2 asks the holder's PIN,
 * presents the card (mutual authentication, blacklist, VERIFY PIN, 1101) and shows the holder for 人证卡相符; F8
 * (holder confirmed) registers the visit (2201), uploads the items and pre-settles (2204, 2206), shows the split, asks
 * for the confirmation, settles (2207, card updated) and hands the receipt to the spooler; Esc gives the card back
 * and forgets the visit (nothing is booked before the 2207; a pending or unknown 2207 is finished by the forwarder
 * and can be resumed). F6 lists the station's open visits and resumes one with the holder's card; F7 cancels a
 * settlement (2208) by its setl_id. While the link monitor reports the link down, the pharmacy counter reads the
 * card without the central service and F8 debits the total from the card's personal-account balance (offline
 * debit, queued as a C110 for the forwarder); the cashier window reads the card the same way and F8 takes the visit as
 * deferred (the patient pays the whole total now; the forwarder settles the fund share when the link is back and it
 * is refunded from the deferred visits screen). Runs on the UI's single background worker.
 */
public final class OnlineCounterActions implements CounterActions {
    private static final String OUTPATIENT_DEPARTMENT = "OUTPATIENT";
    private static final String OUTPATIENT_DOCTOR = "门诊医生";

    private final CounterWorkflows workflows;
    private final MedType medType;
    private final CounterPrompts prompts;
    private final Texts texts;
    private final ErrorMessages errors;
    private final Supplier<String> operatorName;
    private final Runnable queueChanged;
    private PresentedCard card;
    private Visit visit;
    private List<CounterItem> uploaded;
    private CountingTransport offlineTransport;
    private CardSession offlineSession;
    private CardData offlineCard;
    private OfflineSale.Receipt offlineSold;
    private DeferredReceipt deferredTaken;

    public OnlineCounterActions(CounterWorkflows workflows, MedType medType, CounterPrompts prompts, Texts texts,
                                Supplier<String> operatorName) {
        this(workflows, medType, prompts, texts, operatorName, () -> { });
    }

    /** @param queueChanged called after a message was added to the outbox (the status bar counts them) */
    public OnlineCounterActions(CounterWorkflows workflows, MedType medType, CounterPrompts prompts, Texts texts,
                                Supplier<String> operatorName, Runnable queueChanged) {
        this.workflows = workflows;
        this.medType = medType;
        this.prompts = prompts;
        this.texts = texts;
        this.errors = new ErrorMessages(texts);
        this.operatorName = operatorName;
        this.queueChanged = queueChanged;
    }

    /** Department and doctor of a new visit at the cashier window when the screen leaves them empty. */
    public static String defaultDepartment(MedType medType) {
        return medType == MedType.PHARMACY ? "PHARMACY" : OUTPATIENT_DEPARTMENT;
    }

    public static String defaultDoctor(MedType medType) {
        return medType == MedType.PHARMACY ? "药师" : OUTPATIENT_DOCTOR;
    }

    private boolean pharmacy() {
        return medType == MedType.PHARMACY;
    }

    @Override
    public synchronized void readCard(CounterViewModel model) throws Exception {
        forget();
        fx(() -> {
            model.holder().clear();
            model.breakdown().clear();
            model.messageProperty().set("");
        });
        if (workflows.offline()) {
            if (offlineWorkAvailable()) {
                readCardOffline(model);
            } else {
                linkDownAtTheCashierWindow(model);
            }
            return;
        }
        Optional<char[]> pin = prompts.askPin();
        if (pin.isEmpty()) {
            fx(() -> model.messageProperty().set(texts.get("counter.pinCancelled")));
            return;
        }
        card = workflows.presentation().present(pin.get());
        showHolder(model, card.holder());
        fx(() -> model.messageProperty().set(texts.get("counter.checkHolder")));
    }

    private void showHolder(CounterViewModel model, HolderView h) {
        fx(() -> model.holder().show(h.name(), h.sexText(), h.birthDate() == null ? "" : h.birthDate().toString(),
                h.maskedIdNumber()));
    }

    /** The pharmacy can debit the card offline; the cashier window can take deferred visits. */
    private boolean offlineWorkAvailable() {
        return pharmacy() ? workflows.offlineDebitAvailable() : workflows.deferredAvailable();
    }

    /**
     * The link is down at a cashier window without deferred visits (a station built without them): a hospital visit
     * needs the central service (2201 … 2207), so the window says that settlement has to wait for the link.
     */
    private void linkDownAtTheCashierWindow(CounterViewModel model) {
        fx(() -> model.messageProperty().set(texts.get("counter.offline.hospital")));
    }

    /** Offline: the card is read and authenticated without the central service; the PIN is asked at F8. */
    private void readCardOffline(CounterViewModel model) {
        CountingTransport transport = workflows.cardSlot().connect();
        boolean kept = false;
        try {
            CardSession session = new CardSession(transport, workflows.module());
            CardData data = session.readCard();
            offlineTransport = transport;
            offlineSession = session;
            offlineCard = data;
            kept = true;
        } finally {
            if (!kept) {
                transport.close();
            }
        }
        var h = offlineCard.holder();
        fx(() -> {
            model.holder().show(h.name(), "1".equals(h.sex()) ? "男" : "女", h.birthDate().toString(),
                    h.maskedSocialSecurityNumber());
            model.messageProperty().set(pharmacy() ? texts.get("counter.offline.checkHolder",
                    MoneyFormat.yuan(offlineCard.medical().balanceFen())) : texts.get("counter.deferred.checkHolder"));
        });
    }

    /** @param unmatched names of the items without a national code match */
    private record Snapshot(boolean confirmed, List<CounterItem> items, long totalFen, String department,
                            String doctor, List<String> unmatched) {
    }

    private Snapshot snapshot(CounterViewModel model) throws InterruptedException {
        return onFx(() -> {
            List<CounterItem> items = new ArrayList<>();
            List<String> unmatched = new ArrayList<>();
            for (ItemRow r : model.items()) {
                items.add(new CounterItem(r.codeProperty().get(), r.quantityProperty().get()));
                if (!r.matchedProperty().get()) {
                    unmatched.add(r.nameProperty().get());
                }
            }
            return new Snapshot(model.holder().confirmedProperty().get(), List.copyOf(items), model.totalFen().get(),
                    model.departmentProperty().get().trim(), model.doctorProperty().get().trim(), List.copyOf(unmatched));
        });
    }

    @Override
    public synchronized void settle(CounterViewModel model) throws Exception {
        if (offlineSession != null) {
            settleLinkDown(model, offlineSession);
            return;
        }
        if (card == null) {
            fx(() -> model.messageProperty().set(texts.get(workflows.offline() && !offlineWorkAvailable()
                    ? "counter.offline.hospital" : "counter.readFirst")));
            return;
        }
        if (visit == null && workflows.offline()) {
            if (offlineWorkAvailable()) {
                settleLinkDown(model, card.session());
            } else {
                linkDownAtTheCashierWindow(model);
            }
            return;
        }
        if (visit != null && visit.state() == VisitState.SETTLED) {
            fx(() -> model.messageProperty().set(texts.get("counter.alreadySettled", visit.settlement().setlinfo().setlId())));
            return;
        }
        Snapshot snap = snapshot(model);
        if (!snap.confirmed()) {
            fx(() -> model.messageProperty().set(texts.get("counter.confirmHolderFirst")));
            return;
        }
        if (visit == null) {
            Basket basket = workflows.counter().basket(snap.items());
            visit = workflows.counter().register(card, medType,
                    snap.department().isEmpty() ? defaultDepartment(medType) : snap.department(),
                    snap.doctor().isEmpty() ? defaultDoctor(medType) : snap.doctor(), basket);
            uploaded = snap.items();
        } else if (!snap.items().equals(uploaded)) {
            fx(() -> model.messageProperty().set(texts.get("counter.itemsChanged")));
            return;
        }
        if (visit.state() == VisitState.REGISTERED) {
            workflows.counter().uploadAndPreSettle(visit);
        }
        if (visit.state() == VisitState.PENDING) {
            workflows.counter().retry(visit);
        } else if (visit.state() == VisitState.OUTCOME_UNKNOWN) {
            workflows.counter().refresh(visit);
        }
        if (visit.state() == VisitState.REVERSED) {
            workflows.counter().preSettleAgain(visit);
        }
        if (visit.state() == VisitState.PRE_SETTLED) {
            SettlementResult preview = visit.preview();
            fx(() -> model.breakdown().show(preview));
            if (!prompts.confirmSettlement(preview)) {
                fx(() -> model.messageProperty().set(texts.get("counter.notConfirmed")));
                return;
            }
            workflows.counter().settle(visit);
        }
        queueChanged.run();
        report(model);
    }

    private void settleLinkDown(CounterViewModel model, CardSession session) throws InterruptedException {
        if (pharmacy()) {
            settleOffline(model, session);
        } else {
            takeDeferred(model, session);
        }
    }

    /** The offline rules' refusal with what to do; nothing was done to the card. */
    private void showRefusal(CounterViewModel model, OfflineRefusedException refusal) {
        UserMessage m = errors.describe(refusal.decision());
        fx(() -> model.status().fail(m.title() + " " + m.action() + (m.detail() == null ? "" : " (" + m.detail() + ")")));
    }

    /** What the operator and the holder agreed to for a payment while the link is down: the items and the PIN. */
    private record LinkDownPayment(Snapshot items, char[] pin) {
    }

    /**
     * The steps before an offline debit or a deferred visit ({@code keys} = {@code counter.offline} or
     * {@code counter.deferred}): refused when {@code alreadyDone} (its message) is not null, when the link is back,
     * without the 人证卡相符 tick or (with {@code mappedOnly}) with unmapped items; then the operator confirms the total
     * and the holder enters the PIN. Empty, after a message saying why, when it does not go ahead.
     */
    private Optional<LinkDownPayment> agreeLinkDownPayment(CounterViewModel model, String keys, String alreadyDone,
                                                           boolean mappedOnly) throws InterruptedException {
        if (alreadyDone != null) {
            fx(() -> model.messageProperty().set(alreadyDone));
            return Optional.empty();
        }
        if (!workflows.offline()) {
            fx(() -> model.messageProperty().set(texts.get(keys + ".linkBack")));
            return Optional.empty();
        }
        Snapshot snap = snapshot(model);
        if (!snap.confirmed()) {
            fx(() -> model.messageProperty().set(texts.get("counter.confirmHolderFirst")));
            return Optional.empty();
        }
        if (mappedOnly && !snap.unmatched().isEmpty()) {
            UserMessage m = errors.unmatchedItems(snap.unmatched());
            fx(() -> model.status().fail(m.title() + " " + m.action() + " (" + m.detail() + ")"));
            return Optional.empty();
        }
        if (!prompts.confirm(texts.get(keys + ".confirm.title"),
                texts.get(keys + ".confirm.text", MoneyFormat.yuan(snap.totalFen())), texts.get(keys + ".confirm.ok"))) {
            fx(() -> model.messageProperty().set(texts.get("counter.notConfirmed")));
            return Optional.empty();
        }
        Optional<char[]> pin = prompts.askPin();
        if (pin.isEmpty()) {
            fx(() -> model.messageProperty().set(texts.get(keys + ".pinCancelled")));
            return Optional.empty();
        }
        return Optional.of(new LinkDownPayment(snap, pin.get()));
    }

    /**
     * Hospital deferred settlement at the cashier window while the link is down: after the operator's confirmation
     * and the holder's PIN, {@code DeferredVisits.take} prices the items, reads the card (mutual authentication),
     * applies the offline policy (blacklist current, card not listed, queue limits), verifies the PIN and stores the
     * visit; the patient pays the whole total now and the receipt, marked deferred, carries the DF reference. The
     * forwarder settles the fund share when the link is back; it is refunded from the deferred visits screen.
     */
    private void takeDeferred(CounterViewModel model, CardSession session) throws InterruptedException {
        Optional<LinkDownPayment> agreed = agreeLinkDownPayment(model, "counter.deferred",
                deferredTaken == null ? null : texts.get("counter.deferred.alreadyTaken", deferredTaken.ref()), true);
        if (agreed.isEmpty()) {
            return;
        }
        Snapshot snap = agreed.get().items();
        char[] pin = agreed.get().pin();
        DeferredReceipt taken;
        try {
            taken = workflows.deferredVisits().take(session, pin, snap.items(),
                    snap.department().isEmpty() ? defaultDepartment(medType) : snap.department(),
                    snap.doctor().isEmpty() ? defaultDoctor(medType) : snap.doctor());
        } catch (OfflineRefusedException e) {
            showRefusal(model, e);
            return;
        } finally {
            Arrays.fill(pin, '\0');
        }
        deferredTaken = taken;
        queueChanged.run();
        List<Receipt.Line> lines = new ArrayList<>();
        for (DeferredVisit.Item i : taken.items()) {
            lines.add(Receipt.Line.printed(i.name(), i.count(), Money.ofFen(i.amountFen())));
        }
        Receipt receipt = new Receipt(new Receipt.Header(workflows.institutionName(), workflows.deviceNumber(),
                operatorName.get(), taken.holderName()), null, null, texts.get("counter.deferred.receiptInsurance"),
                null, taken.ref(), null, texts.get("counter.deferred.receiptVisit"), null, taken.visitTime(), lines,
                Receipt.Amounts.paid(Money.ZERO, Money.ofFen(taken.paidCashFen()), Money.ZERO), List.of(), false, true);
        PrintSpooler.Outcome printed = workflows.spooler().submit(receipt);
        String text = printed.printed()
                ? texts.get("counter.deferred.taken", MoneyFormat.yuan(taken.paidCashFen()), taken.ref())
                : texts.get("counter.deferred.takenNotPrinted", MoneyFormat.yuan(taken.paidCashFen()), taken.ref(),
                        printed.message());
        fx(() -> {
            model.breakdown().showDeferred(taken.paidCashFen(), taken.ref());
            model.messageProperty().set(text);
        });
    }

    /**
     * Offline debit of the items' total from the card's balance (OfflineSale: policy, PIN, journal, DEBIT, C110
     * queued); a refusal of the offline policy is shown with what to do, and nothing was done to the card.
     */
    private void settleOffline(CounterViewModel model, CardSession session) throws InterruptedException {
        Optional<LinkDownPayment> agreed = agreeLinkDownPayment(model, "counter.offline",
                offlineSold == null ? null : texts.get("counter.offline.alreadySold", offlineSold.msgid()), false);
        if (agreed.isEmpty()) {
            return;
        }
        Snapshot snap = agreed.get().items();
        char[] pin = agreed.get().pin();
        OfflineSale.Receipt sold;
        try {
            sold = workflows.offlineSale().debit(session, pin, snap.totalFen());
        } catch (OfflineRefusedException e) {
            showRefusal(model, e);
            return;
        } finally {
            Arrays.fill(pin, '\0');
        }
        offlineSold = sold;
        queueChanged.run();
        String holderName = offlineCard != null ? offlineCard.holder().name()
                : card != null ? card.holder().name() : "";
        List<Receipt.Line> lines = new ArrayList<>();
        onFx(() -> {
            for (ItemRow r : model.items()) {
                lines.add(Receipt.Line.printed(r.nameProperty().get(), r.quantityProperty().get(),
                        Money.ofFen(r.amountFenProperty().get())));
            }
            return lines;
        });
        Receipt receipt = new Receipt(new Receipt.Header(workflows.institutionName(), workflows.deviceNumber(),
                operatorName.get(), holderName), sold.cardNo(), null, texts.get("counter.offline.receiptInsurance"), null,
                sold.msgid(), null, sold.termId() + "/" + sold.termSeq(), sold.msgid(), sold.txnTime(), lines,
                Receipt.Amounts.paid(Money.ofFen(sold.amountFen()), Money.ZERO, Money.ofFen(sold.balanceAfterFen())),
                List.of(), true, true);
        PrintSpooler.Outcome printed = workflows.spooler().submit(receipt);
        String text = printed.printed()
                ? texts.get("counter.offline.sold", MoneyFormat.yuan(sold.amountFen()),
                        MoneyFormat.yuan(sold.balanceAfterFen()), sold.msgid())
                : texts.get("counter.offline.soldNotPrinted", MoneyFormat.yuan(sold.amountFen()), sold.msgid(),
                        printed.message());
        String mac2 = sold.mac2Verified() ? "" : " " + texts.get("counter.offline.mac2Unverified");
        String records = sold.records() == Records.UP_TO_DATE ? "" : " " + texts.get("counter.records." + sold.records().name())
                + " " + texts.get("counter.offline.records.noRepeat");
        fx(() -> {
            model.breakdown().showOfflineDebit(sold.amountFen(), sold.balanceAfterFen(), sold.msgid());
            model.messageProperty().set(text + mac2 + records);
        });
    }

    /**
     * Shows where the visit stands. When the station could not write its records after the 2207 was sent, the known
     * state is shown as usual (settled with its receipt, unknown, pending), followed by what the station does about
     * its records and, unless nothing was settled, not to settle again.
     */
    private void report(CounterViewModel model) {
        Visit v = visit;
        String reason = v.reason() == null ? "" : v.reason();
        String records = v.records() == Records.UP_TO_DATE ? "" : " " + texts.get("counter.records." + v.records().name())
                + (v.state() == VisitState.REFUSED || v.state() == VisitState.REVERSED ? ""
                        : " " + texts.get("counter.records.noRepeat"));
        switch (v.state()) {
            case SETTLED -> {
                SettlementResult result = v.settlement();
                PrintSpooler.Outcome printed = workflows.spooler().submit(receipt(v, result));
                String setlId = result.setlinfo().setlId();
                String text = printed.printed() ? texts.get("counter.settled", setlId)
                        : texts.get("counter.settledNotPrinted", setlId, printed.message());
                String cardNote = v.receipt() != null && !v.receipt().cardUpdated() ? " " + texts.get("counter.cardNotUpdated") : "";
                fx(() -> {
                    model.breakdown().show(result);
                    model.messageProperty().set(text + cardNote + records);
                });
            }
            case PRE_SETTLED -> {
                SettlementResult preview = v.preview();
                fx(() -> {
                    model.breakdown().show(preview);
                    model.messageProperty().set(texts.get("counter.resumed.preSettled", v.mdtrtId()));
                });
            }
            case PENDING -> fx(() -> model.messageProperty().set(texts.get("counter.pending", v.mdtrtId(), reason) + records));
            case OUTCOME_UNKNOWN -> fx(() -> model.messageProperty().set(texts.get("counter.unknown", v.mdtrtId(), reason)
                    + records));
            case REFUSED -> fx(() -> model.status().fail(texts.get("counter.refused", reason) + records));
            default -> fx(() -> model.messageProperty().set(texts.get("counter.state", v.state().name(), reason)));
        }
    }

    private Receipt receipt(Visit v, SettlementResult result) {
        List<Receipt.Line> lines = new ArrayList<>();
        for (PricedLine l : v.lines()) {
            lines.add(Receipt.Line.printed(l.local().name(), l.count(), Money.ofFen(l.amountFen())));
        }
        return Receipt.of(new Receipt.Header(workflows.institutionName(), workflows.deviceNumber(), operatorName.get(),
                v.card().holder().name()), result, lines);
    }

    /**
     * F6: the station's open visits of this screen's kind (from the store); the one chosen is resumed with the
     * holder's card presented again (PIN, 1101) after the operator confirmed person, ID and card.
     */
    @Override
    public synchronized void openVisits(CounterViewModel model) throws Exception {
        if (workflows.offline()) {
            fx(() -> model.messageProperty().set(texts.get("counter.offline.noResume")));
            return;
        }
        List<OpenVisits.OpenVisit> open = workflows.counter().visits(true).stream()
                .filter(v -> v.medType() == medType).toList();
        Optional<String> chosen = prompts.chooseVisit(open);
        if (chosen.isEmpty()) {
            fx(() -> model.messageProperty().set(texts.get(open.isEmpty() ? "visits.none" : "counter.resume.notChosen")));
            return;
        }
        String mdtrtId = chosen.get();
        forget();
        fx(() -> {
            model.clear();
            model.messageProperty().set(texts.get("counter.resume.presentCard", mdtrtId));
        });
        Optional<char[]> pin = prompts.askPin();
        if (pin.isEmpty()) {
            fx(() -> model.messageProperty().set(texts.get("counter.pinCancelled")));
            return;
        }
        card = workflows.presentation().present(pin.get());
        HolderView h = card.holder();
        showHolder(model, h);
        if (!prompts.confirm(texts.get("counter.resume.title"), texts.get("counter.resume.confirm", mdtrtId, h.name(),
                h.maskedIdNumber()), texts.get("counter.resume.ok"))) {
            fx(() -> model.messageProperty().set(texts.get("counter.resume.notConfirmed")));
            return;
        }
        Visit resumed = workflows.counter().resume(mdtrtId, card);
        visit = resumed;
        List<CounterItem> items = new ArrayList<>();
        List<ItemRow> rows = new ArrayList<>();
        for (PricedLine l : resumed.lines()) {
            items.add(new CounterItem(l.local().localCode(), l.count()));
            rows.add(new ItemRow(l.local().localCode(), l.local().name(), l.count(), l.priceFen(), true));
        }
        uploaded = List.copyOf(items);
        fx(() -> {
            model.items().setAll(rows);
            model.holder().confirmedProperty().set(true);
        });
        queueChanged.run();
        report(model);
    }

    /**
     * F7: cancels a settlement of this station (2208) by its setl_id, after the operator confirmed it. The counter
     * checks the permission (a cashier their own settlements of the current shift, a supervisor any). With the
     * holder's card presented (F2 first) the card's balance is written back; the cancellation slip is printed.
     */
    @Override
    public synchronized void cancelSettlement(CounterViewModel model) throws Exception {
        if (workflows.offline()) {
            fx(() -> model.messageProperty().set(texts.get("counter.offline.noCancel")));
            return;
        }
        Optional<String> asked = prompts.askText(texts.get("cancel.title"), texts.get("cancel.prompt"));
        if (asked.isEmpty()) {
            fx(() -> model.messageProperty().set(texts.get("cancel.notDone")));
            return;
        }
        String setlId = asked.get();
        Optional<SettledRecords.Record> original = workflows.counter().records().findSettlement(setlId);
        if (original.isEmpty()) {
            fx(() -> model.messageProperty().set(texts.get("cancel.unknown", setlId)));
            return;
        }
        SettledRecords.Record r = original.get();
        PresentedCard holderCard = card != null && card.cardNumber().equals(r.cardNumber()) ? card : null;
        String question = texts.get("cancel.confirm", setlId, MoneyFormat.yuan(r.medfee().fen()), r.mdtrtId(),
                r.operatorId()) + " " + texts.get(holderCard == null ? "cancel.withoutCard" : "cancel.withCard");
        if (!prompts.confirm(texts.get("cancel.title"), question, texts.get("cancel.ok"))) {
            fx(() -> model.messageProperty().set(texts.get("cancel.notDone")));
            return;
        }
        Receipt done = workflows.counter().cancel(setlId, holderCard);
        queueChanged.run();
        Receipt slip = cancellationSlip(workflows.institutionName(), workflows.deviceNumber(), operatorName.get(),
                done);
        PrintSpooler.Outcome printed = workflows.spooler().submit(slip);
        String text = texts.get("cancel.done", setlId, done.setlId())
                + (printed.printed() ? "" : " " + texts.get("cancel.notPrinted", printed.message()))
                + (holderCard != null && done.cardUpdated() ? " " + texts.get("cancel.cardUpdated") : "");
        fx(() -> model.messageProperty().set(text));
    }

    /** The cancellation slip of a 2208 (negative amounts, {@code orig_setl_id}); also printed by the supervisor's cancel. */
    public static Receipt cancellationSlip(String institutionName, String deviceNumber, String operatorName,
                                           Receipt done) {
        Receipt.Header h = done.header();
        return new Receipt(new Receipt.Header(h.institutionCode(), institutionName, deviceNumber, h.operatorId(),
                operatorName, h.patientName()), done.cardNumber(), done.insutype(), done.insuranceLabel(),
                done.medType(), done.setlId(), done.origSetlId(), done.mdtrtId(), done.msgid(), done.setlTime(),
                List.of(), done.amounts(), List.of(), done.cardUpdated(), false);
    }

    /**
     * The card was taken out between jobs. Settled (or sold offline, or taken deferred): the screen is readied for
     * the next patient as Esc does. A visit with its fees uploaded or pre-settled, or whose 2207 is pending or unknown, stays open in the store
     * (the forwarder finishes a pending 2207): the screen is cleared and says how to resume it. Otherwise nothing was
     * settled: the card and holder are cleared and the items stay for the card inserted again.
     */
    @Override
    public synchronized CardRemoval cardRemoved(CounterViewModel model) {
        Visit v = visit;
        boolean finished = offlineSold != null || deferredTaken != null
                || v != null && (v.state() == VisitState.SETTLED || v.state() == VisitState.CANCELLED);
        boolean open = !finished && v != null && switch (v.state()) {
            case FEES_UPLOADED, PRE_SETTLED, REVERSED, PENDING, OUTCOME_UNKNOWN -> true;
            default -> false;
        };
        forget();
        if (finished) {
            fx(model::clear);
            return CardRemoval.FINISHED;
        }
        if (open) {
            String reason = v.reason() == null ? "" : v.reason();
            String text = switch (v.state()) {
                case PENDING -> texts.get("cardEvent.removed.pending", v.mdtrtId(), reason);
                case OUTCOME_UNKNOWN -> texts.get("cardEvent.removed.unknown", v.mdtrtId(), reason);
                default -> texts.get("cardEvent.removed.preSettled", v.mdtrtId());
            };
            fx(() -> {
                model.clear();
                model.messageProperty().set(text);
            });
            return CardRemoval.VISIT_OPEN;
        }
        fx(() -> {
            model.holder().clear();
            model.breakdown().clear();
            model.messageProperty().set(texts.get("cardEvent.removed.nothingSettled"));
        });
        return CardRemoval.NOTHING_SETTLED;
    }

    @Override
    public synchronized void cancel(CounterViewModel model) {
        forget();
    }

    private void forget() {
        visit = null;
        uploaded = null;
        offlineSold = null;
        deferredTaken = null;
        offlineCard = null;
        offlineSession = null;
        if (offlineTransport != null) {
            offlineTransport.close();
            offlineTransport = null;
        }
        if (card != null) {
            card.close();
            card = null;
        }
    }

    private static void fx(Runnable r) {
        Platform.runLater(r);
    }

    private static <T> T onFx(Supplier<T> s) throws InterruptedException {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
