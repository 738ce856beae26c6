package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.enterPin;
import static org.sscard.terminal.ui.CounterUiSteps.labelText;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.message;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Catalog;
import org.sscard.terminal.NoticeRelay;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.ui.screens.BreakdownViewModel;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;


/**
 * The counter screens connected to the online workflows, end to end: a cashier visit (card, PIN, 人证卡相符, items,
 * 2206 shown, confirmation, 2207, receipt printed) and a pharmacy sale by barcode, against an in-process central-sim
 * and demo card 1 in jCardSim's reader; a notice of the platform shown in the message line.
 */
@ExtendWith(ApplicationExtension.class)
class CounterWorkflowUiTest {
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
    void aCashierVisitAndAPharmacySaleSettleThroughTheScreens(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        ui = station.showWindow();
        WaitForAsyncUtils.waitForFxEvents();

        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        assertFalse(robot.lookup("#screen-cashier-read").queryButton().isDisabled(), "the workflow is connected");
        assertFalse(visible(robot, "#screen-cashier-not-connected"));

        Catalog.LocalItem first = station.item(0);
        Catalog.LocalItem second = station.item(100);
        addByCode(robot, "#screen-cashier-item", first.localCode());
        addByCode(robot, "#screen-cashier-item", second.localCode());
        addByCode(robot, "#screen-cashier-item", second.localCode());
        waitUntil(() -> cashier.model().items().size() == 2 && cashier.model().items().get(1).quantityProperty().get() == 2,
                "two lines, the second twice");
        long total = first.price().fen() + 2 * second.price().fen();
        assertEquals(total, cashier.model().totalFen().get());
        robot.type(KeyCode.F8);
        waitUntil(() -> message(cashier).contains("Read the card first"), message(cashier));
        readCard(robot, cashier);

        robot.type(KeyCode.F8);
        waitUntil(() -> message(cashier).contains("tick"), "the holder must be confirmed first: " + message(cashier));
        FxClick.on(robot, "#screen-cashier-holder-confirm");
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the confirmation after the pre-settlement");
        BreakdownViewModel breakdown = cashier.model().breakdown();
        assertTrue(breakdown.shownProperty().get());
        assertFalse(breakdown.finalSettlementProperty().get(), "2206 shown as a pre-settlement");
        assertEquals(total, breakdown.totalFenProperty().get());
        assertEquals("", breakdown.setlIdProperty().get());
        assertTrue(robot.lookup("#confirm-text").queryAs(Label.class).getText().contains("Settle?"));
        assertTrue(station.printed.isEmpty());

        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).startsWith("Settled"), "settled: " + message(cashier));
        assertFalse(visible(robot, "#confirm-dialog"));
        assertTrue(breakdown.finalSettlementProperty().get());
        assertEquals(1, station.printed.size());
        Receipt receipt = station.printed.get(0);
        assertEquals(breakdown.setlIdProperty().get(), receipt.setlId());
        assertEquals(total, receipt.amounts().medfeeSumamt().fen());
        assertEquals(total, breakdown.fundFenProperty().get() + breakdown.accountFenProperty().get()
                + breakdown.cashFenProperty().get());
        assertEquals(receipt.amounts().balance().fen(), breakdown.balanceFenProperty().get());
        assertEquals("王收费", receipt.header().operatorName());
        assertEquals(2, receipt.lines().size());
        assertTrue(message(cashier).contains(receipt.setlId()));

        robot.type(KeyCode.F8);
        waitUntil(() -> message(cashier).startsWith("Already settled"), "no second settlement: " + message(cashier));
        assertEquals(1, station.printed.size());
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> cashier.model().items().isEmpty() && !cashier.model().holder().presentProperty().get(),
                "Esc clears the window for the next patient");

        robot.interact(() -> station.sessions.logout());
        waitUntil(() -> visible(robot, "#login-view"), "logged out");
        logIn(robot, "pharmacist", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-pharmacy"), "the pharmacy counter");
        CounterScreen pharmacy = (CounterScreen) ui.currentScreen().orElseThrow();
        Catalog.LocalItem drug = station.store.catalog().searchLocal("AMXL", 5).get(0);
        readCard(robot, pharmacy);
        addByCode(robot, "#screen-pharmacy-item", drug.barcodes().get(0));
        waitUntil(() -> pharmacy.model().items().size() == 1, "the item found by its barcode");
        assertEquals(drug.localCode(), pharmacy.model().items().get(0).codeProperty().get());
        FxClick.on(robot, "#screen-pharmacy-holder-confirm");
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the confirmation");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> message(pharmacy).startsWith("Settled"), "sold: " + message(pharmacy));
        assertEquals(2, station.printed.size());
        Receipt sale = station.printed.get(1);
        assertEquals(drug.price().fen(), sale.amounts().medfeeSumamt().fen());
        assertEquals(0, sale.amounts().fundPaySumamt().fen(), "a pharmacy sale has no pool fund");
    }

    private void readCard(FxRobot robot, CounterScreen screen) throws Exception {
        robot.type(KeyCode.F2);
        enterPin(robot, station.card.pin());
        waitUntil(() -> screen.model().holder().presentProperty().get(), "the holder shown: " + message(screen));
        assertFalse(visible(robot, "#pin-dialog"));
        String masked = screen.model().holder().maskedIdProperty().get();
        assertTrue(masked.contains("*") && !masked.matches(".*\\d{5}.*"), "the ID number masked: " + masked);
        assertFalse(screen.model().holder().nameProperty().get().isEmpty());
    }

    /**
     * The platform answers the card's 1101 with a notice (warn_msg): the cashier reads it in the window's message line,
     * labelled as the platform's, and goes on to settle without anything in the way; answers without one clear it.
     */
    @Test
    void thePlatformsNoticeIsShownInTheMessageLineAndBlocksNothing(FxRobot robot) throws Exception {
        NoticeRelay relay = new NoticeRelay();
        station = new OnlineStation(dir, relay);
        relay.takeOver(station.store, "admin1");
        ui = station.showWindow(Locale.SIMPLIFIED_CHINESE);
        WaitForAsyncUtils.waitForFxEvents();
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        addByCode(robot, "#screen-cashier-item", station.item(0).localCode());
        waitUntil(() -> cashier.model().items().size() == 1, "one line");

        relay.notice = "本月门诊已就诊 9 次，请核实";
        robot.type(KeyCode.F2);
        enterPin(robot, station.card.pin());
        waitUntil(() -> cashier.model().holder().presentProperty().get(), "the holder shown");
        waitUntil(() -> labelText(robot, "#screen-cashier-message").contains("医保平台提示：本月门诊已就诊 9 次，请核实"),
                "the notice in the message line: " + labelText(robot, "#screen-cashier-message"));
        String line = labelText(robot, "#screen-cashier-message");
        assertTrue(line.startsWith(cashier.model().messageProperty().get()), "after the step's own message: " + line);
        assertFalse(visible(robot, "#confirm-dialog"), "no dialog to dismiss");
        assertFalse(robot.lookup("#screen-cashier-settle").queryButton().isDisabled(), "settling is open");

        relay.notice = null;
        FxClick.on(robot, "#screen-cashier-holder-confirm");
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the confirmation after the pre-settlement");
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> station.printed.size() == 1, "settled and printed: " + labelText(robot, "#screen-cashier-message"));
        waitUntil(() -> !labelText(robot, "#screen-cashier-message").contains("医保平台提示"),
                "answers without a notice clear it: " + labelText(robot, "#screen-cashier-message"));
        assertEquals("", cashier.model().noticeProperty().get());
    }
}
