package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.enterPin;
import static org.sscard.terminal.ui.CounterUiSteps.labelText;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.terminal.NoticeRelay;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The platform answers the card's 1101 with a notice (warn_msg): the cashier reads it in the window's message line,
 * labelled as the platform's, and goes on to settle without anything in the way; answers without a notice clear it.
 */
@ExtendWith(ApplicationExtension.class)
class CounterNoticeUiTest {
    private static final String NOTICE = "本月门诊已就诊 9 次，请核实";

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
    void thePlatformsNoticeIsShownInTheMessageLineAndBlocksNothing(FxRobot robot) throws Exception {
        NoticeRelay relay = new NoticeRelay();
        station = new OnlineStation(dir, relay);
        relay.takeOver(station.store, "admin1");
        TerminalUi[] shown = new TerminalUi[1];
        FxToolkit.setupStage(stage -> {
            shown[0] = new TerminalUi(station.services(Locale.SIMPLIFIED_CHINESE),
                    new BarcodeWedge(new WedgeDetector(), System::nanoTime), station.workflows);
            stage.setScene(shown[0].scene());
            stage.show();
        });
        ui = shown[0];
        WaitForAsyncUtils.waitForFxEvents();
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        addByCode(robot, "#screen-cashier-item", station.item(0).localCode());
        waitUntil(() -> cashier.model().items().size() == 1, "one line");

        relay.notice = NOTICE;
        robot.type(KeyCode.F2);
        enterPin(robot, station.card.pin());
        waitUntil(() -> cashier.model().holder().presentProperty().get(), "the holder shown");
        waitUntil(() -> labelText(robot, "#screen-cashier-message").contains("医保平台提示：" + NOTICE),
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
