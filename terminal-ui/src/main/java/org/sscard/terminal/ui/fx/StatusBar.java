package org.sscard.terminal.ui.fx;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.sscard.terminal.ledger.LedgerBackground;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.services.StationServices;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.text.Texts;

/**
 * The bar at the bottom of every screen: reader/card, link, queued count, hospital ledger (why its last pass failed as
 * a tooltip), the ages of the blacklist, catalog and last good backup (amber as a warning well before a limit, red past
 * it; the problem as a tooltip), running job (with cancel), operator, time.
 */
public final class StatusBar extends HBox {
    public StatusBar(StatusBarModel model, TaskRunner tasks, Texts texts) {
        setId("status-bar");
        getStyleClass().add("status-bar");
        setSpacing(16);
        setPadding(new Insets(4, 10, 4, 10));
        setAlignment(Pos.CENTER_LEFT);
        Label reader = label("status-reader");
        reader.textProperty().bind(model.readerTextProperty());
        model.readerProperty().addListener((o, a, b) -> style(reader, b.state() == ReaderStatus.State.CARD_PRESENT ? "ok"
                : b.state() == ReaderStatus.State.NO_CARD ? "idle" : "bad"));
        Label link = label("status-link");
        link.textProperty().bind(model.linkTextProperty());
        model.linkProperty().addListener((o, a, b) -> style(link, b == LinkState.ONLINE ? "ok" : b == LinkState.OFFLINE
                ? "bad" : "idle"));
        Label queued = label("status-queued");
        queued.textProperty().bind(model.queuedTextProperty());
        Label ledger = label("status-ledger");
        ledger.textProperty().bind(model.ledgerTextProperty());
        ledger.visibleProperty().bind(model.ledgerProperty().isNotNull());
        ledger.managedProperty().bind(ledger.visibleProperty());
        model.ledgerProperty().addListener((o, a, b) -> {
            style(ledger, b == null || b.state() == LedgerBackground.State.STARTING ? "idle"
                    : b.state() == LedgerBackground.State.SYNCED ? "ok" : "bad");
            String problem = model.ledgerProblem();
            ledger.setTooltip(problem == null ? null : new Tooltip(problem));
        });
        Label services = label("status-services");
        services.textProperty().bind(model.servicesTextProperty());
        services.visibleProperty().bind(model.servicesProperty().isNotNull());
        services.managedProperty().bind(services.visibleProperty());
        model.servicesProperty().addListener((o, a, b) -> {
            StationServices.Level worst = model.servicesLevel();
            style(services, worst == null ? "idle" : worst == StationServices.Level.OK ? "ok"
                    : worst == StationServices.Level.WARNING ? "warn" : "bad");
            String problem = model.servicesProblem();
            services.setTooltip(problem == null ? null : new Tooltip(problem));
        });
        ProgressIndicator busy = new ProgressIndicator();
        busy.setId("status-busy");
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(tasks.runningProperty());
        Label job = new Label();
        job.setId("status-job");
        job.textProperty().bind(tasks.messageProperty());
        Button cancel = new Button(texts.get("task.cancel"));
        cancel.setId("status-cancel");
        cancel.setFocusTraversable(false);
        cancel.visibleProperty().bind(tasks.runningProperty());
        cancel.setOnAction(e -> tasks.cancel());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label operator = label("status-operator");
        operator.textProperty().bind(model.operatorTextProperty());
        Label time = label("status-time");
        time.textProperty().bind(model.timeTextProperty());
        getChildren().addAll(reader, link, queued, ledger, services, busy, job, cancel, grow, operator, time);
        style(reader, "bad");
        style(link, "idle");
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        return l;
    }

    private static void style(Label l, String state) {
        l.getStyleClass().removeAll("state-ok", "state-idle", "state-warn", "state-bad");
        l.getStyleClass().add("state-" + state);
    }
}
