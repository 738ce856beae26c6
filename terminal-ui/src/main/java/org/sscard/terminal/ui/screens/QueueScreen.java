package org.sscard.terminal.ui.screens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sscard.store.OutboxState;
import org.sscard.store.StationStore;
import org.sscard.terminal.forward.ForwardReport;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.services.StationServices;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.offline.PendingDebit;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.values.MoneyFormat;

/**
 * The supervisor's offline queue: counts by state, dead messages (refused by the central service, with the reason;
 * acknowledge once handled) and messages of unknown outcome waiting for their reversal; "forward now" runs a
 * forwarder pass; offline debits whose outcome on the card is not known yet (the offline sale's journal, PENDING or
 * UNKNOWN: resolved when the same card is presented again), read-only. Every action is authorised (and audited) by
 * the {@link Authorizer} first.
 */
public final class QueueScreen implements Screen {
    private final VBox root = new VBox(10);
    private final Label counts = new Label();
    private final Label message = new Label();
    private final TableView<Forwarder.Attention> dead;
    private final TableView<Forwarder.Attention> unknown;
    private final TableView<PendingDebit> pendingDebits;
    private final OfflineSale offlineSale;
    private final StationStore store;
    private final Forwarder forwarder;
    private final Authorizer authorizer;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final UiKit kit;
    private final Clock clock;
    private final Label backup = new Label();

    /**
     * {@code offlineSale} null: no offline debits at this station, the list of debits of unknown outcome is not shown.
     * The age of the station's last good backup is shown by {@code clock}.
     */
    public QueueScreen(StationStore store, Forwarder forwarder, Authorizer authorizer, UiKit kit,
                       OfflineSale offlineSale, Clock clock) {
        this.offlineSale = offlineSale;
        this.clock = clock;
        this.store = store;
        this.forwarder = forwarder;
        this.authorizer = authorizer;
        this.kit = kit;
        this.dead = table("queue-dead");
        this.unknown = table("queue-unknown");
        root.setId("screen-queue");
        root.setPadding(new Insets(12));
        counts.setId("queue-counts");
        message.setId("queue-message");
        backup.setId("queue-backup");
        message.setWrapText(true);
        Button forward = new Button(kit.texts().get("queue.forward"));
        forward.setId("queue-forward");
        forward.disableProperty().bind(kit.tasks().runningProperty());
        forward.setOnAction(e -> forward());
        Button acknowledge = new Button(kit.texts().get("queue.acknowledge"));
        acknowledge.setId("queue-acknowledge");
        acknowledge.disableProperty().bind(dead.getSelectionModel().selectedItemProperty().isNull());
        acknowledge.setOnAction(e -> acknowledge(dead.getSelectionModel().getSelectedItem()));
        VBox.setVgrow(dead, Priority.ALWAYS);
        VBox.setVgrow(unknown, Priority.ALWAYS);
        pendingDebits = Tables.table("queue-pending-debits", kit.texts().get("queue.pending.empty"));
        pendingDebits.getColumns().add(Tables.column(kit.texts().get("queue.pending.col.card"), PendingDebit::cardNo));
        pendingDebits.getColumns().add(Tables.column(kit.texts().get("queue.col.amount"),
                d -> MoneyFormat.plain(d.amount())));
        pendingDebits.getColumns().add(Tables.column(kit.texts().get("queue.pending.col.time"), PendingDebit::txnTime));
        pendingDebits.getColumns().add(Tables.column(kit.texts().get("queue.pending.col.operator"),
                d -> d.operatorName() == null ? d.operator() : d.operatorName()));
        pendingDebits.getColumns().add(Tables.column(kit.texts().get("queue.pending.col.state"),
                d -> kit.texts().get("queue.pending.state." + d.state())));
        pendingDebits.getColumns().add(Tables.column(kit.texts().get("queue.pending.col.action"),
                d -> kit.texts().get("queue.pending.action")));
        VBox.setVgrow(pendingDebits, Priority.ALWAYS);
        root.getChildren().addAll(counts, backup, new HBox(10, forward, acknowledge), message,
                new Label(kit.texts().get("queue.dead")), dead, new Label(kit.texts().get("queue.unknown")), unknown);
        if (offlineSale != null) {
            root.getChildren().addAll(new Label(kit.texts().get("queue.pending")), pendingDebits);
        }
    }

    /** The offline debits of unknown outcome shown now. */
    public List<PendingDebit> pendingDebits() {
        return List.copyOf(pendingDebits.getItems());
    }

    private TableView<Forwarder.Attention> table(String nodeId) {
        TableView<Forwarder.Attention> t = new TableView<>();
        t.setId(nodeId);
        t.setPlaceholder(new Label(kit.texts().get("queue.empty")));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(col("queue.col.msgid", Forwarder.Attention::msgid));
        t.getColumns().add(col("queue.col.infno", Forwarder.Attention::infno));
        t.getColumns().add(col("queue.col.created", a -> a.createdAt().toString()));
        t.getColumns().add(col("queue.col.amount", a -> MoneyFormat.plain(a.amount())));
        t.getColumns().add(col("queue.col.attempts", a -> Integer.toString(a.attempts())));
        t.getColumns().add(col("queue.col.reason", a -> a.reason() == null ? "" : a.reason()));
        return t;
    }

    private TableColumn<Forwarder.Attention, String> col(String key, Function<Forwarder.Attention, String> value) {
        TableColumn<Forwarder.Attention, String> c = new TableColumn<>(kit.texts().get(key));
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        return c;
    }

    private record Snapshot(Map<OutboxState, Long> counts, List<Forwarder.Attention> dead,
                            List<Forwarder.Attention> unknown, List<PendingDebit> pending, Optional<Instant> lastBackup) {
    }

    @Override
    public void refresh() {
        kit.tasks().run(kit.texts().get("queue.loading"), () -> {
            authorizer.require(Permission.DEAD_LETTERS, "view");
            return new Snapshot(store.outbox().countsByState(), forwarder.deadMessages(), forwarder.unknownMessages(),
                    offlineSale == null ? List.of() : offlineSale.pending(), StationServices.lastGoodBackup(store));
        }, s -> {
            counts.setText(kit.texts().get("queue.counts", n(s.counts(), OutboxState.QUEUED),
                    n(s.counts(), OutboxState.IN_FLIGHT), n(s.counts(), OutboxState.UNKNOWN), n(s.counts(), OutboxState.DEAD),
                    n(s.counts(), OutboxState.DONE)));
            dead.setItems(FXCollections.observableArrayList(s.dead()));
            unknown.setItems(FXCollections.observableArrayList(s.unknown()));
            pendingDebits.setItems(FXCollections.observableArrayList(s.pending()));
            backup.setText(s.lastBackup().map(at -> kit.texts().get("queue.backup",
                    TIME.format(at.atZone(clock.getZone())), Duration.between(at, clock.instant()).toHours()))
                    .orElse(kit.texts().get("queue.backup.never")));
            boolean old = s.lastBackup().map(at -> Duration.between(at, clock.instant()).toHours() >= 26).orElse(true);
            backup.getStyleClass().removeAll("state-ok", "state-warn");
            backup.getStyleClass().add(old ? "state-warn" : "state-ok");
        }, f -> message.setText(kit.line(f)));
    }

    private static long n(Map<OutboxState, Long> counts, OutboxState state) {
        return counts.getOrDefault(state, 0L);
    }

    private void forward() {
        kit.tasks().run(kit.texts().get("queue.forwarding"), () -> {
            authorizer.require(Permission.FORWARD, "manual pass");
            return forwarder.runOnce();
        }, (ForwardReport r) -> {
            message.setText(kit.texts().get("queue.forwarded", r.delivered(), r.dead(), r.unknown(),
                    r.stoppedReason() == null ? "" : r.stoppedReason()));
            refresh();
        }, f -> message.setText(kit.line(f)));
    }

    private void acknowledge(Forwarder.Attention a) {
        kit.tasks().run(kit.texts().get("queue.acknowledge"), () -> {
            String operator = authorizer.require(Permission.DEAD_LETTERS, "acknowledge " + a.msgid()).operatorId();
            forwarder.acknowledgeDead(operator, a.msgid());
            return Boolean.TRUE;
        }, ok -> refresh(), f -> message.setText(kit.line(f)));
    }

    @Override
    public String id() {
        return "screen-queue";
    }

    @Override
    public String helpKey() {
        return "keys.help.queue";
    }

    @Override
    public String titleKey() {
        return "screen.queue";
    }

    @Override
    public Node view() {
        return root;
    }
}
