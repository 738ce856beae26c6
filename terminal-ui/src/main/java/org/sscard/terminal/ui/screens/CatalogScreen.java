package org.sscard.terminal.ui.screens;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.sscard.store.Catalog;
import org.sscard.terminal.ledger.HospitalCatalog;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * The hospital catalogue in the hospital ledger (stations with a ledger): the hospital's own items with their national
 * codes, price, the version of their last change and whether withdrawn; the version each station holds. An
 * administrator adds or changes an item (typed in the fields below the list, or a chosen one taken into them) and
 * publishes it for every station, or withdraws the chosen one; a supervisor sees the list. Both audited by
 * {@link HospitalCatalog}. Keyboard: the table takes the arrows and Enter takes the chosen item into the fields, Enter
 * in the fields moves on and publishes from the last, Alt+P publishes, Alt+W withdraws, F5 reads the list again.
 */
public final class CatalogScreen implements Screen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final VBox content = new VBox(10);
    private final ScrollPane root = new ScrollPane(content);
    private final TableView<Ledger.CatalogEntry> items;
    private final TableView<Ledger.StationCatalog> stations;
    private final Label version = new Label();
    private final Label message = new Label();
    private final TextField code;
    private final TextField name;
    private final TextField price;
    private final TextField national;
    private final TextField barcodes;
    private final HospitalCatalog catalog;
    private final Authorizer authorizer;
    private final UiKit kit;

    public CatalogScreen(HospitalCatalog catalog, Authorizer authorizer, UiKit kit) {
        this.catalog = catalog;
        this.authorizer = authorizer;
        this.kit = kit;
        code = field("catalog-code", "catalog.code", 8);
        name = field("catalog-name", "catalog.name", 14);
        price = field("catalog-price", "catalog.price", 7);
        national = field("catalog-national", "catalog.national", 14);
        barcodes = field("catalog-barcodes", "catalog.barcodes", 16);
        root.setId("screen-catalog");
        root.setFitToWidth(true);
        content.setPadding(new Insets(12));
        items = Tables.table("catalog-items", kit.texts().get("catalog.empty"));
        items.getColumns().add(Tables.column(kit.texts().get("catalog.col.code"), e -> e.item().localCode()));
        items.getColumns().add(Tables.column(kit.texts().get("catalog.col.name"), e -> e.item().name()));
        items.getColumns().add(Tables.column(kit.texts().get("catalog.col.price"),
                e -> MoneyFormat.yuan(e.item().price().fen())));
        items.getColumns().add(Tables.column(kit.texts().get("catalog.col.national"), e -> e.item().nationalCode() == null
                ? kit.texts().get("catalog.unmapped") : e.item().nationalCode()));
        items.getColumns().add(Tables.column(kit.texts().get("catalog.col.barcodes"),
                e -> String.join(" ", e.item().barcodes())));
        items.getColumns().add(Tables.column(kit.texts().get("catalog.col.version"), e -> "v" + e.version()));
        items.getColumns().add(Tables.column(kit.texts().get("catalog.col.state"),
                e -> kit.texts().get(e.withdrawn() ? "catalog.withdrawn" : "catalog.offered")));
        double[] widths = {90, 160, 80, 160, 130, 60, 70};
        for (int i = 0; i < widths.length; i++) {
            items.getColumns().get(i).setPrefWidth(widths[i]);
        }
        items.setPrefHeight(280);
        items.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                chosen().ifPresent(this::edit);
                code.requestFocus();
                e.consume();
            }
        });
        items.setOnMouseClicked(e -> chosen().ifPresent(this::edit));

        boolean mayChange = authorizer.allowed(Permission.CONFIGURATION);
        Button publish = kit.button("catalog-publish", "catalog.publish", this::publish);
        publish.disableProperty().bind(kit.tasks().runningProperty());
        Button withdraw = kit.button("catalog-withdraw", "catalog.withdraw", this::withdraw);
        withdraw.disableProperty().bind(kit.tasks().runningProperty()
                .or(items.getSelectionModel().selectedItemProperty().isNull()));
        List<TextField> fields = List.of(code, name, price, national, barcodes);
        for (int i = 0; i < fields.size() - 1; i++) {
            TextField next = fields.get(i + 1);
            fields.get(i).setOnAction(e -> next.requestFocus());
        }
        barcodes.setOnAction(e -> publish.fire());
        HBox editor = new HBox(8, code, name, price, national, barcodes, publish);
        editor.setAlignment(Pos.CENTER_LEFT);
        HBox withdrawBar = new HBox(8, new Label(kit.texts().get("catalog.withdrawHint")), withdraw);
        withdrawBar.setAlignment(Pos.CENTER_LEFT);
        editor.setVisible(mayChange);
        editor.setManaged(mayChange);
        withdrawBar.setVisible(mayChange);
        withdrawBar.setManaged(mayChange);

        stations = Tables.table("catalog-stations", kit.texts().get("catalog.noStations"));
        stations.getColumns().add(Tables.column(kit.texts().get("catalog.col.station"), Ledger.StationCatalog::device));
        stations.getColumns().add(Tables.column(kit.texts().get("catalog.col.held"), s -> s.catalogVersion() == null
                ? kit.texts().get("catalog.neverPulled") : "v" + s.catalogVersion()));
        stations.getColumns().add(Tables.column(kit.texts().get("catalog.col.lastSeen"), s -> TIME.format(s.lastSeen())));
        stations.setPrefHeight(140);
        version.setId("catalog-version");
        message.setId("catalog-message");
        message.setWrapText(true);
        content.getChildren().addAll(version, message, items, editor, withdrawBar,
                new Label(kit.texts().get("catalog.stations")), stations);
    }

    private TextField field(String nodeId, String promptKey, int columns) {
        TextField f = new TextField();
        f.setId(nodeId);
        f.setPromptText(kit.texts().get(promptKey));
        f.setPrefColumnCount(columns);
        return f;
    }

    @Override
    public String id() {
        return "screen-catalog";
    }

    @Override
    public String titleKey() {
        return "screen.catalog";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public String helpKey() {
        return "keys.help.catalog";
    }

    @Override
    public void refresh() {
        String keep = chosen().map(e -> e.item().localCode()).orElse(null);
        kit.tasks().run(kit.texts().get("catalog.loading"), () -> catalog.listing(authorizer), listing -> {
            items.setItems(FXCollections.observableArrayList(listing.items()));
            stations.setItems(FXCollections.observableArrayList(listing.stations()));
            listing.items().stream().filter(e -> e.item().localCode().equals(keep)).findFirst()
                    .ifPresent(e -> items.getSelectionModel().select(e));
            version.setText(kit.texts().get("catalog.version", listing.version(), listing.held()));
        }, this::failed);
    }

    /** The current listing, for tests: the items shown. */
    public List<Ledger.CatalogEntry> shown() {
        return List.copyOf(items.getItems());
    }

    private Optional<Ledger.CatalogEntry> chosen() {
        return Optional.ofNullable(items.getSelectionModel().getSelectedItem());
    }

    private void edit(Ledger.CatalogEntry e) {
        code.setText(e.item().localCode());
        name.setText(e.item().name());
        price.setText(MoneyFormat.decimal(e.item().price().fen()));
        national.setText(e.item().nationalCode() == null ? "" : e.item().nationalCode());
        barcodes.setText(String.join(" ", e.item().barcodes()));
    }

    /** The item typed in the fields, or a message saying what is missing or wrong (nothing is lost from the fields). */
    private Optional<Catalog.LocalItem> typed() {
        String c = code.getText().trim();
        String n = name.getText().trim();
        if (c.isEmpty() || n.isEmpty()) {
            message.setText(kit.texts().get("catalog.needCodeAndName"));
            return Optional.empty();
        }
        Money amount;
        try {
            amount = Money.parse(price.getText().trim());
            if (amount.fen() < 0) {
                throw new IllegalArgumentException("negative");
            }
        } catch (IllegalArgumentException e) {
            message.setText(kit.texts().get("catalog.badPrice", price.getText().trim()));
            return Optional.empty();
        }
        String mapped = national.getText().trim();
        List<String> codes = Arrays.stream(barcodes.getText().trim().split("[\\s,，]+")).filter(b -> !b.isEmpty())
                .toList();
        return Optional.of(new Catalog.LocalItem(c, n, amount, mapped.isEmpty() ? null : mapped, codes));
    }

    private void publish() {
        typed().ifPresent(item -> kit.tasks().run(kit.texts().get("catalog.publishing"),
                () -> catalog.publish(authorizer, List.of(item)), published -> {
                    message.setText(published.changed() == 0 ? kit.texts().get("catalog.unchanged", item.localCode())
                            : kit.texts().get("catalog.published", item.localCode(), published.version()));
                    refresh();
                }, this::failed));
    }

    private void withdraw() {
        chosen().ifPresent(e -> kit.tasks().run(kit.texts().get("catalog.withdrawing"),
                () -> catalog.withdraw(authorizer, List.of(e.item().localCode())), withdrawn -> {
                    message.setText(withdrawn.changed() == 0
                            ? kit.texts().get("catalog.alreadyWithdrawn", e.item().localCode())
                            : kit.texts().get("catalog.withdrawnDone", e.item().localCode(), withdrawn.version()));
                    refresh();
                }, this::failed));
    }

    /**
     * A refusal (not an administrator, an unknown code) or an unreachable ledger: what happened, and why in the UI's
     * language (the ledger's own words go to the station's log); other failures as everywhere.
     */
    private void failed(Throwable f) {
        message.setText(ErrorMessages.problem(f).map(p -> kit.texts().get("catalog.refused",
                kit.errors().describe(f).title(), kit.errors().words(p))).orElseGet(() -> kit.line(f)));
    }
}
