package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.labelText;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.values.Money;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.ledger.HospitalCatalog;
import org.sscard.terminal.ledger.InstitutionBooks;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerBackground;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerGate;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.screens.ReconciliationScreen;
import org.sscard.terminal.ui.screens.ReportsScreen;
import org.sscard.terminal.ui.screens.Screen;
import org.sscard.terminal.ui.workflow.SupervisorWorkflows;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A station with a hospital ledger (real PostgreSQL): it replicates in the background and says so in the status bar;
 * the supervisor's reconciliation and reports offer the institution's view, where another station's record (one the
 * central service never settled) makes the institution not balance while this station alone does; a ledger that goes
 * down is a status and a message on the screen, never a dialog.
 */
@ExtendWith(ApplicationExtension.class)
class InstitutionScreensUiTest extends LedgerStationUi {
    @Test
    void theSupervisorSeesTheInstitutionAndALedgerDownIsAStatus(FxRobot robot) throws Exception {
        String url = LedgerDatabase.require();
        Ledger direct = LedgerDatabase.ledger(url);
        station = new OnlineStation(dir);
        try (LedgerGate gate = new LedgerGate(url)) {
            Ledger ledger = new Ledger(gate.url(), LedgerDatabase.USER, LedgerDatabase.PASSWORD.toCharArray());
            assertTrue(station.sessions.login("cashier", OnlineStation.PASSWORD.clone()).loggedIn());
            try (PresentedCard card = station.workflows.presentation().present(station.card.pin().toCharArray())) {
                Visit v = station.workflows.counter().register(card, MedType.OUTPATIENT, "D01", "李医生",
                        station.workflows.counter().basket(List.of(new CounterItem(station.item(3).localCode(), 1))));
                station.workflows.counter().uploadAndPreSettle(v);
                station.workflows.counter().settle(v);
                assertEquals(VisitState.SETTLED, v.state());
            }
            station.sessions.logout();
            LocalDate today = LocalDate.now(station.clock);
            SettledRecords.Record phantom = new SettledRecords.Record("SETL-OTHER-WINDOW", null,
                    OnlineStation.INSTITUTION + "20991231235959" + "0001", "MD-OTHER", "P-OTHER", InsuType.EMPLOYEE,
                    MedType.OUTPATIENT, today.atTime(9, 0), Money.parse("12.00"), null, null, null, null, null, null,
                    Money.parse("8.00"), Money.ZERO, Money.parse("4.00"), "cashier", null, null, null, "DEV-0009", null,
                    SettledRecords.Kind.SETTLEMENT, Map.of("cvlserv_pay", Money.parse("2.00")));
            direct.write(OnlineStation.INSTITUTION, "DEV-0009", List.of(phantom));

            SupervisorWorkflows plain = station.supervisor();
            LedgerReplicator replicator = new LedgerReplicator(station.store, ledger, OnlineStation.INSTITUTION,
                    station.config.deviceNumber());
            background = new LedgerBackground(ledger, replicator, new HospitalCatalog(station.store, ledger,
                    OnlineStation.INSTITUTION, station.config.deviceNumber()), station.clock);
            SupervisorWorkflows supervisor = new SupervisorWorkflows(plain.reconciliation(), plain.reports(),
                    plain.counter(), plain.spooler(), plain.receipts(), plain.config(), plain.settings(),
                    new InstitutionBooks(ledger, replicator, OnlineStation.INSTITUTION, plain.reconciliation(),
                            plain.reports()));
            UiServices s = station.services();
            UiServices services = new UiServices(s.texts(), s.clock(), s.institutionName(), s.store(), s.sessions(),
                    s.authorizer(), s.monitor(), s.forwarder(), s.readers(), background);
            FxToolkit.setupStage(stage -> {
                ui = new TerminalUi(services, new BarcodeWedge(new WedgeDetector(), System::nanoTime),
                        station.workflows, supervisor);
                stage.setScene(ui.scene());
                stage.show();
            });
            WaitForAsyncUtils.waitForFxEvents();
            background.start(Duration.ofHours(1));
            waitUntil(() -> labelText(robot, "#status-ledger").startsWith("Hospital ledger synced"),
                    "the status bar after the first pass");
            assertEquals(2, direct.between(OnlineStation.INSTITUTION, today, today).size(),
                    "this station's settlement replicated in the background");

            logIn(robot, "supervisor", OnlineStation.PASSWORD);
            waitUntil(() -> ui.screens().stream().anyMatch(x -> x instanceof ReportsScreen), "the supervisor's screens");
            ReconciliationScreen reconciliation = screen(ReconciliationScreen.class);
            robot.interact(() -> ui.show(reconciliation));
            assertTrue(robot.lookup("#reconcile-scope").query().isVisible(), "the scope is offered with a ledger");
            FxClick.on(robot, "#reconcile-run");
            waitUntil(() -> reconciliation.result().isPresent(), "this station's reconciliation");
            assertTrue(reconciliation.result().orElseThrow().balanced(), "this station's own books balance");
            robot.interact(() -> reconciliation.chooseInstitution(true));
            FxClick.on(robot, "#reconcile-run");
            waitUntil(() -> !reconciliation.result().orElseThrow().balanced(), "the institution's reconciliation");
            Reconciliation.Result whole = reconciliation.result().orElseThrow();
            assertEquals(List.of("SETL-OTHER-WINDOW ONLY_AT_INSTITUTION"), whole.differences().stream()
                    .map(d -> d.setlId() + " " + d.result()).toList());
            assertTrue(labelText(robot, "#reconcile-verdict").contains("NOT balanced"));
            assertTrue(labelText(robot, "#reconcile-message").contains("stations in the hospital ledger: DEV-0001 DEV-0009"),
                    labelText(robot, "#reconcile-message"));
            TableView<Reconciliation.TypeResult> types = robot.lookup("#reconcile-types").queryTableView();
            TableColumn<Reconciliation.TypeResult, ?> ofWhich = types.getColumns().stream()
                    .filter(c -> c.getText().equals("Of which")).findFirst().orElseThrow();
            List<Object> funds = new java.util.ArrayList<>();
            for (int i = 0; i < types.getItems().size(); i++) {
                funds.add(ofWhich.getCellData(i));
            }
            assertTrue(funds.contains("公务员医疗补助 cvlserv_pay 2.00"), "the other window's fund, from the ledger: " + funds);

            ReportsScreen reports = screen(ReportsScreen.class);
            robot.interact(() -> ui.show(reports));
            robot.interact(() -> reports.choose(ReportsScreen.Kind.INSTITUTION_STATIONS, today));
            FxClick.on(robot, "#reports-show");
            waitUntil(() -> labelText(robot, "#reports-title").startsWith("按终端汇总"), "the per-station report");
            assertEquals(whole.byInsutype().values().stream().map(Reconciliation.Totals::medfee).reduce(Money.ZERO, Money::plus),
                    reports.totals().stream().map(ReportsScreen.TypeTotals::medfee).reduce(Money.ZERO, Money::plus),
                    "the report's totals are the reconciled institution's");
            assertEquals(2, reports.totals().stream().mapToLong(ReportsScreen.TypeTotals::count).sum());
            robot.interact(() -> reports.choose(ReportsScreen.Kind.INSTITUTION_MONTHLY, today));
            FxClick.on(robot, "#reports-show");
            waitUntil(() -> labelText(robot, "#reports-title").startsWith("院内月对账单"), "the institution's month");
            assertEquals(2, reports.totals().stream().mapToLong(ReportsScreen.TypeTotals::count).sum(),
                    "the 其中 row under a 合计 is neither a day nor a total");

            // The ledger goes down: a status and a line on the screen, no dialog; the counter is not involved.
            gate.cut();
            ui.refreshQueued();
            waitUntil(() -> labelText(robot, "#status-ledger").startsWith("Hospital ledger unreachable"),
                    "the status bar says the ledger is down");
            assertTrue(robot.lookup("#status-ledger").queryAs(Label.class).getTooltip().getText()
                    .startsWith("The hospital ledger is not reachable"), "why, as the label's tooltip");
            robot.interact(() -> reports.choose(ReportsScreen.Kind.INSTITUTION_DAILY, today));
            FxClick.on(robot, "#reports-show");
            waitUntil(() -> labelText(robot, "#reports-message").contains("hospital ledger is not reachable"),
                    labelText(robot, "#reports-message"));
            assertFalse(Window.getWindows().stream().anyMatch(w -> w != ui.scene().getWindow() && w.isShowing()),
                    "no dialog");
            gate.restore();
            ui.refreshQueued();
            waitUntil(() -> labelText(robot, "#status-ledger").startsWith("Hospital ledger synced"), "back");
            assertTrue(robot.lookup("#status-ledger").queryAs(Label.class).getStyleClass().contains("state-ok"));
        }
    }

    private <S extends Screen> S screen(Class<S> type) {
        return ui.screens().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
