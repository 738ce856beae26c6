package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.store.Settings;
import org.sscard.store.Totp;
import org.sscard.terminal.ui.input.BarcodeWedge;
import org.sscard.terminal.ui.input.WedgeDetector;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The log-in window with a second factor, on a station whose supervisors and administrators give one: sup1 sets it up
 * at the first log-in (QR code, secret and recovery codes shown, a wrong code refused, the right one logs in and
 * clears them); the idle lock opens with the password alone; Esc goes back from the code to the password; a log-in
 * with password and code; the same code again is refused, the next step's accepted.
 */
@ExtendWith(ApplicationExtension.class)
class SecondFactorLoginUiTest {
    @TempDir
    Path dir;
    UiFixture station;
    TerminalUi ui;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

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

    private void requireSecondFactors() {
        Operators ops = station.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Initial-Pass9".toCharArray());
        String value = "SUPERVISOR,ADMINISTRATOR";
        long id = ops.requestApproval("admin1", "setting.change", Operators.SECOND_FACTOR_ROLES + "=" + value);
        ops.decide("admin2", id, true);
        station.store.settings().setCore("admin1", id, Operators.SECOND_FACTOR_ROLES, Settings.Type.STRING, value);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private void typeIn(FxRobot robot, String query, String text) {
        robot.interact(() -> robot.lookup(query).queryTextInputControl().clear());
        FxClick.on(robot, query).write(text);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String code(byte[] secret, int ahead) {
        return Totp.code(secret, Totp.step(station.clock.instant()) + ahead, Totp.DIGITS);
    }

    @Test
    void aSupervisorSetsUpTheSecondFactorAtTheFirstLogInAndThenGivesACode(FxRobot robot) throws Exception {
        station = new UiFixture(dir);
        requireSecondFactors();
        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(station.services(Locale.ENGLISH), new BarcodeWedge(new WedgeDetector(),
                    () -> nanos.addAndGet(100_000_000L)));
            stage.setScene(ui.scene());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();

        CounterUiSteps.logIn(robot, "sup1", UiFixture.PASSWORD);
        waitUntil(() -> CounterUiSteps.visible(robot, "#login-qr"), "the enrolment: " + text(robot, "#login-message"));
        assertNotNull(robot.lookup("#login-qr").queryAs(ImageView.class).getImage(), "a QR code");
        String shown = text(robot, "#login-secret");
        byte[] secret = base32(shown.substring(shown.lastIndexOf(' ') + 1));
        assertEquals(Totp.SECRET_BYTES, secret.length, shown);
        assertEquals(Operators.RECOVERY_CODES, java.util.regex.Pattern.compile("[2-9A-Z]{5}-[2-9A-Z]{5}")
                .matcher(text(robot, "#login-recovery")).results().count(), "ten recovery codes, two a line");
        assertTrue(station.sessions.current().isEmpty());

        typeIn(robot, "#login-code", "000000");
        waitUntil(() -> text(robot, "#login-message").startsWith("Wrong, used or expired code."), text(robot, "#login-message"));
        assertTrue(CounterUiSteps.visible(robot, "#login-qr"), "the same QR code stays for another try");
        typeIn(robot, "#login-code", code(secret, 0));
        waitUntil(() -> station.sessions.current().isPresent(), "logged in: " + text(robot, "#login-message"));
        assertEquals(Role.SUPERVISOR, station.sessions.current().orElseThrow().role());
        robot.interact(() -> assertNull(robot.lookup("#login-qr").queryAs(ImageView.class).getImage(), "shown once"));
        assertEquals("", text(robot, "#login-recovery"));

        // the idle lock opens with the password alone
        station.clock.advance(Duration.ofMinutes(6));
        robot.interact(() -> station.sessions.checkIdle());
        waitUntil(() -> CounterUiSteps.visible(robot, "#lock-password"), "the lock view");
        typeIn(robot, "#lock-password", new String(UiFixture.PASSWORD));
        waitUntil(() -> !station.sessions.locked(), "unlocked without a code");

        robot.interact(station.sessions::logout);
        waitUntil(() -> CounterUiSteps.visible(robot, "#login-operator"), "the log-in view");
        CounterUiSteps.logIn(robot, "sup1", UiFixture.PASSWORD);
        waitUntil(() -> CounterUiSteps.visible(robot, "#login-code"), "the code field");
        assertFalse(CounterUiSteps.visible(robot, "#login-qr"), "no QR code once set up");
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(() -> !CounterUiSteps.visible(robot, "#login-code"), "Esc goes back to the password");
        assertTrue(station.sessions.awaitingSecondFactor().isEmpty());

        CounterUiSteps.logIn(robot, "sup1", UiFixture.PASSWORD);
        waitUntil(() -> CounterUiSteps.visible(robot, "#login-code"), "the code field again");
        typeIn(robot, "#login-code", code(secret, 0));
        waitUntil(() -> station.sessions.current().isPresent(), "logged in with the code: " + text(robot, "#login-message"));

        robot.interact(station.sessions::logout);
        waitUntil(() -> CounterUiSteps.visible(robot, "#login-operator"), "the log-in view");
        CounterUiSteps.logIn(robot, "sup1", UiFixture.PASSWORD);
        waitUntil(() -> CounterUiSteps.visible(robot, "#login-code"), "the code field");
        typeIn(robot, "#login-code", code(secret, 0));
        waitUntil(() -> text(robot, "#login-message").startsWith("Wrong, used or expired code."), "the same code again");
        assertTrue(station.sessions.current().isEmpty());
        typeIn(robot, "#login-code", code(secret, 1));
        waitUntil(() -> station.sessions.current().isPresent(), "logged in with the next code: " + text(robot, "#login-message"));
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char ch : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(ch);
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }
}
