package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.sscard.terminal.ui.screens.CounterScreen;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the UI tests do at the window: log in, add items, type the PIN, read a label, wait for a state. */
final class CounterUiSteps {
    private CounterUiSteps() {
    }

    static void logIn(FxRobot robot, String operator, char[] password) {
        robot.interact(() -> robot.lookup("#login-operator").queryTextInputControl().clear());
        FxClick.on(robot, "#login-operator").write(operator);
        FxClick.on(robot, "#login-password").write(new String(password));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void addByCode(FxRobot robot, String field, String code) {
        FxClick.on(robot, field).write(code);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Types {@code pin} on the PIN dialog's keys (only dots shown) and confirms. */
    static void enterPin(FxRobot robot, String pin) throws Exception {
        waitUntil(() -> visible(robot, "#pin-dialog"), "the PIN dialog");
        for (char d : pin.toCharArray()) {
            FxClick.on(robot, "#pin-key-" + d);
        }
        assertEquals("●".repeat(pin.length()), robot.lookup("#pin-dots").queryAs(Label.class).getText());
        FxClick.on(robot, "#pin-ok");
    }

    static String labelText(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    static String message(CounterScreen screen) {
        return screen.model().messageProperty().get();
    }

    static void waitUntil(BooleanSupplier condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.getAsBoolean();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            // the assertion below says what was expected
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    static boolean visible(FxRobot robot, String query) {
        Optional<Node> n = robot.lookup(query).tryQuery();
        if (n.isEmpty() || n.get().getScene() == null) {
            return false;
        }
        for (Node p = n.get(); p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
