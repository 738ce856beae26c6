package org.sscard.terminal.ui.workflow;

import java.util.ArrayList;
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
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.PricedLine;
import org.sscard.terminal.counter.Records;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.desk.LinkDownWork;
import org.sscard.terminal.desk.NextStep;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.PrintSpooler;
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
 * The counter screen's keys as a view over terminal-app's {@link CounterDesk}, which holds the card and the visit and
 * decides every next step: F2 reads the card (the holder's PIN online) and shows the holder for 人证卡相符; F8 hands
 * the items to the desk and shows what it answers — the split to confirm, the receipt to print, where the visit
 * stands, or, while the link is down, the total to confirm and the PIN for an offline debit (pharmacy) or a deferred
 * visit (cashier window); Esc gives the card back. F6 lists the open visits and resumes one with what it was begun
 * with (the holder's card, or a fresh 医保码 of the holder); F7 cancels a settlement (2208). The receipts the desk makes
 * are handed to the spooler. Runs on the UI's single background worker.
 */
public final class OnlineCounterActions implements CounterActions {
    private final CounterWorkflows workflows;
    private final CounterDesk desk;
    private final CounterPrompts prompts;
    private final Texts texts;
    private final ErrorMessages errors;
    private final Supplier<String> operatorName;
    private final Runnable queueChanged;

    public OnlineCounterActions(CounterWorkflows workflows, MedType medType, CounterPrompts prompts, Texts texts,
                                Supplier<String> operatorName) {
        this(workflows, medType, prompts, texts, operatorName, () -> { });
    }

    /** @param queueChanged called after a message was added to the outbox (the status bar counts them) */
    public OnlineCounterActions(CounterWorkflows workflows, MedType medType, CounterPrompts prompts, Texts texts,
                                Supplier<String> operatorName, Runnable queueChanged) {
        this.workflows = workflows;
        this.desk = workflows.desk(medType);
        this.prompts = prompts;
        this.texts = texts;
        this.errors = new ErrorMessages(texts);
        this.operatorName = operatorName;
        this.queueChanged = queueChanged;
    }

    @Override
    public synchronized void readCard(CounterViewModel model) throws Exception {
        withNotices(model, () -> readCardNow(model));
    }

    private void readCardNow(CounterViewModel model) throws Exception {
        desk.forget();
        fx(() -> {
            model.holder().clear();
            model.breakdown().clear();
            model.messageProperty().set("");
        });
        NextStep step = desk.readCard(prompts::askPin);
        if (step instanceof NextStep.CheckHolder c) {
            showHolder(model, c.holder());
            String text = !c.linkDown() ? texts.get("counter.checkHolder")
                    : c.work() == LinkDownWork.OFFLINE_DEBIT
                    ? texts.get("counter.offline.checkHolder", MoneyFormat.yuan(c.holder().balance().fen()))
                    : texts.get("counter.deferred.checkHolder");
            fx(() -> model.messageProperty().set(text));
        } else {
            say(model, step);
        }
    }

    /**
     * A scanned 医保码, or F3 (null: asked for, hidden as typed): the desk has the platform decode it and query the
     * person; the holder is shown for 人证相符 as after F2, with no card and no PIN. When the desk waits for the 医保码 of
     * an open visit chosen with F6, the visit is resumed instead, after the operator's confirmation.
     */
    @Override
    public synchronized void presentEcode(CounterViewModel model, String code) throws Exception {
        withNotices(model, () -> presentEcodeNow(model, code));
    }

    private void presentEcodeNow(CounterViewModel model, String code) throws Exception {
        String given = code;
        if (given == null) {
            Optional<String> typed = prompts.askHidden(texts.get("ecode.title"), texts.get("ecode.prompt"));
            if (typed.isEmpty()) {
                message(model, texts.get("ecode.notGiven"));
                return;
            }
            given = typed.get();
        }
        fx(() -> {
            model.holder().clear();
            model.breakdown().clear();
            model.messageProperty().set("");
        });
        NextStep step = desk.presentEcode(given);
        if (step instanceof NextStep.CheckHolder c) {
            showHolder(model, c.holder());
            message(model, texts.get("counter.ecode.checkHolder"));
        } else if (step instanceof NextStep.ConfirmResume confirm) {
            confirmAndResume(model, confirm);
        } else {
            say(model, step);
        }
    }

    private void showHolder(CounterViewModel model, HolderView h) {
        fx(() -> model.holder().show(h.name(), h.sexText(), h.birthDate() == null ? "" : h.birthDate().toString(),
                h.maskedIdNumber()));
    }

    /** The items, department, doctor and 人证卡相符 tick as the screen holds them. */
    private CounterDesk.Order order(CounterViewModel model) throws InterruptedException {
        return onFx(() -> {
            List<CounterDesk.Line> lines = new ArrayList<>();
            for (ItemRow r : model.items()) {
                lines.add(new CounterDesk.Line(new CounterItem(r.codeProperty().get(), r.quantityProperty().get()),
                        r.nameProperty().get(), Money.ofFen(r.amountFenProperty().get()), r.matchedProperty().get()));
            }
            return new CounterDesk.Order(lines, model.departmentProperty().get(), model.doctorProperty().get(),
                    model.holder().confirmedProperty().get());
        });
    }

    @Override
    public synchronized void settle(CounterViewModel model) throws Exception {
        withNotices(model, () -> settleNow(model));
    }

    private void settleNow(CounterViewModel model) throws Exception {
        CounterDesk.Order order = order(model);
        NextStep step = desk.go(order);
        if (step instanceof NextStep.ConfirmSettlement c) {
            SettlementResult preview = c.visit().preview();
            fx(() -> model.breakdown().show(preview));
            if (!prompts.confirmSettlement(preview)) {
                fx(() -> model.messageProperty().set(texts.get("counter.notConfirmed")));
                return;
            }
            step = desk.settle();
        } else if (step instanceof NextStep.ConfirmLinkDownPayment p) {
            step = payLinkDown(model, order, p);
            if (step == null) {
                return;
            }
        }
        queueChanged.run();
        say(model, step);
    }

    /** The operator confirms the total and the holder types the PIN; null when either said no (and the screen says so). */
    private NextStep payLinkDown(CounterViewModel model, CounterDesk.Order order, NextStep.ConfirmLinkDownPayment p)
            throws InterruptedException {
        String keys = keys(p.work());
        if (!prompts.confirm(texts.get(keys + ".confirm.title"),
                texts.get(keys + ".confirm.text", MoneyFormat.yuan(p.total())), texts.get(keys + ".confirm.ok"))) {
            message(model, texts.get("counter.notConfirmed"));
            return null;
        }
        Optional<char[]> pin = prompts.askPin();
        if (pin.isEmpty()) {
            message(model, texts.get(keys + ".pinCancelled"));
            return null;
        }
        return desk.payLinkDown(order, pin.get());
    }

    private static String keys(LinkDownWork work) {
        return work == LinkDownWork.OFFLINE_DEBIT ? "counter.offline" : "counter.deferred";
    }

    /** Shows a step of the desk on the screen: its words, the split, the receipt handed to the spooler. */
    private void say(CounterViewModel model, NextStep step) {
        if (step instanceof NextStep.PresentCard) {
            message(model, texts.get("counter.readFirst"));
        } else if (step instanceof NextStep.PinNotGiven) {
            message(model, texts.get("counter.pinCancelled"));
        } else if (step instanceof NextStep.WaitForLink) {
            message(model, texts.get("counter.offline.hospital"));
        } else if (step instanceof NextStep.PresentCardToResume r) {
            message(model, texts.get("counter.resume.presentCard", r.mdtrtId()));
        } else if (step instanceof NextStep.ScanEcodeToResume r) {
            message(model, texts.get("counter.resume.scanEcode", r.mdtrtId()));
        } else if (step instanceof NextStep.NotWhileLinkDown) {
            message(model, texts.get("counter.offline.noResume"));
        } else if (step instanceof NextStep.EcodeNeedsLink) {
            String text = errors.words(Problem.of(Reason.ECODE_NEEDS_LINK));
            fx(() -> model.status().fail(text));
        } else if (step instanceof NextStep.ConfirmHolderFirst) {
            message(model, texts.get("counter.confirmHolderFirst"));
        } else if (step instanceof NextStep.ItemsChanged) {
            message(model, texts.get("counter.itemsChanged"));
        } else if (step instanceof NextStep.UnmatchedItems u) {
            UserMessage m = errors.unmatchedItems(u.names());
            fx(() -> model.status().fail(m.title() + " " + m.action() + " (" + m.detail() + ")"));
        } else if (step instanceof NextStep.LinkBack b) {
            message(model, texts.get(keys(b.work()) + ".linkBack"));
        } else if (step instanceof NextStep.AlreadySettled a) {
            message(model, texts.get("counter.alreadySettled", a.setlId()));
        } else if (step instanceof NextStep.AlreadySold a) {
            message(model, texts.get("counter.offline.alreadySold", a.msgid()));
        } else if (step instanceof NextStep.AlreadyTaken a) {
            message(model, texts.get("counter.deferred.alreadyTaken", a.ref()));
        } else if (step instanceof NextStep.OfflineRefused r) {
            UserMessage m = errors.describe(r.decision());
            fx(() -> model.status().fail(m.title() + " " + m.action() + (m.detail() == null ? "" : " (" + m.detail() + ")")));
        } else if (step instanceof NextStep.SoldOffline s) {
            soldOffline(model, s);
        } else if (step instanceof NextStep.TakenDeferred t) {
            takenDeferred(model, t);
        } else if (step instanceof NextStep.ConfirmSettlement c) {
            SettlementResult preview = c.visit().preview();
            fx(() -> {
                model.breakdown().show(preview);
                model.messageProperty().set(texts.get("counter.resumed.preSettled", c.visit().mdtrtId()));
            });
        } else if (step instanceof NextStep.Settled s) {
            settled(model, s);
        } else if (step instanceof NextStep.Pending p) {
            message(model, texts.get("counter.pending", p.visit().mdtrtId(), reason(p.visit())) + records(p.visit()));
        } else if (step instanceof NextStep.OutcomeUnknown u) {
            message(model, texts.get("counter.unknown", u.visit().mdtrtId(), reason(u.visit())) + records(u.visit()));
        } else if (step instanceof NextStep.Refused r) {
            String text = texts.get("counter.refused", reason(r.visit())) + records(r.visit());
            fx(() -> model.status().fail(text));
        } else if (step instanceof NextStep.Stands s) {
            message(model, texts.get("counter.state", s.visit().state().name(), reason(s.visit())));
        } else {
            throw new IllegalStateException("the counter screen does not show " + step);
        }
    }

    private void message(CounterViewModel model, String text) {
        fx(() -> model.messageProperty().set(text));
    }

    private String reason(Visit v) {
        return v.problem() == null ? "" : errors.words(v.problem());
    }

    /**
     * When the station could not write its records after the 2207 was sent: what the station does about its records
     * and, unless nothing was settled, not to settle again.
     */
    private String records(Visit v) {
        return v.records() == Records.UP_TO_DATE ? "" : " " + texts.get("counter.records." + v.records().name())
                + (v.state() == VisitState.REFUSED || v.state() == VisitState.REVERSED ? ""
                        : " " + texts.get("counter.records.noRepeat"));
    }

    private void settled(CounterViewModel model, NextStep.Settled s) {
        Visit v = s.visit();
        SettlementResult result = v.settlement();
        PrintSpooler.Outcome printed = workflows.spooler().submit(desk.receipt(s, operatorName.get(), texts.locale()));
        String setlId = result.setlinfo().setlId();
        String text = printed.printed() ? texts.get("counter.settled", setlId)
                : texts.get("counter.settledNotPrinted", setlId, errors.words(printed.problem()));
        String cardNote = v.receipt() != null && !v.receipt().eVoucher() && !v.receipt().cardUpdated()
                ? " " + texts.get("counter.cardNotUpdated") : "";
        String records = records(v);
        fx(() -> {
            model.breakdown().show(result);
            model.messageProperty().set(text + cardNote + records);
        });
    }

    private void soldOffline(CounterViewModel model, NextStep.SoldOffline step) {
        OfflineSale.Receipt sold = step.sold();
        queueChanged.run();
        PrintSpooler.Outcome printed = workflows.spooler().submit(desk.receipt(step, operatorName.get(), texts.locale()));
        String text = printed.printed()
                ? texts.get("counter.offline.sold", MoneyFormat.yuan(sold.amount()),
                        MoneyFormat.yuan(sold.balanceAfter()), sold.msgid())
                : texts.get("counter.offline.soldNotPrinted", MoneyFormat.yuan(sold.amount()), sold.msgid(),
                        errors.words(printed.problem()));
        String mac2 = sold.mac2Verified() ? "" : " " + texts.get("counter.offline.mac2Unverified");
        String records = sold.records() == Records.UP_TO_DATE ? "" : " " + texts.get("counter.records." + sold.records().name())
                + " " + texts.get("counter.offline.records.noRepeat");
        fx(() -> {
            model.breakdown().showOfflineDebit(sold.amount(), sold.balanceAfter(), sold.msgid());
            model.messageProperty().set(text + mac2 + records);
        });
    }

    private void takenDeferred(CounterViewModel model, NextStep.TakenDeferred step) {
        DeferredReceipt taken = step.taken();
        queueChanged.run();
        PrintSpooler.Outcome printed = workflows.spooler().submit(desk.receipt(step, operatorName.get(), texts.locale()));
        String text = printed.printed()
                ? texts.get("counter.deferred.taken", MoneyFormat.yuan(taken.paidCash()), taken.ref())
                : texts.get("counter.deferred.takenNotPrinted", MoneyFormat.yuan(taken.paidCash()), taken.ref(),
                        errors.words(printed.problem()));
        fx(() -> {
            model.breakdown().showDeferred(taken.paidCash(), taken.ref());
            model.messageProperty().set(text);
        });
    }

    /**
     * F6: the station's open visits of this screen's kind, each with what it was begun with; the desk says what the one
     * chosen needs: the holder's card presented again (PIN, 1101), or a fresh 医保码 of the holder scanned (or typed
     * with F3, {@link #presentEcode}); it is resumed after the operator confirmed person and ID.
     */
    @Override
    public synchronized void openVisits(CounterViewModel model) throws Exception {
        withNotices(model, () -> openVisitsNow(model));
    }

    private void openVisitsNow(CounterViewModel model) throws Exception {
        NextStep step = desk.openVisits();
        if (!(step instanceof NextStep.ChooseVisit choose)) {
            message(model, texts.get("counter.offline.noResume"));
            return;
        }
        Optional<String> chosen = prompts.chooseVisit(choose.open());
        if (chosen.isEmpty()) {
            message(model, texts.get(choose.open().isEmpty() ? "visits.none" : "counter.resume.notChosen"));
            return;
        }
        String mdtrtId = chosen.get();
        fx(model::clear);
        NextStep needed = desk.chooseToResume(mdtrtId);
        say(model, needed);
        if (!(needed instanceof NextStep.PresentCardToResume)) {
            return;
        }
        NextStep presented = desk.presentForResume(mdtrtId, prompts::askPin);
        if (!(presented instanceof NextStep.ConfirmResume confirm)) {
            say(model, presented);
            return;
        }
        confirmAndResume(model, confirm);
    }

    /** The holder of the visit to resume is shown; the operator confirms person and ID, and the desk resumes it. */
    private void confirmAndResume(CounterViewModel model, NextStep.ConfirmResume confirm) throws InterruptedException {
        String mdtrtId = confirm.mdtrtId();
        HolderView h = confirm.holder();
        showHolder(model, h);
        String question = texts.get(h.cardNumber() == null ? "counter.resume.confirmEcode" : "counter.resume.confirm",
                mdtrtId, h.name(), h.maskedIdNumber());
        if (!prompts.confirm(texts.get("counter.resume.title"), question, texts.get("counter.resume.ok"))) {
            message(model, texts.get("counter.resume.notConfirmed"));
            return;
        }
        NextStep resumed = desk.resume();
        List<ItemRow> rows = new ArrayList<>();
        for (PricedLine l : desk.visit().orElseThrow().lines()) {
            rows.add(new ItemRow(l.local().localCode(), l.local().name(), l.count(), l.price().fen(), true));
        }
        fx(() -> {
            model.items().setAll(rows);
            model.holder().confirmedProperty().set(true);
        });
        queueChanged.run();
        say(model, resumed);
    }

    /**
     * F7: cancels a settlement of this station (2208) by its setl_id, after the operator confirmed it. With the
     * holder's card presented (F2 first) the card's balance is written back; the cancellation slip is printed.
     */
    @Override
    public synchronized void cancelSettlement(CounterViewModel model) throws Exception {
        withNotices(model, () -> cancelSettlementNow(model));
    }

    private void cancelSettlementNow(CounterViewModel model) throws Exception {
        if (!(desk.startCancel() instanceof NextStep.AskSettlementId)) {
            message(model, texts.get("counter.offline.noCancel"));
            return;
        }
        Optional<String> asked = prompts.askText(texts.get("cancel.title"), texts.get("cancel.prompt"));
        if (asked.isEmpty()) {
            message(model, texts.get("cancel.notDone"));
            return;
        }
        String setlId = asked.get();
        NextStep plan = desk.planCancel(setlId);
        if (!(plan instanceof NextStep.ConfirmCancel confirm)) {
            message(model, texts.get("cancel.unknown", setlId));
            return;
        }
        SettledRecords.Record r = confirm.original();
        String question = texts.get("cancel.confirm", setlId, MoneyFormat.yuan(r.medfee().fen()), r.mdtrtId(),
                r.operatorId()) + " " + texts.get(confirm.withCard() ? "cancel.withCard" : "cancel.withoutCard");
        if (!prompts.confirm(texts.get("cancel.title"), question, texts.get("cancel.ok"))) {
            message(model, texts.get("cancel.notDone"));
            return;
        }
        NextStep.Cancelled done = (NextStep.Cancelled) desk.cancel(setlId);
        queueChanged.run();
        PrintSpooler.Outcome printed = workflows.spooler().submit(desk.receipt(done, operatorName.get(), texts.locale()));
        String text = texts.get("cancel.done", setlId, done.done().setlId())
                + (printed.printed() ? "" : " " + texts.get("cancel.notPrinted", errors.words(printed.problem())))
                + (done.withCard() && done.done().cardUpdated() ? " " + texts.get("cancel.cardUpdated") : "");
        message(model, text);
    }

    /**
     * The card was taken out between jobs. Settled (or sold offline, or taken deferred): the screen is readied for
     * the next patient as Esc does. A visit left open in the store: the screen is cleared and says how to resume it.
     * Otherwise nothing was settled: the card and holder are cleared and the items stay for the card inserted again.
     */
    @Override
    public synchronized CardRemoval cardRemoved(CounterViewModel model) {
        CounterDesk.CardOut out = desk.cardRemoved();
        switch (out.kind()) {
            case FINISHED -> {
                fx(model::clear);
                return CardRemoval.FINISHED;
            }
            case VISIT_OPEN -> {
                Visit v = out.visit();
                String text = switch (v.state()) {
                    case PENDING -> texts.get("cardEvent.removed.pending", v.mdtrtId(), reason(v));
                    case OUTCOME_UNKNOWN -> texts.get("cardEvent.removed.unknown", v.mdtrtId(), reason(v));
                    default -> texts.get("cardEvent.removed.preSettled", v.mdtrtId());
                };
                fx(() -> {
                    model.clear();
                    model.messageProperty().set(text);
                });
                return CardRemoval.VISIT_OPEN;
            }
            default -> {
                fx(() -> {
                    model.holder().clear();
                    model.breakdown().clear();
                    model.messageProperty().set(texts.get("cardEvent.removed.nothingSettled"));
                });
                return CardRemoval.NOTHING_SETTLED;
            }
        }
    }

    @Override
    public synchronized void cancel(CounterViewModel model) {
        desk.forget();
    }

    private interface Action {
        void run() throws Exception;
    }

    /**
     * Runs an operator's action and shows the platform's notices (warn_msg) of its answers beside the message, until
     * the next action: read, never in the way.
     */
    private void withNotices(CounterViewModel model, Action action) throws Exception {
        fx(() -> model.noticeProperty().set(""));
        try {
            action.run();
        } finally {
            List<String> notices = desk.takeNotices();
            String text = notices.isEmpty() ? "" : texts.get("counter.platformNotice", String.join(" / ", notices));
            fx(() -> model.noticeProperty().set(text));
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
