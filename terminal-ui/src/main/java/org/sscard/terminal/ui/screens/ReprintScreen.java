package org.sscard.terminal.ui.screens;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sscard.terminal.counter.Reprints;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.values.MoneyFormat;

/**
 * The reprint queue: receipts the printer could not print (kept by the {@link PrintSpooler}; the settlement itself
 * is complete), with retry (one or all), skip (the patient does not want it; audited {@code receipt.skip}), and the
 * reprint of any settled receipt of this station by its settlement number (audited {@code receipt.reprint}). For
 * the roles that print receipts; a printer failure only ever lands a receipt here.
 */
public final class ReprintScreen implements Screen {
    private final VBox root = new VBox(10);
    private final TableView<Receipt> table;
    private final TextField setlId = new TextField();
    private final Label message = new Label();
    private final PrintSpooler spooler;
    private final Reprints reprints;
    private final Authorizer authorizer;
    private final Permission permission;
    private final UiKit kit;

    /** {@code permission}: the one the operator prints receipts under (checked and audited before each action). */
    public ReprintScreen(PrintSpooler spooler, Reprints reprints, Authorizer authorizer, Permission permission,
                         UiKit kit) {
        this.spooler = spooler;
        this.reprints = reprints;
        this.authorizer = authorizer;
        this.permission = permission;
        this.kit = kit;
        root.setId("screen-reprint");
        root.setPadding(new Insets(12));
        table = Tables.table("reprint-table", kit.texts().get("reprint.empty"));
        table.getColumns().add(Tables.column(kit.texts().get("reprint.col.setlId"), PrintSpooler::key));
        table.getColumns().add(Tables.column(kit.texts().get("reprint.col.time"), r -> r.setlTime() == null ? "" : r.setlTime()));
        table.getColumns().add(Tables.column(kit.texts().get("reprint.col.patient"), r -> r.header().patientName()));
        table.getColumns().add(Tables.column(kit.texts().get("reprint.col.operator"), r -> r.header().operatorName()));
        table.getColumns().add(Tables.column(kit.texts().get("reprint.col.total"), r -> MoneyFormat.plain(r.amounts().medfeeSumamt())));
        Button retry = new Button(kit.texts().get("reprint.retry"));
        retry.setId("reprint-retry");
        retry.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(kit.tasks().runningProperty()));
        retry.setOnAction(e -> retry(table.getSelectionModel().getSelectedItem()));
        Button retryAll = new Button(kit.texts().get("reprint.retryAll"));
        retryAll.setId("reprint-retry-all");
        retryAll.disableProperty().bind(kit.tasks().runningProperty());
        retryAll.setOnAction(e -> retryAll());
        Button skip = new Button(kit.texts().get("reprint.skip"));
        skip.setId("reprint-skip");
        skip.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(kit.tasks().runningProperty()));
        skip.setOnAction(e -> skip(table.getSelectionModel().getSelectedItem()));
        setlId.setId("reprint-setl-id");
        setlId.setPromptText(kit.texts().get("reprint.setlId"));
        setlId.setPrefColumnCount(24);
        setlId.setOnAction(e -> reprintSettled());
        Button reprint = new Button(kit.texts().get("reprint.bySetlId"));
        reprint.setId("reprint-by-setl-id");
        reprint.disableProperty().bind(kit.tasks().runningProperty());
        reprint.setOnAction(e -> reprintSettled());
        message.setId("reprint-message");
        message.setWrapText(true);
        HBox queueBar = new HBox(10, retry, retryAll, skip);
        HBox byId = new HBox(10, new Label(kit.texts().get("reprint.settled")), setlId, reprint);
        byId.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(new Label(kit.texts().get("reprint.waiting")), queueBar, table, byId, message);
    }

    @Override
    public void refresh() {
        table.setItems(FXCollections.observableArrayList(spooler.unprinted()));
    }

    private void retry(Receipt r) {
        String key = PrintSpooler.key(r);
        kit.tasks().run(kit.texts().get("reprint.printing"), () -> {
            authorizer.require(permission, "reprint " + key);
            return spooler.reprint(key);
        }, this::report, f -> message.setText(kit.line(f)));
    }

    private void retryAll() {
        kit.tasks().run(kit.texts().get("reprint.printing"), () -> {
            authorizer.require(permission, "reprint all");
            return spooler.reprintAll();
        }, (List<PrintSpooler.Outcome> outcomes) -> {
            long printed = outcomes.stream().filter(PrintSpooler.Outcome::printed).count();
            String failure = outcomes.stream().filter(o -> !o.printed()).map(o -> kit.errors().words(o.problem()))
                    .findFirst()
                    .orElse("");
            message.setText(kit.texts().get("reprint.printedAll", printed, spooler.unprinted().size(), failure));
            refresh();
        }, f -> message.setText(kit.line(f)));
    }

    private void skip(Receipt r) {
        String key = PrintSpooler.key(r);
        kit.tasks().run(kit.texts().get("reprint.skip"), () -> {
            String operator = authorizer.require(permission, "skip receipt " + key).operatorId();
            return reprints.skip(operator, key);
        }, removed -> {
            message.setText(kit.texts().get(removed ? "reprint.skipped" : "reprint.gone", key));
            refresh();
        }, f -> message.setText(kit.line(f)));
    }

    /** Rebuilds the receipt of the settlement typed in and prints it (a failure puts it in the queue). */
    public void reprintSettled() {
        String id = setlId.getText().trim();
        kit.tasks().run(kit.texts().get("reprint.printing"), () -> {
            String operator = authorizer.require(permission, "reprint settled " + id).operatorId();
            return reprints.reprintSettled(operator, id);
        }, o -> {
            if (o.printed()) {
                setlId.clear();
            }
            report(o);
        }, f -> message.setText(kit.line(f)));
    }

    private void report(PrintSpooler.Outcome o) {
        message.setText(o.printed() ? kit.texts().get("reprint.printed", o.setlId())
                : kit.texts().get("reprint.failed", o.setlId(), kit.errors().words(o.problem())));
        refresh();
    }

    @Override
    public String id() {
        return "screen-reprint";
    }

    @Override
    public String titleKey() {
        return "screen.reprint";
    }

    @Override
    public Node view() {
        return root;
    }
}
