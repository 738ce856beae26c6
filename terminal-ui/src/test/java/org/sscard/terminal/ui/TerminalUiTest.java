package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Operators;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.PinEntryDialog;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.sscard.terminal.ui.reader.ReaderStatus;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.sscard.terminal.ui.text.Texts;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class TerminalUiTest {
    @TempDir
    Path dir;
    UiFixture station;
    TerminalUi ui;
    /** The wedge's clock: each reading moves 100 ms (a person typing) unless a test plays a scanner burst. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    volatile boolean scanner;

    private FxRobot open(FxRobot robot) throws Exception {
        station = new UiFixture(dir);
        BarcodeWedge wedge = new BarcodeWedge(new WedgeDetector(),
                () -> scanner ? nanos.get() : nanos.addAndGet(100_000_000L));
        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(station.services(Locale.ENGLISH), wedge);
            stage.setScene(ui.scene());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return robot;
    }

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

    private static void settle() throws Exception {
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(60);
        }
    }

    private void waitUntil(java.util.function.BooleanSupplier condition, String what) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
        assertTrue(condition.getAsBoolean(), what);
    }

    private void logIn(FxRobot robot, String operator, char[] password) throws Exception {
        FxClick.on(robot, "#login-operator").write(operator);
        FxClick.on(robot, "#login-password").write(new String(password));
        robot.type(KeyCode.ENTER);
        settle();
    }

    private static boolean visible(FxRobot robot, String query) {
        Optional<Node> n = robot.lookup(query).tryQuery();
        return n.isPresent() && n.get().isVisible() && n.get().getScene() != null && isShown(n.get());
    }

    private static boolean isShown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aCashierLogsInAndSeesOnlyTheCashierWindow(FxRobot robot) throws Exception {
        open(robot);
        assertTrue(visible(robot, "#login-view"));
        logIn(robot, "cash1", UiFixture.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window is shown");
        assertEquals(List.of("screen-cashier"), ui.screens().stream().map(s -> s.id()).toList());
        assertTrue(robot.lookup("#status-operator").queryAs(Label.class).getText().contains("cash1"));
        assertTrue(robot.lookup("#screen-cashier-read").queryButton().isDisabled(), "no workflow connected yet");
        assertTrue(visible(robot, "#screen-cashier-not-connected"));
    }

    @Test
    void aWrongPasswordSaysHowManyTriesAreLeftAndTheFifthLocksTheAccount(FxRobot robot) throws Exception {
        open(robot);
        logIn(robot, "cash1", "Wrong-Pass-1".toCharArray());
        Label message = robot.lookup("#login-message").queryAs(Label.class);
        waitUntil(() -> message.getText().contains("4 more wrong tries"), "tries left: " + message.getText());
        assertTrue(visible(robot, "#login-view"));
        assertEquals("", robot.lookup("#login-password").queryTextInputControl().getText(), "password field cleared");
        for (int i = 0; i < Operators.MAX_FAILED_ATTEMPTS - 1; i++) {
            FxClick.on(robot, "#login-password").write("Wrong-Pass-1");
            robot.type(KeyCode.ENTER);
            settle();
        }
        waitUntil(() -> message.getText().startsWith("The account is locked."), message.getText());
        FxClick.on(robot, "#login-password").write(new String(UiFixture.PASSWORD));
        robot.type(KeyCode.ENTER);
        settle();
        waitUntil(() -> message.getText().startsWith("The account is locked."), "even the right password: " + message.getText());
        assertTrue(station.sessions.loggedIn().isEmpty());
    }

    @Test
    void idleTimeLocksTheStationAndOnlyTheOperatorsPasswordUnlocks(FxRobot robot) throws Exception {
        open(robot);
        logIn(robot, "sup1", UiFixture.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-queue"), "supervisor sees the queue");
        station.clock.advance(Duration.ofMinutes(6));
        waitUntil(() -> visible(robot, "#lock-view"), "locked after the idle time");
        assertFalse(visible(robot, "#main-window"), "nothing of the work shows while locked");
        FxClick.on(robot, "#lock-password").write("Wrong-Pass-1");
        robot.type(KeyCode.ENTER);
        settle();
        waitUntil(() -> robot.lookup("#lock-message").queryAs(Label.class).getText().contains("Wrong password"), "wrong");
        assertTrue(visible(robot, "#lock-view"));
        FxClick.on(robot, "#lock-password").write(new String(UiFixture.PASSWORD));
        robot.type(KeyCode.ENTER);
        waitUntil(() -> visible(robot, "#screen-queue"), "unlocked");
        robot.type(KeyCode.F9);
        waitUntil(() -> visible(robot, "#lock-view"), "F9 locks at once");
    }

    @Test
    void screensFollowTheRole(FxRobot robot) throws Exception {
        open(robot);
        String[][] expected = {{"pharm1", "screen-pharmacy"}, {"sup1", "screen-queue"}, {"aud1", "screen-audit"},
            {"admin1", "screen-audit,screen-operators"}};
        for (String[] e : expected) {
            logIn(robot, e[0], UiFixture.PASSWORD);
            waitUntil(() -> station.sessions.loggedIn().isPresent(), e[0] + " logged in");
            settle();
            assertEquals(e[1], String.join(",", ui.screens().stream().map(s -> s.id()).toList()), e[0]);
            if (e[0].equals("admin1")) {
                FxClick.on(robot, "#nav-screen-operators");
                TableView<?> table = robot.lookup("#operators-table").queryAs(TableView.class);
                waitUntil(() -> table.getItems().size() == 5, "five accounts listed");
            }
            if (e[0].equals("aud1")) {
                FxClick.on(robot, "#audit-verify");
                Label v = robot.lookup("#audit-verification").queryAs(Label.class);
                waitUntil(() -> v.getText().startsWith("The audit chain is intact"), v.getText());
            }
            robot.interact(() -> station.sessions.logout());
            waitUntil(() -> visible(robot, "#login-view"), "back to log-in");
            robot.lookup("#login-operator").queryTextInputControl().clear();
        }
    }

    @Test
    void theStatusBarFollowsTheLinkAndTheCardReader(FxRobot robot) throws Exception {
        open(robot);
        assertFalse(visible(robot, "#offline-banner"));
        station.centralUp = false;
        assertEquals(LinkState.OFFLINE, station.monitor.probeNow());
        logIn(robot, "cash1", UiFixture.PASSWORD);
        waitUntil(() -> visible(robot, "#offline-banner"), "offline banner");
        assertEquals("Central link: OFFLINE", robot.lookup("#status-link").queryAs(Label.class).getText());
        station.centralUp = true;
        station.monitor.probeNow();
        waitUntil(() -> !visible(robot, "#offline-banner"), "banner gone when back online");
        assertEquals("Central link: online", robot.lookup("#status-link").queryAs(Label.class).getText());

        Label reader = robot.lookup("#status-reader").queryAs(Label.class);
        station.readers.push(ReaderStatus.of(ReaderStatus.State.NO_CARD, "Virtual PCD 00 00"));
        waitUntil(() -> reader.getText().equals("Reader Virtual PCD 00 00: no card"), reader.getText());
        station.readers.push(ReaderStatus.of(ReaderStatus.State.CARD_PRESENT, "Virtual PCD 00 00"));
        waitUntil(() -> reader.getText().equals("Reader Virtual PCD 00 00: card inserted"), reader.getText());
        assertTrue(reader.getStyleClass().contains("state-ok"));
    }

    @Test
    void aBarcodeScannerBurstAddsTheItemAndHandTypingDoesNot(FxRobot robot) throws Exception {
        open(robot);
        logIn(robot, "pharm1", UiFixture.PASSWORD);
        waitUntil(() -> visible(robot, "#screen-pharmacy"), "pharmacy counter");
        CounterScreen counter = (CounterScreen) ui.currentScreen().orElseThrow();
        FxClick.on(robot, "#screen-pharmacy-holder");
        Scene scene = ui.scene();
        scanner = true;
        robot.interact(() -> {
            for (char c : UiFixture.BARCODE.toCharArray()) {
                Event.fireEvent(scene.getFocusOwner() == null ? scene.getRoot() : scene.getFocusOwner(), typed(c));
                nanos.addAndGet(3_000_000L);
            }
            Event.fireEvent(scene.getFocusOwner() == null ? scene.getRoot() : scene.getFocusOwner(), enter());
        });
        scanner = false;
        waitUntil(() -> counter.model().items().size() == 1, "the scanned item is added");
        assertEquals("YP0001", counter.model().items().get(0).codeProperty().get());
        waitUntil(() -> robot.lookup("#screen-pharmacy-total").queryAs(Label.class).getText().equals("¥28.00"),
                "total in large type");
        assertFalse(counter.model().items().get(0).matchedProperty().get());
        assertTrue(counter.model().messageProperty().get().contains("not matched"));

        FxClick.on(robot, "#screen-pharmacy-item").write(UiFixture.BARCODE);
        robot.type(KeyCode.ENTER);
        waitUntil(() -> counter.model().items().get(0).quantityProperty().get() == 2, "typed code + Enter adds it too");
        assertEquals("¥56.00", robot.lookup("#screen-pharmacy-total").queryAs(Label.class).getText());

        FxClick.on(robot, "#screen-pharmacy-item").write("NOPE-1");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> counter.model().messageProperty().get().contains("No item with code or barcode NOPE-1"),
                counter.model().messageProperty().get());
    }

    private static KeyEvent typed(char c) {
        return new KeyEvent(KeyEvent.KEY_TYPED, String.valueOf(c), "", KeyCode.UNDEFINED, false, false, false, false);
    }

    private static KeyEvent enter() {
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false);
    }

    @Test
    void thePinDialogShowsOnlyDotsAndReturnsTheDigitsAsCharArray(FxRobot robot) throws Exception {
        PinEntryDialog[] dialog = new PinEntryDialog[1];
        FxToolkit.setupStage((Stage stage) -> {
            dialog[0] = new PinEntryDialog(new Texts(Locale.ENGLISH));
            stage.setScene(new Scene(dialog[0], 400, 500));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        FxClick.on(robot, "#pin-dots");
        robot.type(KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.NUMPAD3);
        FxClick.on(robot, "#pin-key-4");
        robot.type(KeyCode.DIGIT9);
        robot.type(KeyCode.BACK_SPACE);
        Label dots = robot.lookup("#pin-dots").queryAs(Label.class);
        assertEquals("●●●●", dots.getText());
        assertFalse(dots.getText().matches(".*[0-9].*"));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(dialog[0].isDone());
        assertTrue(dialog[0].bufferWiped(), "the dialog's own copy is wiped");
        Optional<char[]> pin = dialog[0].result();
        assertTrue(pin.isPresent());
        assertArrayEquals("1234".toCharArray(), pin.get());
        assertTrue(dialog[0].result().isEmpty(), "handed out once");
        assertNotNull(pin.get());
    }
}
