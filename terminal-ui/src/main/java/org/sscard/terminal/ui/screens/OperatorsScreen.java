package org.sscard.terminal.ui.screens;

import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sscard.store.Operators;
import org.sscard.store.StationStore;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;

/** The administrator's list of operator accounts: id, name, role, active, must change password, expiry, lock. */
public final class OperatorsScreen implements Screen {
    private final VBox root = new VBox(10);
    private final TableView<Operators.Operator> table = new TableView<>();
    private final Label message = new Label();
    private final StationStore store;
    private final Authorizer authorizer;
    private final UiKit kit;

    public OperatorsScreen(StationStore store, Authorizer authorizer, UiKit kit) {
        this.store = store;
        this.authorizer = authorizer;
        this.kit = kit;
        root.setId("screen-operators");
        root.setPadding(new Insets(12));
        table.setId("operators-table");
        table.setPlaceholder(new Label(kit.texts().get("audit.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(col("operators.col.id", Operators.Operator::id));
        table.getColumns().add(col("operators.col.name", Operators.Operator::displayName));
        table.getColumns().add(col("operators.col.role", o -> kit.texts().get("role." + o.role().name())));
        table.getColumns().add(col("operators.col.active", o -> kit.texts().get(o.active() ? "common.yes" : "common.no")));
        table.getColumns().add(col("operators.col.mustChange", o -> kit.texts().get(o.mustChangePassword() ? "common.yes" : "common.no")));
        table.getColumns().add(col("operators.col.expires", o -> o.passwordExpiresAt().toString()));
        table.getColumns().add(col("operators.col.locked", o -> o.lockedUntil() == null ? "" : o.lockedUntil().toString()));
        message.setId("operators-message");
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(message, table);
    }

    private TableColumn<Operators.Operator, String> col(String key, Function<Operators.Operator, String> value) {
        TableColumn<Operators.Operator, String> c = new TableColumn<>(kit.texts().get(key));
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        return c;
    }

    @Override
    public void refresh() {
        kit.tasks().run(kit.texts().get("operators.loading"), () -> {
            authorizer.require(Permission.OPERATORS, "list");
            return store.operators().list();
        }, list -> {
            table.setItems(FXCollections.observableArrayList(list));
            message.setText(kit.texts().get("operators.count", list.size()));
        }, f -> message.setText(kit.line(f)));
    }

    @Override
    public String id() {
        return "screen-operators";
    }

    @Override
    public String titleKey() {
        return "screen.operators";
    }

    @Override
    public Node view() {
        return root;
    }
}
