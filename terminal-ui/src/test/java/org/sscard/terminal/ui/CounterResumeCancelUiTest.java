package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.enterPin;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.message;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.centralsim.Fault;
import org.sscard.store.Catalog;
import org.sscard.terminal.counter.OpenVisits;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.text.Texts;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * Resume and cancel from the cashier window: a 2207 without an answer leaves the visit unknown; once the
 * forwarder's 2601 has shown it did not take effect, F6 lists the visit as reversed, the holder presents the card
 * again, the visit is pre-settled again and settled once. F7 cancels that settlement by its number: refused to the
 * pharmacist (no permission, the message says to ask a supervisor), done for the cashier who made it, refused a
 * second time.
 */
@ExtendWith(ApplicationExtension.class)
class CounterResumeCancelUiTest {
    private final Texts english = new Texts(Locale.ENGLISH);
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
    void anUnknownVisitIsResumedAndItsSettlementCancelledByTheCashier(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        ui = station.showWindow();
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        @SuppressWarnings("unchecked")
        ComboBox<String> department = robot.lookup("#screen-cashier-department").queryAs(ComboBox.class);
        assertEquals("OUTPATIENT", department.getValue());
        assertEquals("普通门诊 (OUTPATIENT)", department.getConverter().toString(department.getValue()),
                "the department by its name from the station's settings, its code in brackets");
        assertEquals("Department code OUTPATIENT", department.getTooltip().getText());
        assertEquals(List.of("D01", "OUTPATIENT", "PHARMACY"), department.getItems());
        assertEquals("门诊医生", robot.lookup("#screen-cashier-doctor").queryAs(TextField.class).getText());
        robot.interact(() -> department.getSelectionModel().select("D01"));
        assertEquals("D01", cashier.model().departmentProperty().get());
        waitUntil(() -> robot.lookup("#screen-cashier-department .list-cell").queryAll().stream()
                .anyMatch(cell -> "内科门诊 (D01)".equals(((ListCell<?>) cell).getText())),
                "the chosen department shown by its name");
        assertEquals("Department code D01", department.getTooltip().getText());

        Catalog.LocalItem item = station.item(3);
        addByCode(robot, "#screen-cashier-item", item.localCode());
        readCard(robot, cashier);
        FxClick.on(robot, "#screen-cashier-holder-confirm");
        station.central.faults().arm(Fault.parse("2207:close-before:1"));
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the confirmation");
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).contains("outcome is unknown"), "no answer to the 2207: " + message(cashier));
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> cashier.model().items().isEmpty(), "the window cleared");
        waitUntil(() -> ui.status().linkProperty().get() == LinkState.OFFLINE, "a broken connection: link down");
        station.forwarder.runOnce();
        assertEquals(LinkState.ONLINE, station.monitor.probeNow());
        assertTrue(station.printed.isEmpty());

        robot.type(KeyCode.F6);
        waitUntil(() -> visible(robot, "#visits-dialog"), "the open visits: " + message(cashier));
        @SuppressWarnings("unchecked")
        ListView<OpenVisits.OpenVisit> list = robot.lookup("#visits-list").queryAs(ListView.class);
        assertEquals(1, list.getItems().size());
        OpenVisits.OpenVisit open = list.getItems().get(0);
        assertEquals(VisitState.REVERSED, open.status());
        assertEquals(item.price(), open.total());
        FxClick.on(robot, "#visits-resume");
        enterPin(robot, station.card.pin());
        waitUntil(() -> visible(robot, "#confirm-dialog"), "person, ID and card to confirm: " + message(cashier));
        assertTrue(robot.lookup("#confirm-text").queryAs(Label.class).getText().contains(open.mdtrtId()));
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).equals(english.get("counter.resumed.preSettled", open.mdtrtId())),
                "resumed: " + message(cashier));
        assertEquals(1, cashier.model().items().size());
        assertEquals(item.price().fen(), cashier.model().totalFen().get());
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the settlement confirmation");
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).startsWith("Settled"), "settled: " + message(cashier));
        assertEquals(1, station.printed.size());
        String setlId = station.printed.get(0).setlId();
        assertEquals(1, station.centralCount("SELECT count(*) FROM settlement WHERE mdtrt_id = ? AND reversed = 0",
                open.mdtrtId()), "one settlement of the visit at the central service");
        robot.type(KeyCode.ESCAPE);

        robot.interact(() -> station.sessions.logout());
        logIn(robot, "pharmacist", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-pharmacy"), "the pharmacy counter");
        CounterScreen pharmacy = (CounterScreen) ui.currentScreen().orElseThrow();
        cancelByNumber(robot, pharmacy, setlId);
        waitUntil(() -> message(pharmacy).startsWith(english.get("error.accessDenied.title")),
                "the pharmacist may not cancel: " + message(pharmacy));

        robot.interact(() -> station.sessions.logout());
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window again");
        CounterScreen again = (CounterScreen) ui.currentScreen().orElseThrow();
        cancelByNumber(robot, again, setlId);
        waitUntil(() -> message(again).startsWith("Settlement " + setlId + " cancelled"), "cancelled: " + message(again));
        assertEquals(2, station.printed.size());
        Receipt slip = station.printed.get(1);
        assertTrue(slip.cancellation());
        assertEquals(setlId, slip.origSetlId());
        assertEquals(-item.price().fen(), slip.amounts().medfeeSumamt().fen());

        robot.type(KeyCode.F7);
        waitUntil(() -> visible(robot, "#text-dialog"), "the settlement number");
        FxClick.on(robot, "#text-field").write(setlId);
        FxClick.on(robot, "#text-ok");
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the cancel confirmation");
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(again).contains("already cancelled"), "a second cancel refused: " + message(again));
        assertEquals(2, station.printed.size());
    }

    private void cancelByNumber(FxRobot robot, CounterScreen screen, String setlId) throws Exception {
        robot.type(KeyCode.F7);
        waitUntil(() -> visible(robot, "#text-dialog"), "the settlement number: " + message(screen));
        FxClick.on(robot, "#text-field").write(setlId);
        FxClick.on(robot, "#text-ok");
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the cancel confirmation: " + message(screen));
        assertTrue(robot.lookup("#confirm-text").queryAs(Label.class).getText().contains(setlId));
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> !ui.tasks().runningProperty().get() && !visible(robot, "#confirm-dialog"), "the cancel done");
    }

    private void readCard(FxRobot robot, CounterScreen screen) throws Exception {
        robot.type(KeyCode.F2);
        enterPin(robot, station.card.pin());
        waitUntil(() -> screen.model().holder().presentProperty().get(), "the holder shown: " + message(screen));
    }
}
