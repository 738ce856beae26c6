package org.sscard.terminal.ui.screens;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.sscard.terminal.ui.fx.MoneyLabel;
import org.sscard.values.MoneyFormat;

/**
 * A counter screen (cashier window or pharmacy counter): the holder panel on the left (人证卡相符), the item
 * field and table in the middle with the total in large type, the breakdown panel on the right. F2 reads the card (a
 * scanned 医保码, or F3 to type it, starts the visit without a card) and F8 settles through the connected
 * {@link CounterActions}, F6 lists the open visits to resume one (a visit begun with a 医保码 takes a fresh one scanned
 * or typed with F3), F7 cancels a settlement; the cashier window has the visit's department (chosen by its name) and
 * doctor fields; the item field (and a barcode scanner anywhere on the screen) adds items from the catalog cache.
 */
public final class CounterScreen implements Screen {
    /** Shorter than a 医保码 (40 characters), longer than item barcodes (EAN-13, GS1 up to 30 with an EC prefix). */
    private static final int ECODE_MIN_LENGTH = 32;
    private final String id;
    private final String titleKey;
    private final CounterViewModel model;
    private final UiKit kit;
    private final BorderPane root = new BorderPane();
    private final TextField itemField = new TextField();
    /** The card was taken out with a visit left open: the card inserted next resumes it (F6) instead of F2. */
    private boolean resumeOnInsert;

    public CounterScreen(String id, String titleKey, CounterViewModel model, UiKit kit) {
        this.id = id;
        this.titleKey = titleKey;
        this.model = model;
        this.kit = kit;
        root.setId(id);
        root.setPadding(new Insets(12));
        root.setLeft(holderPanel());
        root.setCenter(itemPanel());
        root.setRight(breakdownPanel());
        Label message = new MessageLine(id + "-message", model.status(), model.noticeProperty()).label();
        Label notConnected = new Label(kit.texts().get("counter.notConnected"));
        notConnected.setId(id + "-not-connected");
        notConnected.visibleProperty().bind(model.actionsProperty().isNull());
        notConnected.managedProperty().bind(notConnected.visibleProperty());
        Button read = new Button(kit.texts().get("counter.readCard"));
        read.setId(id + "-read");
        read.disableProperty().bind(model.actionsProperty().isNull().or(kit.tasks().runningProperty()));
        read.setOnAction(e -> readCard());
        Button ecode = new Button(kit.texts().get("counter.ecode"));
        ecode.setId(id + "-ecode");
        ecode.disableProperty().bind(model.actionsProperty().isNull().or(kit.tasks().runningProperty()));
        ecode.setOnAction(e -> presentEcode(null));
        Button settle = new Button(kit.texts().get("counter.settle"));
        settle.setId(id + "-settle");
        settle.getStyleClass().add("accent");
        settle.disableProperty().bind(model.actionsProperty().isNull().or(kit.tasks().runningProperty())
                .or(Bindings.isEmpty(model.items())));
        settle.setOnAction(e -> settle());
        Button visits = new Button(kit.texts().get("counter.openVisits"));
        visits.setId(id + "-visits");
        visits.disableProperty().bind(model.actionsProperty().isNull().or(kit.tasks().runningProperty()));
        visits.setOnAction(e -> openVisits());
        Button cancelSettlement = new Button(kit.texts().get("counter.cancelSettlement"));
        cancelSettlement.setId(id + "-cancel-settlement");
        cancelSettlement.disableProperty().bind(model.actionsProperty().isNull().or(kit.tasks().runningProperty()));
        cancelSettlement.setOnAction(e -> cancelSettlement());
        // the keys keep their whole names; the message line is what gives way on a narrow window
        for (Button key : List.of(read, ecode, settle, visits, cancelSettlement)) {
            key.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bottom = new HBox(12, read, ecode, settle, visits, cancelSettlement, notConnected, message);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(10, 0, 0, 0));
        root.setBottom(bottom);
    }

    public CounterViewModel model() {
        return model;
    }

    private Node holderPanel() {
        HolderViewModel h = model.holder();
        GridPane g = new GridPane();
        g.setId(id + "-holder");
        g.getStyleClass().add("panel");
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        g.setPrefWidth(300);
        Label title = new Label(kit.texts().get("holder.title"));
        title.getStyleClass().add("title-3");
        g.add(title, 0, 0, 2, 1);
        row(g, 1, "holder.name", h.nameProperty(), id + "-holder-name");
        row(g, 2, "holder.sex", h.sexProperty(), id + "-holder-sex");
        row(g, 3, "holder.birthDate", h.birthDateProperty(), id + "-holder-birth");
        row(g, 4, "holder.idNumber", h.maskedIdProperty(), id + "-holder-id");
        CheckBox confirmed = new CheckBox(kit.texts().get("holder.confirm"));
        confirmed.setId(id + "-holder-confirm");
        confirmed.selectedProperty().bindBidirectional(h.confirmedProperty());
        confirmed.disableProperty().bind(h.presentProperty().not());
        g.add(confirmed, 0, 5, 2, 1);
        Label empty = new Label(kit.texts().get("holder.empty"));
        empty.visibleProperty().bind(h.presentProperty().not());
        g.add(empty, 0, 6, 2, 1);
        return g;
    }

    private void row(GridPane g, int r, String key, javafx.beans.property.StringProperty value, String nodeId) {
        Label name = new Label(kit.texts().get(key));
        name.setMinWidth(Label.USE_PREF_SIZE);
        g.add(name, 0, r);
        Label v = new Label();
        v.setId(nodeId);
        v.textProperty().bind(value);
        v.getStyleClass().add("holder-value");
        g.add(v, 1, r);
    }

    private Node itemPanel() {
        itemField.setId(id + "-item");
        itemField.setPromptText(kit.texts().get("items.scanPrompt"));
        itemField.setOnAction(e -> {
            String code = itemField.getText().trim();
            itemField.clear();
            addItem(code);
        });
        TableView<ItemRow> table = new TableView<>(model.items());
        table.setId(id + "-items");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(kit.texts().get("items.empty")));
        table.getColumns().add(column("items.code", r -> r.codeProperty().get()));
        table.getColumns().add(column("items.name", r -> r.nameProperty().get()
                + (r.matchedProperty().get() ? "" : " " + kit.texts().get("items.unmatched"))));
        table.getColumns().add(column("items.quantity", r -> Long.toString(r.quantityProperty().get())));
        table.getColumns().add(column("items.unitPrice", r -> MoneyFormat.plain(r.unitPriceFenProperty().get())));
        table.getColumns().add(column("items.amount", r -> MoneyFormat.plain(r.amountFenProperty().get())));
        MoneyLabel total = new MoneyLabel();
        total.setId(id + "-total");
        total.getStyleClass().add("money-large");
        total.fenProperty().bind(model.totalFen());
        HBox totalRow = new HBox(12, new Label(kit.texts().get("items.total")), total);
        totalRow.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(8, itemField, table, totalRow);
        if (model.hasVisitFields()) {
            box.getChildren().add(0, visitFields());
        }
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(0, 12, 0, 12));
        return box;
    }

    /**
     * Department and doctor of the visit (2201), with the defaults filled in: the department is chosen among the
     * station's by its name, its code in brackets and in the tooltip.
     */
    private Node visitFields() {
        ComboBox<String> department = new ComboBox<>(FXCollections.observableArrayList(model.departmentCodes()));
        department.setId(id + "-department");
        department.setConverter(new StringConverter<>() {
            @Override
            public String toString(String code) {
                return code == null ? "" : model.departmentName(code)
                        .map(name -> kit.texts().get("counter.department.named", name, code)).orElse(code);
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        department.valueProperty().bindBidirectional(model.departmentProperty());
        Tooltip code = new Tooltip();
        code.textProperty().bind(Bindings.createStringBinding(() -> kit.texts().get("counter.department.code",
                model.departmentProperty().get()), model.departmentProperty()));
        department.setTooltip(code);
        TextField doctor = new TextField();
        doctor.setId(id + "-doctor");
        doctor.textProperty().bindBidirectional(model.doctorProperty());
        Label departmentLabel = new Label(kit.texts().get("counter.department"));
        Label doctorLabel = new Label(kit.texts().get("counter.doctor"));
        departmentLabel.setMinWidth(Region.USE_PREF_SIZE);
        doctorLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, departmentLabel, department, doctorLabel, doctor);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private TableColumn<ItemRow, String> column(String key, java.util.function.Function<ItemRow, String> value) {
        TableColumn<ItemRow, String> c = new TableColumn<>(kit.texts().get(key));
        c.setCellValueFactory(cell -> Bindings.createStringBinding(() -> value.apply(cell.getValue()),
                cell.getValue().quantityProperty(), cell.getValue().amountFenProperty()));
        c.setSortable(false);
        return c;
    }

    private Node breakdownPanel() {
        BreakdownViewModel b = model.breakdown();
        GridPane g = new GridPane();
        g.setId(id + "-breakdown");
        g.getStyleClass().add("panel");
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        g.setPrefWidth(280);
        Label title = new Label();
        title.getStyleClass().add("title-3");
        title.textProperty().bind(Bindings.when(b.finalSettlementProperty())
                .then(kit.texts().get("breakdown.final")).otherwise(kit.texts().get("breakdown.pre")));
        g.add(title, 0, 0, 2, 1);
        money(g, 1, "breakdown.total", b.totalFenProperty(), id + "-bd-total");
        money(g, 2, "breakdown.fund", b.fundFenProperty(), id + "-bd-fund");
        money(g, 3, "breakdown.account", b.accountFenProperty(), id + "-bd-account");
        money(g, 4, "breakdown.cash", b.cashFenProperty(), id + "-bd-cash");
        money(g, 5, "breakdown.balance", b.balanceFenProperty(), id + "-bd-balance");
        g.add(new Label(kit.texts().get("breakdown.setlId")), 0, 6);
        Label setl = new Label();
        setl.setId(id + "-bd-setl");
        setl.textProperty().bind(b.setlIdProperty());
        g.add(setl, 1, 6);
        return g;
    }

    private void money(GridPane g, int r, String key, javafx.beans.property.LongProperty fen, String nodeId) {
        g.add(new Label(kit.texts().get(key)), 0, r);
        MoneyLabel m = new MoneyLabel();
        m.setId(nodeId);
        m.fenProperty().bind(fen);
        g.add(m, 1, r);
    }

    /**
     * A code from the barcode scanner: a 医保码 (it begins with EC and is far longer than an item barcode) starts the
     * visit as an inserted card would; anything else is an item.
     */
    public void scanned(String code) {
        if (code.startsWith("EC") && code.length() >= ECODE_MIN_LENGTH) {
            presentEcode(code);
        } else {
            addItem(code);
        }
    }

    /** Adds an item by code or barcode (looked up off the FX thread). */
    public void addItem(String code) {
        if (code.isEmpty()) {
            return;
        }
        kit.tasks().run(kit.texts().get("items.lookingUp"), () -> model.find(code), found -> {
            if (found.isPresent()) {
                ItemRow row = model.add(found.get());
                model.messageProperty().set(row.matchedProperty().get() ? ""
                        : kit.errors().unmatchedItems(java.util.List.of(row.nameProperty().get())).title());
            } else {
                model.messageProperty().set(kit.texts().get("items.unknown", code));
            }
        }, f -> model.status().fail(kit.line(f)));
    }

    @Override
    public String id() {
        return id;
    }

    /** The counter keys; the cashier window's text also says what F8 does while the link is down. */
    @Override
    public String helpKey() {
        return "screen-cashier".equals(id) ? "keys.help.cashier" : "keys.help.counter";
    }

    @Override
    public String titleKey() {
        return titleKey;
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        itemField.requestFocus();
    }

    @Override
    public void readCard() {
        CounterActions a = model.actionsProperty().get();
        if (kit.tasks().runningProperty().get()) {
            return;
        }
        resumeOnInsert = false;
        if (a == null) {
            model.messageProperty().set(kit.texts().get("counter.notConnected"));
            return;
        }
        kit.tasks().run(kit.texts().get("counter.readingCard"), () -> {
            a.readCard(model);
            return Boolean.TRUE;
        }, ok -> { }, f -> model.status().fail(kit.line(f)));
    }

    /** A scanned 医保码, or F3 ({@code code} null: the operator types or pastes it, hidden). */
    public void presentEcode(String code) {
        run("counter.readingEcode", (actions, m) -> actions.presentEcode(m, code));
    }

    @Override
    public void settle() {
        CounterActions a = model.actionsProperty().get();
        if (kit.tasks().runningProperty().get()) {
            return;
        }
        resumeOnInsert = false;
        if (a == null || model.items().isEmpty()) {
            model.messageProperty().set(kit.texts().get(a == null ? "counter.notConnected" : "items.empty"));
            return;
        }
        kit.tasks().run(kit.texts().get("counter.settling"), () -> {
            a.settle(model);
            return Boolean.TRUE;
        }, ok -> { }, f -> model.status().fail(kit.line(f)));
    }

    @Override
    public void openVisits() {
        run("counter.listingVisits", CounterActions::openVisits);
    }

    @Override
    public void cancelSettlement() {
        run("counter.cancellingSettlement", CounterActions::cancelSettlement);
    }

    private interface Action {
        void run(CounterActions actions, CounterViewModel model) throws Exception;
    }

    private void run(String busyKey, Action action) {
        CounterActions a = model.actionsProperty().get();
        if (kit.tasks().runningProperty().get()) {
            return;
        }
        resumeOnInsert = false;
        if (a == null) {
            model.messageProperty().set(kit.texts().get("counter.notConnected"));
            return;
        }
        kit.tasks().run(kit.texts().get(busyKey), () -> {
            action.run(a, model);
            return Boolean.TRUE;
        }, ok -> { }, f -> model.status().fail(kit.line(f)));
    }

    /**
     * A card inserted while no card has been read for the current transaction starts F2 (or F6 when the card was
     * taken out of an open visit); with a holder on the screen or a job running it changes nothing.
     */
    @Override
    public void cardInserted() {
        if (model.actionsProperty().get() == null || kit.tasks().runningProperty().get()
                || model.holder().presentProperty().get()) {
            return;
        }
        if (resumeOnInsert) {
            openVisits();
        } else {
            readCard();
        }
    }

    /**
     * The card taken out after it was read: the workflow forgets it and says what is left (see
     * {@link CounterActions#cardRemoved}). A running job is left alone: its next card command fails with the card
     * removed message, and settlement work already under way finishes.
     */
    @Override
    public void cardRemoved() {
        CounterActions a = model.actionsProperty().get();
        if (a == null || kit.tasks().runningProperty().get() || !model.holder().presentProperty().get()) {
            return;
        }
        kit.tasks().run(kit.texts().get("cardEvent.clearing"), () -> a.cardRemoved(model),
                removal -> resumeOnInsert = removal == CardRemoval.VISIT_OPEN,
                f -> model.status().fail(kit.line(f)));
    }

    @Override
    public void cancel() {
        CounterActions a = model.actionsProperty().get();
        if (kit.tasks().runningProperty().get()) {
            kit.tasks().cancel();
            return;
        }
        resumeOnInsert = false;
        if (a == null) {
            model.clear();
            return;
        }
        kit.tasks().run(kit.texts().get("counter.cancelling"), () -> {
            a.cancel(model);
            return Boolean.TRUE;
        }, ok -> model.clear(), f -> model.status().fail(kit.line(f)));
    }
}
