package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.enterPin;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.message;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.FullDisk;
import org.sscard.store.OutboxState;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The station's disk fills up as the central service answers the 2207 (SQLite refuses every later write): the
 * cashier window shows the visit settled with its receipt printed, that the result waits in the recovery reserve,
 * and not to settle again — never to repeat; once space is back, the next operation enters it in the store.
 */
@ExtendWith(ApplicationExtension.class)
class CounterDiskFullUiTest {
    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;

    @AfterEach
    void close() throws Exception {
        if (station != null) {
            FullDisk.spaceFreed(station.config.storeFile());
        }
        FxToolkit.cleanupStages();
        if (ui != null) {
            ui.close();
        }
        if (station != null) {
            station.close();
        }
    }

    @Test
    void aSettlementOnAFullDiskIsShownSettledWithItsReceiptAndNeverToBeRepeated(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        ui = station.showWindow();
        WaitForAsyncUtils.waitForFxEvents();
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        addByCode(robot, "#screen-cashier-item", station.item(0).localCode());
        waitUntil(() -> cashier.model().items().size() == 1, "one line");
        robot.type(KeyCode.F2);
        enterPin(robot, station.card.pin());
        waitUntil(() -> cashier.model().holder().presentProperty().get(), "the holder shown: " + message(cashier));
        robot.clickOn("#screen-cashier-holder-confirm");
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the confirmation after the pre-settlement");

        // the 2204's outcome is recorded already: the next outcome recorded is the 2207's
        FullDisk.at(station.config.storeFile(), what -> what.startsWith("record the outcome of message"), 1);
        robot.clickOn("#confirm-ok");
        waitUntil(() -> message(cashier).startsWith("Settled"), "settled: " + message(cashier));
        String shown = message(cashier);
        assertTrue(shown.contains("recovery reserve"), shown);
        assertTrue(shown.contains("Do not settle this visit again"), shown);
        assertFalse(shown.toLowerCase(java.util.Locale.ROOT).contains("repeat"), shown);
        assertEquals(1, station.printed.size(), "the receipt printed from memory");
        String setlId = station.printed.get(0).setlId();
        assertTrue(shown.contains(setlId), shown);
        assertTrue(station.store.recovery().behind());

        FullDisk.spaceFreed(station.config.storeFile());
        assertTrue(station.store.recovery().catchUp());
        assertEquals(1, station.store.outbox().byInfno("2207", java.time.Instant.EPOCH,
                java.time.Instant.now().plusSeconds(3600)).stream().filter(e -> e.state() == OutboxState.DONE).count());
        assertTrue(station.store.outbox().pendingStreams().isEmpty());
    }
}
