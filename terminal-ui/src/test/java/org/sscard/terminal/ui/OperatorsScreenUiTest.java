package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
import org.sscard.terminal.ui.screens.OperatorsScreen;
import org.sscard.terminal.ui.screens.Screen;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The administrator's operator screen on a station whose administrators give a second factor: the list with lock
 * state, second factor and last log-in; unlock chosen with the keyboard; a password reset that must be changed at the
 * next log-in; disable and enable; a role change proposed by admin1 and approved on admin1's session by admin2 with
 * password and code (refused without the code); every action in the audit log.
 */
@ExtendWith(ApplicationExtension.class)
class OperatorsScreenUiTest {
    static final char[] SECOND = "Second-Admin-2".toCharArray();
    @TempDir
    Path dir;
    UiFixture station;
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

    /** Enrols {@code id} through the store as a log-in would (password accepted first); returns the secret. */
    private byte[] enrol(String id, char[] password) {
        Operators ops = station.store.operators();
        assertEquals(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT, ops.authenticate(id, password.clone()).status());
        Operators.Enrolment e = ops.beginEnrolment(id);
        assertEquals(Operators.AuthStatus.OK, ops.confirmEnrolment(e, code(e.secret(), 0).toCharArray()).status());
        return e.secret();
    }

    private String code(byte[] secret, int ahead) {
        return Totp.code(secret, Totp.step(station.clock.instant()) + ahead, Totp.DIGITS);
    }

    @Test
    void anAdministratorManagesAccountsAndARoleChangeTakesASecondAdministratorsPasswordAndCode(FxRobot robot) throws Exception {
        station = new UiFixture(dir);
        Operators ops = station.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Initial-Pass9".toCharArray());
        ops.changePassword("admin2", "Initial-Pass9".toCharArray(), SECOND.clone());
        String roles = "SUPERVISOR,ADMINISTRATOR";
        long policy = ops.requestApproval("admin1", "setting.change", Operators.SECOND_FACTOR_ROLES + "=" + roles);
        ops.decide("admin2", policy, true);
        station.store.settings().setCore("admin1", policy, Operators.SECOND_FACTOR_ROLES, Settings.Type.STRING, roles);
        byte[] admin1 = enrol("admin1", UiFixture.PASSWORD);
        byte[] admin2 = enrol("admin2", SECOND);
        for (int i = 0; i < Operators.MAX_FAILED_ATTEMPTS; i++) {
            ops.authenticate("cash1", "Wrong-Pass-11".toCharArray());
        }

        FxToolkit.setupStage(stage -> {
            ui = new TerminalUi(station.services(Locale.ENGLISH), new BarcodeWedge(new WedgeDetector(), System::nanoTime));
            stage.setScene(ui.scene());
            stage.show();
        });
        robot.interact(() -> {
            assertEquals(Operators.AuthStatus.SECOND_FACTOR_REQUIRED,
                    station.sessions.login("admin1", UiFixture.PASSWORD.clone()).status());
            assertTrue(station.sessions.secondFactor(code(admin1, 1).toCharArray()).loggedIn());
        });
        WaitForAsyncUtils.waitForFxEvents();
        OperatorsScreen screen = (OperatorsScreen) ui.screens().stream().filter(s -> s.id().equals("screen-operators"))
                .findFirst().orElseThrow();
        robot.interact(() -> ui.show(screen));
        TableView<Operators.Operator> table = table(robot, "#operators-table");
        waitUntil(() -> table.getItems().size() == 6, "six accounts: " + message(robot));
        assertEquals(List.of("admin1", "admin2", "aud1", "cash1", "pharm1", "sup1"),
                table.getItems().stream().map(Operators.Operator::id).toList());
        assertTrue(cell(table, "cash1", 4).startsWith("locked until"), cell(table, "cash1", 4));
        assertEquals("set up", cell(table, "admin1", 7));
        assertEquals("none", cell(table, "cash1", 7));
        assertFalse(cell(table, "admin1", 8).equals("never"), "admin1 just logged in");

        // keyboard: the table takes the arrows, Alt+U unlocks the chosen account
        robot.interact(() -> {
            table.requestFocus();
            table.getSelectionModel().select(0);
            table.getFocusModel().focus(0);
        });
        robot.type(KeyCode.DOWN, 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("cash1", table.getSelectionModel().getSelectedItem().id());
        robot.press(KeyCode.ALT).type(KeyCode.U).release(KeyCode.ALT);
        waitUntil(() -> message(robot).equals("cash1 unlocked."), message(robot));
        waitUntil(() -> cell(table, "cash1", 4).equals("not locked"), cell(table, "cash1", 4));

        select(robot, table, "cash1");
        FxClick.on(robot, "#operators-new-password").write("Reset-Pass-77");
        FxClick.on(robot, "#operators-confirm-password").write("Reset-Pass-77");
        robot.type(KeyCode.ENTER);
        waitUntil(() -> message(robot).contains("was reset"), message(robot));
        assertEquals("", robot.lookup("#operators-new-password").queryTextInputControl().getText());
        assertEquals(Operators.AuthStatus.MUST_CHANGE_PASSWORD, ops.authenticate("cash1", "Reset-Pass-77".toCharArray()).status());

        select(robot, table, "pharm1");
        FxClick.on(robot, "#operators-disable");
        waitUntil(() -> cell(table, "pharm1", 3).equals("no"), message(robot));
        select(robot, table, "pharm1");
        FxClick.on(robot, "#operators-enable");
        waitUntil(() -> cell(table, "pharm1", 3).equals("yes"), message(robot));

        // a role change under dual control
        select(robot, table, "cash1");
        @SuppressWarnings("unchecked")
        ChoiceBox<Role> role = robot.lookup("#operators-role").queryAs(ChoiceBox.class);
        robot.interact(() -> role.setValue(Role.SUPERVISOR));
        FxClick.on(robot, "#operators-propose-role");
        TableView<?> proposals = table(robot, "#operators-proposals");
        waitUntil(() -> proposals.getItems().size() == 1, "proposed: " + message(robot));
        robot.interact(() -> proposals.getSelectionModel().select(0));
        FxClick.on(robot, "#operators-apply");
        waitUntil(() -> message(robot).contains("a second administrator must approve it first"), message(robot));
        approveHere(robot, "admin2", SECOND, "");
        waitUntil(() -> message(robot).contains("the 6-digit code"), message(robot));
        assertEquals(Role.CASHIER, ops.find("cash1").orElseThrow().role());
        robot.interact(() -> proposals.getSelectionModel().select(0));
        approveHere(robot, "admin2", SECOND, code(admin2, 1));
        waitUntil(() -> message(robot).equals("Done: cash1 becomes Supervisor."), message(robot));
        assertEquals(Role.SUPERVISOR, ops.find("cash1").orElseThrow().role());
        waitUntil(() -> proposals.getItems().isEmpty(), "nothing waiting");
        assertEquals("", robot.lookup("#operators-approver-code").queryTextInputControl().getText());

        List<String> trail = station.store.audit().query("aud1", Instant.EPOCH, station.clock.instant().plusSeconds(5),
                "operator.", 100).stream().map(a -> a.operator() + " " + a.action() + " " + a.subject()).toList();
        for (String expected : List.of("admin1 operator.unlock cash1", "admin1 operator.password.reset cash1",
                "admin1 operator.disable pharm1", "admin1 operator.enable pharm1", "admin1 operator.role cash1")) {
            assertTrue(trail.contains(expected), expected + " in " + trail);
        }
        assertTrue(trail.stream().noneMatch(t -> t.contains("Reset-Pass-77")));
    }

    @SuppressWarnings("unchecked")
    private static <T> TableView<T> table(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(TableView.class);
    }

    private static void select(FxRobot robot, TableView<Operators.Operator> table, String id) {
        robot.interact(() -> table.getItems().stream().filter(o -> o.id().equals(id)).findFirst()
                .ifPresent(o -> table.getSelectionModel().select(o)));
    }

    /** The text of column {@code column} in the row of {@code id}. */
    private static String cell(TableView<Operators.Operator> table, String id, int column) {
        Operators.Operator o = table.getItems().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        return String.valueOf(table.getColumns().get(column).getCellData(o));
    }

    private static void approveHere(FxRobot robot, String id, char[] password, String code) {
        robot.interact(() -> robot.lookup("#operators-approver").queryTextInputControl().setText(id));
        FxClick.on(robot, "#operators-approver-password").write(new String(password));
        if (!code.isEmpty()) {
            FxClick.on(robot, "#operators-approver-code").write(code);
        }
        FxClick.on(robot, "#operators-approve-here");
    }

    private static String message(FxRobot robot) {
        return robot.lookup("#operators-message").queryAs(Label.class).getText();
    }
}
