package org.sscard.terminal.ui.screens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sscard.store.AuditEntry;
import org.sscard.store.AuditVerification;
import org.sscard.store.StationStore;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;

/**
 * The audit viewer: entries of the last 24 hours filtered by an action prefix (auditor only: reading is itself
 * audited by the store), and the chain verification (auditor and administrator) showing whether the chain is
 * intact, how many entries were checked, and the first problem found.
 */
public final class AuditScreen implements Screen {
    static final int LIMIT = 1000;
    private final VBox root = new VBox(10);
    private final TableView<AuditEntry> table = new TableView<>();
    private final TextField prefix = new TextField();
    private final Label verification = new Label();
    private final Label message = new Label();
    private final StationStore store;
    private final Authorizer authorizer;
    private final Clock clock;
    private final UiKit kit;

    public AuditScreen(StationStore store, Authorizer authorizer, Clock clock, UiKit kit) {
        this.store = store;
        this.authorizer = authorizer;
        this.clock = clock;
        this.kit = kit;
        root.setId("screen-audit");
        root.setPadding(new Insets(12));
        prefix.setId("audit-prefix");
        prefix.setPromptText(kit.texts().get("audit.prefix"));
        prefix.setOnAction(e -> refresh());
        Button verify = new Button(kit.texts().get("audit.verify"));
        verify.setId("audit-verify");
        verify.setOnAction(e -> verify());
        verify.disableProperty().bind(kit.tasks().runningProperty());
        verification.setId("audit-verification");
        verification.setWrapText(true);
        message.setId("audit-message");
        message.setWrapText(true);
        table.setId("audit-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(kit.texts().get("audit.empty")));
        table.getColumns().add(col("audit.col.seq", e -> Long.toString(e.seq())));
        table.getColumns().add(col("audit.col.at", e -> e.at().toString()));
        table.getColumns().add(col("audit.col.operator", AuditEntry::operator));
        table.getColumns().add(col("audit.col.action", AuditEntry::action));
        table.getColumns().add(col("audit.col.subject", AuditEntry::subject));
        table.getColumns().add(col("audit.col.detail", AuditEntry::detail));
        VBox.setVgrow(table, Priority.ALWAYS);
        HBox bar = new HBox(10, prefix, verify);
        root.getChildren().addAll(bar, verification, message, table);
    }

    private TableColumn<AuditEntry, String> col(String key, Function<AuditEntry, String> value) {
        TableColumn<AuditEntry, String> c = new TableColumn<>(kit.texts().get(key));
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        return c;
    }

    @Override
    public void refresh() {
        if (!authorizer.allowed(Permission.AUDIT_READ)) {
            table.setItems(FXCollections.observableArrayList());
            message.setText(kit.texts().get("audit.verifyOnly"));
            return;
        }
        String actions = prefix.getText().trim();
        kit.tasks().run(kit.texts().get("audit.loading"), () -> {
            String operator = authorizer.require(Permission.AUDIT_READ, actions).operatorId();
            Instant now = clock.instant();
            List<AuditEntry> entries = store.audit().query(operator, now.minus(Duration.ofDays(1)), now.plusSeconds(1),
                    actions.isEmpty() ? null : actions, LIMIT);
            return entries;
        }, entries -> {
            table.setItems(FXCollections.observableArrayList(entries));
            message.setText(kit.texts().get("audit.shown", entries.size()));
        }, f -> message.setText(kit.line(f)));
    }

    private void verify() {
        kit.tasks().run(kit.texts().get("audit.verifying"), () -> {
            authorizer.require(Permission.AUDIT_VERIFY, "chain");
            return store.audit().verify();
        }, (AuditVerification v) -> {
            verification.getStyleClass().removeAll("state-ok", "state-bad");
            verification.getStyleClass().add(v.intact() ? "state-ok" : "state-bad");
            verification.setText(v.intact() ? kit.texts().get("audit.intact", v.checked(), v.headSeq())
                    : kit.texts().get("audit.broken", v.problem()));
        }, f -> verification.setText(kit.line(f)));
    }

    @Override
    public String id() {
        return "screen-audit";
    }

    @Override
    public String titleKey() {
        return "screen.audit";
    }

    @Override
    public Node view() {
        return root;
    }
}
