package org.sscard.terminal.ui.screens;

import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.ui.workflow.CounterPrompts;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * The hospital's deferred visits (taken at the cashier window while the link was down): each with its state
 * (queued, settling, settled with the refund due, refund paid, refused with the reason), total and refund due; "refund
 * paid" records, after a confirmation, that the fund share of a SETTLED visit was paid back to the patient
 * ({@code DeferredVisits.refundPaid}, which checks DEFERRED_VISITS and audits it). F5 reads the list again (the
 * forwarder settles the visits when the link is back).
 */
public final class DeferredScreen implements Screen {
    private final VBox root = new VBox(10);
    private final TableView<DeferredVisit> table;
    private final Label summary = new Label();
    private final Label message = new Label();
    private final DeferredVisits deferred;
    private final CounterPrompts prompts;
    private final UiKit kit;

    public DeferredScreen(DeferredVisits deferred, CounterPrompts prompts, UiKit kit) {
        this.deferred = deferred;
        this.prompts = prompts;
        this.kit = kit;
        root.setId("screen-deferred");
        root.setPadding(new Insets(12));
        table = Tables.table("deferred-table", kit.texts().get("deferred.empty"));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.ref"), DeferredVisit::ref));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.time"), DeferredVisit::visitTime));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.card"), DeferredVisit::cardNo));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.holder"), DeferredVisit::holderName));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.state"), this::stateText));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.total"),
                v -> MoneyFormat.plain(v.total())));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.refundDue"),
                v -> v.state() == DeferredState.SETTLED ? MoneyFormat.plain(v.refundDue()) : ""));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.setlId"),
                v -> v.setlId() == null ? "" : v.setlId()));
        table.getColumns().add(Tables.column(kit.texts().get("deferred.col.reason"), this::detail));
        Button refund = new Button(kit.texts().get("deferred.refund"));
        refund.setId("deferred-refund");
        refund.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(kit.tasks().runningProperty()));
        refund.setOnAction(e -> refundPaid(table.getSelectionModel().getSelectedItem()));
        Button reload = new Button(kit.texts().get("deferred.refresh"));
        reload.setId("deferred-refresh");
        reload.disableProperty().bind(kit.tasks().runningProperty());
        reload.setOnAction(e -> refresh());
        summary.setId("deferred-summary");
        message.setId("deferred-message");
        message.setWrapText(true);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(new Label(kit.texts().get("deferred.intro")), summary, new HBox(10, refund, reload),
                message, table);
    }

    private String stateText(DeferredVisit v) {
        return kit.texts().get("deferred.state." + v.state().name());
    }

    private String detail(DeferredVisit v) {
        return switch (v.state()) {
            case REFUSED -> v.reason() == null ? "" : kit.errors().words(v.reason());
            case REFUND_PAID -> kit.texts().get("deferred.paidBy", v.refundPaidBy(), v.refundPaidAt());
            default -> "";
        };
    }

    /** The visits shown now (tests read the table through it). */
    public List<DeferredVisit> visits() {
        return List.copyOf(table.getItems());
    }

    @Override
    public void refresh() {
        String selected = Optional.ofNullable(table.getSelectionModel().getSelectedItem()).map(DeferredVisit::ref)
                .orElse(null);
        kit.tasks().run(kit.texts().get("deferred.loading"), deferred::list, list -> {
            table.setItems(FXCollections.observableArrayList(list));
            Money due = Money.ZERO;
            long open = 0;
            for (DeferredVisit v : list) {
                if (v.state() == DeferredState.SETTLED) {
                    due = due.plus(v.refundDue());
                }
                if (v.queued()) {
                    open++;
                }
            }
            summary.setText(kit.texts().get("deferred.summary", list.size(), open, MoneyFormat.yuan(due)));
            for (DeferredVisit v : list) {
                if (v.ref().equals(selected)) {
                    table.getSelectionModel().select(v);
                }
            }
        }, f -> message.setText(kit.line(f)));
    }

    private void refundPaid(DeferredVisit v) {
        if (v == null) {
            return;
        }
        if (v.state() != DeferredState.SETTLED) {
            message.setText(kit.texts().get("deferred.noRefund", v.ref(), stateText(v)));
            return;
        }
        String question = kit.texts().get("deferred.refund.confirm", MoneyFormat.yuan(v.refundDue()),
                v.holderName(), v.ref(), v.setlId());
        kit.tasks().run(kit.texts().get("deferred.refunding"), () -> {
            if (!prompts.confirm(kit.texts().get("deferred.refund"), question, kit.texts().get("deferred.refund.ok"))) {
                return Optional.<DeferredVisit>empty();
            }
            return Optional.of(deferred.refundPaid(v.ref()));
        }, paid -> {
            message.setText(paid.map(p -> kit.texts().get("deferred.refunded", MoneyFormat.yuan(v.refundDue()),
                    p.ref())).orElse(kit.texts().get("deferred.refund.notDone")));
            refresh();
        }, f -> message.setText(kit.line(f)));
    }

    @Override
    public String id() {
        return "screen-deferred";
    }

    @Override
    public String helpKey() {
        return "keys.help.deferred";
    }

    @Override
    public String titleKey() {
        return "screen.deferred";
    }

    @Override
    public Node view() {
        return root;
    }
}
