package org.sscard.terminal.ui.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.terminal.card.HolderView;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.PricedLine;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.ui.screens.CounterActions;
import org.sscard.terminal.ui.screens.CounterViewModel;
import org.sscard.terminal.ui.screens.ItemRow;
import org.sscard.terminal.ui.text.Texts;

/**
 * The online counter workflow behind a counter screen (med_type 11 at the cashier window, 41 at the pharmacy
 * counter), over terminal-app's {@code CardPresentation} and {@code Counter}:
 * F2 asks the holder's PIN, presents the card (mutual authentication, blacklist, VERIFY PIN, 1101) and shows the
 * holder for 人证卡相符; F8 (holder confirmed) registers the visit (2201), uploads the items and pre-settles (2204,
 * 2206), shows the split, asks for the confirmation, settles (2207, card updated) and hands the receipt to the
 * spooler; Esc gives the card back and forgets the visit (nothing is booked before the 2207; a pending or unknown
 * 2207 is finished by the forwarder and can be resumed from the store). Runs on the UI's single background worker.
 */
public final class OnlineCounterActions implements CounterActions {
    private final CounterWorkflows workflows;
    private final MedType medType;
    private final CounterPrompts prompts;
    private final Texts texts;
    private final Supplier<String> operatorName;
    private PresentedCard card;
    private Visit visit;
    private List<CounterItem> uploaded;

    public OnlineCounterActions(CounterWorkflows workflows, MedType medType, CounterPrompts prompts, Texts texts,
                                Supplier<String> operatorName) {
        this.workflows = workflows;
        this.medType = medType;
        this.prompts = prompts;
        this.texts = texts;
        this.operatorName = operatorName;
    }

    @Override
    public synchronized void readCard(CounterViewModel model) throws Exception {
        forget();
        fx(() -> {
            model.holder().clear();
            model.breakdown().clear();
            model.messageProperty().set("");
        });
        Optional<char[]> pin = prompts.askPin();
        if (pin.isEmpty()) {
            fx(() -> model.messageProperty().set(texts.get("counter.pinCancelled")));
            return;
        }
        card = workflows.presentation().present(pin.get());
        HolderView h = card.holder();
        fx(() -> {
            model.holder().show(h.name(), h.sexText(), h.birthDate() == null ? "" : h.birthDate().toString(),
                    h.maskedIdNumber());
            model.messageProperty().set(texts.get("counter.checkHolder"));
        });
    }

    @Override
    public synchronized void settle(CounterViewModel model) throws Exception {
        if (card == null) {
            fx(() -> model.messageProperty().set(texts.get("counter.readFirst")));
            return;
        }
        if (visit != null && visit.state() == VisitState.SETTLED) {
            fx(() -> model.messageProperty().set(texts.get("counter.alreadySettled", visit.settlement().setlinfo().setlId())));
            return;
        }
        record Snapshot(boolean confirmed, List<CounterItem> items) {
        }
        Snapshot snap = onFx(() -> {
            List<CounterItem> items = new ArrayList<>();
            for (ItemRow r : model.items()) {
                items.add(new CounterItem(r.codeProperty().get(), r.quantityProperty().get()));
            }
            return new Snapshot(model.holder().confirmedProperty().get(), List.copyOf(items));
        });
        if (!snap.confirmed()) {
            fx(() -> model.messageProperty().set(texts.get("counter.confirmHolderFirst")));
            return;
        }
        if (visit == null) {
            boolean pharmacy = medType == MedType.PHARMACY;
            visit = workflows.counter().register(card, medType, pharmacy ? "PHARMACY" : "OUTPATIENT",
                    pharmacy ? "药师" : "门诊医生");
        }
        if (visit.state() == VisitState.REGISTERED) {
            uploaded = snap.items();
            workflows.counter().uploadAndPreSettle(visit, uploaded);
        } else if (!snap.items().equals(uploaded)) {
            fx(() -> model.messageProperty().set(texts.get("counter.itemsChanged")));
            return;
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
        report(model);
    }

    private void report(CounterViewModel model) {
        Visit v = visit;
        String reason = v.reason() == null ? "" : v.reason();
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
                    model.messageProperty().set(text + cardNote);
                });
            }
            case PENDING -> fx(() -> model.messageProperty().set(texts.get("counter.pending", v.mdtrtId(), reason)));
            case OUTCOME_UNKNOWN -> fx(() -> model.messageProperty().set(texts.get("counter.unknown", v.mdtrtId(), reason)));
            case REFUSED -> fx(() -> model.messageProperty().set(texts.get("counter.refused", reason)));
            default -> fx(() -> model.messageProperty().set(texts.get("counter.state", v.state().name(), reason)));
        }
    }

    private Receipt receipt(Visit v, SettlementResult result) {
        List<Receipt.Line> lines = new ArrayList<>();
        for (PricedLine l : v.lines()) {
            lines.add(new Receipt.Line(l.local().name(), Long.toString(l.count()), l.amountFen()));
        }
        return Receipt.of(new Receipt.Header(workflows.institutionName(), workflows.deviceNumber(), operatorName.get(),
                v.card().holder().name()), result, lines);
    }

    @Override
    public synchronized void cancel(CounterViewModel model) {
        forget();
    }

    private void forget() {
        visit = null;
        uploaded = null;
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
