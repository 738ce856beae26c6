package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.labelText;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.PieChart;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.MedType;
import org.sscard.store.AuditEntry;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.PdfReports;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.Reprints;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.PrintFailedException;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.receipt.ReceiptPrinter;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.screens.ReconciliationScreen;
import org.sscard.terminal.ui.screens.ReportsScreen;
import org.sscard.terminal.ui.screens.ReprintScreen;
import org.sscard.terminal.ui.screens.Screen;
import org.sscard.terminal.ui.workflow.SupervisorWorkflows;
import org.sscard.values.Money;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The supervisor's screens against an in-process central-sim: reconciliation not balanced while a 2207 answer is
 * lost (the difference listed), balanced after the forwarder's 2601; shift close; reports whose totals equal the
 * reconciled totals to the fen, with charts and CSV/PDF export; the reprint queue (printer down → waiting, retry,
 * skip audited, reprint by setl_id; the waiting list rebuilt after a restart) and the cashier offered the reprint
 * queue too.
 */
@ExtendWith(ApplicationExtension.class)
class SupervisorScreensUiTest {
    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (ui != null) {
            ui.close();
        }
        if (station != null) {
            station.close();
        }
    }

    @Test
    void reconciliationReportsAndTheReprintQueue(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        assertTrue(station.sessions.login("cashier", OnlineStation.PASSWORD.clone()).loggedIn());
        station.printerDown = true;
        Visit settled = settle(0);
        assertEquals(VisitState.SETTLED, settled.state());
        String setlId = settled.receipt().setlId();
        SupervisorWorkflows supervisor = station.supervisor();
        Reprints.keepUnprinted(supervisor.spooler(), station.store, supervisor.receipts());
        PrintSpooler.Outcome notPrinted = supervisor.spooler().submit(supervisor.receipts().rebuild(setlId));
        assertFalse(notPrinted.printed(), "the printer is down: the settlement stands, the receipt waits");
        PrintSpooler afterRestart = new PrintSpooler(new ReceiptPrinter() {
            @Override
            public void print(Receipt receipt) throws PrintFailedException {
                throw new PrintFailedException(Problem.of(Reason.PRINTER_FAILED, "not used"), null);
            }

            @Override
            public String name() {
                return "restarted station's printer";
            }
        }, 1);
        Reprints.keepUnprinted(afterRestart, station.store, supervisor.receipts());
        assertEquals(List.of(setlId), afterRestart.unprinted().stream().map(Receipt::setlId).toList(),
                "the waiting receipt is rebuilt after a restart");
        station.central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
        Visit lost = settle(100);
        assertEquals(VisitState.OUTCOME_UNKNOWN, lost.state());
        station.sessions.logout();

        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(station.services(), new BarcodeWedge(new WedgeDetector(), System::nanoTime),
                    station.workflows, supervisor);
            stage.setScene(ui.scene());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        logIn(robot, "supervisor", OnlineStation.PASSWORD);
        waitUntil(() -> ui.screens().stream().anyMatch(s -> s instanceof ReprintScreen), "the supervisor's screens");
        List<String> ids = ui.screens().stream().map(Screen::id).toList();
        assertTrue(ids.containsAll(List.of("screen-reconciliation", "screen-reports", "screen-reprint")), ids.toString());

        // reconciliation: the lost answer makes the central service count one more settlement
        ReconciliationScreen reconciliation = screen(ReconciliationScreen.class);
        robot.interact(() -> ui.show(reconciliation));
        FxClick.on(robot, "#reconcile-run");
        waitUntil(() -> reconciliation.result().isPresent(), "the reconciliation result");
        Reconciliation.Result first = reconciliation.result().orElseThrow();
        assertFalse(first.balanced(), first.toString());
        assertTrue(labelText(robot, "#reconcile-verdict").contains("NOT balanced"), labelText(robot, "#reconcile-verdict"));
        TableView<?> differences = robot.lookup("#reconcile-differences").queryAs(TableView.class);
        assertFalse(differences.getItems().isEmpty(), "3202 lists the difference");
        assertTrue(first.differences().stream().anyMatch(d -> d.result().equals("ONLY_AT_CENTRAL")), first.toString());

        station.forwarder.runOnce();
        FxClick.on(robot, "#reconcile-run");
        waitUntil(() -> reconciliation.result().orElseThrow() != first, "reconciled again");
        Reconciliation.Result second = reconciliation.result().orElseThrow();
        assertTrue(second.balanced(), second.toString());
        assertTrue(labelText(robot, "#reconcile-verdict").contains("balanced") && second.differences().isEmpty());
        assertEquals(0, robot.lookup("#reconcile-differences").queryAs(TableView.class).getItems().size());

        FxClick.on(robot, "#reconcile-close-shift");
        waitUntil(() -> labelText(robot, "#reconcile-shift").startsWith("Shift closed"), labelText(robot, "#reconcile-shift"));
        assertTrue(labelText(robot, "#reconcile-shift").contains("0 settlements"), "the supervisor settled nothing himself");

        // reports: the daily totals equal the reconciled totals to the fen
        ReportsScreen reports = screen(ReportsScreen.class);
        robot.interact(() -> ui.show(reports));
        waitUntil(() -> !reports.totals().isEmpty(), "the daily report shown on opening");
        for (Reconciliation.Totals t : second.byInsutype().values()) {
            ReportsScreen.TypeTotals shown = reports.totals().stream()
                    .filter(r -> r.insutype().equals(t.insutype().code())).findFirst().orElseThrow();
            assertEquals(new ReportsScreen.TypeTotals(t.insutype().code(), t.count(), t.medfee(), t.fund(),
                    t.acct(), t.cash()), shown);
        }
        assertEquals(1, reports.totals().stream().mapToLong(ReportsScreen.TypeTotals::count).sum());
        assertEquals(settled.receipt().amounts().medfeeSumamt(), reports.totals().stream()
                .map(ReportsScreen.TypeTotals::medfee).reduce(Money.ZERO, Money::plus));
        BarChart<?, ?> byType = robot.lookup("#reports-chart-types").queryAs(BarChart.class);
        assertEquals(4, byType.getData().size(), "medical fees, fund, account, cash");
        assertTrue(robot.lookup("#reports-table").queryAs(TableView.class).getItems().size() >= 3);

        Path exports = Files.createDirectories(dir.resolve("exports"));
        reports.exportFolderChooser(owner -> Optional.of(exports));
        FxClick.on(robot, "#reports-csv");
        LocalDate today = LocalDate.now(station.clock);
        Path csv = exports.resolve("daily-" + today + ".csv");
        waitUntil(() -> Files.exists(csv), "CSV written: " + labelText(robot, "#reports-message"));
        String content = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(content.startsWith("日结算汇总 " + today + "\r\n") && content.contains(setlId), content);
        if (PdfReports.font().isPresent()) {
            FxClick.on(robot, "#reports-pdf");
            Path pdf = exports.resolve("daily-" + today + ".pdf");
            waitUntil(() -> labelText(robot, "#reports-message").contains(pdf.toString()), labelText(robot, "#reports-message"));
            byte[] bytes = Files.readAllBytes(pdf);
            assertEquals("%PDF-", new String(bytes, 0, 5, StandardCharsets.US_ASCII));
        }
        robot.interact(() -> reports.choose(ReportsScreen.Kind.STATS_MONTH, today));
        FxClick.on(robot, "#reports-show");
        waitUntil(() -> robot.lookup("#reports-chart-funds").tryQuery().isPresent(), "the statistics charts");
        PieChart funds = robot.lookup("#reports-chart-funds").queryAs(PieChart.class);
        assertFalse(funds.getData().isEmpty());
        BarChart<?, ?> classes = robot.lookup("#reports-chart-classes").queryAs(BarChart.class);
        assertFalse(classes.getData().get(0).getData().isEmpty(), "amounts by item class");

        // the reprint queue
        ReprintScreen reprint = screen(ReprintScreen.class);
        robot.interact(() -> ui.show(reprint));
        TableView<?> waiting = robot.lookup("#reprint-table").queryAs(TableView.class);
        waitUntil(() -> waiting.getItems().size() == 1, "the unprinted receipt waits");
        robot.interact(() -> waiting.getSelectionModel().select(0));
        FxClick.on(robot, "#reprint-retry");
        waitUntil(() -> labelText(robot, "#reprint-message").contains("not printed"), labelText(robot, "#reprint-message"));
        assertEquals(1, waiting.getItems().size());
        station.printerDown = false;
        robot.interact(() -> waiting.getSelectionModel().select(0));
        FxClick.on(robot, "#reprint-retry");
        waitUntil(() -> waiting.getItems().isEmpty(), "printed once the printer is back: " + labelText(robot, "#reprint-message"));
        assertEquals(setlId, station.printed.get(station.printed.size() - 1).setlId());

        station.printerDown = true;
        FxClick.on(robot, "#reprint-setl-id").write(setlId);
        FxClick.on(robot, "#reprint-by-setl-id");
        waitUntil(() -> waiting.getItems().size() == 1, "the failed reprint waits in the queue");
        robot.interact(() -> waiting.getSelectionModel().select(0));
        FxClick.on(robot, "#reprint-skip");
        waitUntil(() -> waiting.getItems().isEmpty(), "skipped");
        List<AuditEntry> skips = station.store.audit().query("supervisor", Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plusSeconds(5), "receipt.skip", 10);
        assertEquals(1, skips.size());
        assertEquals(setlId, skips.get(0).subject());

        station.printerDown = false;
        int before = station.printed.size();
        robot.interact(() -> robot.lookup("#reprint-setl-id").queryTextInputControl().setText(setlId));
        FxClick.on(robot, "#reprint-by-setl-id");
        waitUntil(() -> station.printed.size() == before + 1, "reprinted: " + labelText(robot, "#reprint-message"));
        Receipt again = station.printed.get(before);
        assertEquals(setlId, again.setlId());
        assertEquals(settled.receipt().amounts().medfeeSumamt().fen(), again.amounts().medfeeSumamt().fen());
        assertEquals(2, again.lines().size(), "the item lines from the settled batch");
        assertEquals(station.card.holder().name(), again.header().patientName(), "the holder's name kept sealed with the settlement");
        assertEquals(again.amounts().medfeeSumamt().fen(), again.lines().stream().mapToLong(l -> l.amount().fen()).sum());
        robot.interact(() -> robot.lookup("#reprint-setl-id").queryTextInputControl().setText("NO-SUCH-SETTLEMENT"));
        FxClick.on(robot, "#reprint-by-setl-id");
        waitUntil(() -> labelText(robot, "#reprint-message").contains("NO-SUCH-SETTLEMENT"), labelText(robot, "#reprint-message"));

        robot.interact(station.sessions::logout);
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        List<String> cashierScreens = ui.screens().stream().map(Screen::id).toList();
        assertTrue(cashierScreens.contains("screen-reprint"), cashierScreens.toString());
        assertFalse(cashierScreens.contains("screen-reconciliation") || cashierScreens.contains("screen-reports"),
                cashierScreens.toString());
    }

    private Visit settle(int itemIndex) throws Exception {
        try (PresentedCard card = station.workflows.presentation().present(station.card.pin().toCharArray())) {
            Visit v = station.workflows.counter().register(card, MedType.OUTPATIENT, "D01", "李医生",
                    station.workflows.counter().basket(List.of(
                            new CounterItem(station.item(itemIndex).localCode(), 1),
                            new CounterItem(station.item(itemIndex + 200).localCode(), 2))));
            station.workflows.counter().uploadAndPreSettle(v);
            station.workflows.counter().settle(v);
            return v;
        }
    }

    private <S extends Screen> S screen(Class<S> type) {
        return ui.screens().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
