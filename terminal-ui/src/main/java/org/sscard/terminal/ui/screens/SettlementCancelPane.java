package org.sscard.terminal.ui.screens;

import java.util.Optional;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.ui.workflow.CounterPrompts;
import org.sscard.terminal.ui.workflow.OnlineCounterActions;
import org.sscard.values.MoneyFormat;

/**
 * The supervisor's cancel of any settlement of this station (2208) by its setl_id, without the holder's card (the
 * counter screens' F7 is the cashier's and pharmacist's): the settlement is looked up in the station's records, the
 * supervisor confirms amount, visit and operator, {@code Counter.cancel(setlId, null)} checks CANCEL_ANY_SETTLEMENT
 * (audited) and sends the 2208, and the cancellation slip goes to the receipt spooler.
 */
public final class SettlementCancelPane extends VBox {
    private final TextField setlId = new TextField();
    private final Label message = new Label();
    private final Counter counter;
    private final PrintSpooler spooler;
    private final CounterPrompts prompts;
    private final String institutionName;
    private final String deviceNumber;
    private final Supplier<String> operatorName;
    private final UiKit kit;

    public SettlementCancelPane(Counter counter, PrintSpooler spooler, CounterPrompts prompts, String institutionName,
                                String deviceNumber, Supplier<String> operatorName, UiKit kit) {
        super(6);
        this.counter = counter;
        this.spooler = spooler;
        this.prompts = prompts;
        this.institutionName = institutionName;
        this.deviceNumber = deviceNumber;
        this.operatorName = operatorName;
        this.kit = kit;
        setId("supervisor-cancel");
        setlId.setId("supervisor-cancel-setl-id");
        setlId.setPromptText(kit.texts().get("reprint.setlId"));
        setlId.setPrefColumnCount(24);
        setlId.setOnAction(e -> cancelSettlement());
        Button cancel = new Button(kit.texts().get("supervisorCancel.button"));
        cancel.setId("supervisor-cancel-run");
        cancel.disableProperty().bind(kit.tasks().runningProperty());
        cancel.setOnAction(e -> cancelSettlement());
        message.setId("supervisor-cancel-message");
        message.setWrapText(true);
        HBox row = new HBox(10, new Label(kit.texts().get("supervisorCancel.title")), setlId, cancel);
        row.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(row, message);
    }

    /** Looks the settlement up, asks, cancels and prints the slip, on the background worker. */
    public void cancelSettlement() {
        String id = setlId.getText() == null ? "" : setlId.getText().trim();
        if (id.isEmpty()) {
            message.setText(kit.texts().get("supervisorCancel.enterId"));
            return;
        }
        kit.tasks().run(kit.texts().get("supervisorCancel.running"), () -> {
            Optional<SettledRecords.Record> original = counter.records().findSettlement(id);
            if (original.isEmpty()) {
                return kit.texts().get("cancel.unknown", id);
            }
            SettledRecords.Record r = original.get();
            String question = kit.texts().get("cancel.confirm", id, MoneyFormat.yuan(r.medfee().fen()), r.mdtrtId(),
                    r.operatorId()) + " " + kit.texts().get("cancel.withoutCard");
            if (!prompts.confirm(kit.texts().get("cancel.title"), question, kit.texts().get("cancel.ok"))) {
                return kit.texts().get("cancel.notDone");
            }
            Receipt done = counter.cancel(id, null);
            Receipt slip = CounterDesk.cancellationSlip(institutionName, deviceNumber, operatorName.get(), done);
            PrintSpooler.Outcome printed = spooler.submit(slip);
            return kit.texts().get("cancel.done", id, done.setlId())
                    + (printed.printed() ? "" : " " + kit.texts().get("cancel.notPrinted", kit.errors().words(printed.problem())));
        }, text -> {
            message.setText(text);
            setlId.clear();
        }, f -> message.setText(kit.line(f)));
    }
}
