package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.addByCode;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.message;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.text.Texts;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The 医保码 at the cashier window: scanned with the barcode scanner it starts the visit as an inserted card would, with
 * no PIN, and the visit settles with a receipt that names 医保电子凭证; F3 takes a typed code, hidden; a reused code is
 * refused with its reason; while the link is down the window says the 医保码 needs the link.
 */
@ExtendWith(ApplicationExtension.class)
class EcodeCounterUiTest {
    @TempDir
    Path dir;
    OnlineStation station;
    TerminalUi ui;
    /** The wedge's clock: each reading moves 100 ms (a person typing) unless the test plays a scanner burst. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    volatile boolean scanner;
    final Texts english = new Texts(Locale.ENGLISH);

    private void scan(FxRobot robot, String code) {
        Scene scene = ui.scene();
        scanner = true;
        robot.interact(() -> {
            for (char c : code.toCharArray()) {
                Event.fireEvent(scene.getFocusOwner() == null ? scene.getRoot() : scene.getFocusOwner(),
                        new KeyEvent(KeyEvent.KEY_TYPED, String.valueOf(c), "", KeyCode.UNDEFINED, false, false, false,
                                false));
                nanos.addAndGet(3_000_000L);
            }
            Event.fireEvent(scene.getFocusOwner() == null ? scene.getRoot() : scene.getFocusOwner(),
                    new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
        });
        scanner = false;
    }

    private String ecode() {
        return station.central.issueEcode(station.card.holder().personNumber());
    }

    @Test
    void aScannedEcodeStartsTheVisitWithoutCardOrPinAndSettles(FxRobot robot) throws Exception {
        try (OnlineStation online = new OnlineStation(dir)) {
            station = online;
            FxToolkit.setupStage(stage -> {
                ui = new TerminalUi(station.services(), new BarcodeWedge(new WedgeDetector(),
                        () -> scanner ? nanos.get() : nanos.addAndGet(100_000_000L)), station.workflows);
                stage.setScene(ui.scene());
                stage.show();
            });
            try {
                visitWithEcode(robot);
            } finally {
                FxToolkit.cleanupStages();
                ui.close();
            }
        }
    }

    private void visitWithEcode(FxRobot robot) throws Exception {
        assertEquals(LinkState.ONLINE, station.monitor.probeNow());
        logIn(robot, "cashier", OnlineStation.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        CounterScreen cashier = (CounterScreen) ui.currentScreen().orElseThrow();
        assertTrue(ui.helpText().contains("F3 医保码"), ui.helpText());
        addByCode(robot, "#screen-cashier-item", station.item(0).localCode());
        waitUntil(() -> cashier.model().items().size() == 1, "one item");

        String code = ecode();
        robot.interact(() -> robot.lookup("#screen-cashier-item").queryTextInputControl().requestFocus());
        scan(robot, code);
        waitUntil(() -> cashier.model().holder().presentProperty().get(), "the holder shown: " + message(cashier));
        assertFalse(visible(robot, "#pin-dialog"), "no PIN: the holder authenticated on the phone");
        assertEquals(english.get("counter.ecode.checkHolder"), message(cashier));
        assertEquals(1, cashier.model().items().size(), "the code is not taken for an item");
        assertEquals("", robot.lookup("#screen-cashier-item").queryTextInputControl().getText(),
                "the scanned code is taken back out of the item field");
        assertEquals(station.card.holder().name(), cashier.model().holder().nameProperty().get());
        String masked = cashier.model().holder().maskedIdProperty().get();
        assertTrue(masked.contains("*") && !masked.matches(".*\\d{5}.*"), "the ID number masked: " + masked);

        FxClick.on(robot, "#screen-cashier-holder-confirm");
        robot.type(KeyCode.F8);
        waitUntil(() -> visible(robot, "#confirm-dialog"), "the confirmation after the pre-settlement");
        FxClick.on(robot, "#confirm-ok");
        waitUntil(() -> message(cashier).startsWith("Settled"), "settled: " + message(cashier));
        assertFalse(message(cashier).contains(english.get("counter.cardNotUpdated")), message(cashier));
        Receipt receipt = station.printed.get(0);
        assertTrue(receipt.eVoucher());
        assertEquals("医保电子凭证", receipt.credential());
        robot.type(KeyCode.ESCAPE);
        waitUntil(() -> !cashier.model().holder().presentProperty().get(), "cleared for the next patient");

        robot.type(KeyCode.F3);
        waitUntil(() -> visible(robot, "#text-dialog"), "F3 asks for the code");
        assertTrue(robot.lookup("#text-field").query() instanceof PasswordField, "the code is not shown as typed");
        robot.interact(() -> robot.lookup("#text-field").queryTextInputControl().setText(code));
        FxClick.on(robot, "#text-ok");
        waitUntil(() -> message(cashier).contains("refresh the 医保码") && message(cashier).contains("already used"),
                "the reused code refused with its reason: " + message(cashier));
        assertTrue(cashier.model().status().failureProperty().get());
        assertFalse(message(cashier).contains(code.substring(8)), "the code is not shown in full");

        String fresh = ecode();
        station.stopCentral();
        assertEquals(LinkState.OFFLINE, station.monitor.probeNow());
        scan(robot, fresh);
        waitUntil(() -> message(cashier).equals(Problem.of(Reason.ECODE_NEEDS_LINK).in(Locale.ENGLISH)),
                "offline, the 医保码 needs the link: " + message(cashier));
        assertTrue(Problem.of(Reason.ECODE_NEEDS_LINK).in(Locale.SIMPLIFIED_CHINESE).contains("须联网"));
        assertFalse(cashier.model().holder().presentProperty().get());
        assertEquals(1, station.printed.size(), "nothing taken while the link is down");
    }
}
