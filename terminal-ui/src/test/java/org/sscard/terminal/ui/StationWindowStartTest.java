package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.logIn;
import static org.sscard.terminal.ui.CounterUiSteps.visible;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.centralsim.CentralConfig;
import org.sscard.centralsim.CentralSim;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.Station;
import org.sscard.terminal.StationInstance;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.services.StationServices;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The real application class: {@link StationWindow} started on a station set up in a temporary folder (station
 * file, key store, store with operators, enrolled at an in-process central-sim), the key-store passphrase from the
 * environment, simulated readers; and start-up failures shown in the error dialog.
 */
@ExtendWith(ApplicationExtension.class)
class StationWindowStartTest {
    private static final String PASSPHRASE = "Station-Keys-1";
    private static final char[] OWN = "Own-Pass-77".toCharArray();
    private static final char[] OWN2 = "Own-Pass-88".toCharArray();

    @TempDir
    Path dir;
    CentralSim.Running central;
    Application app;
    final AtomicInteger exits = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        // the window-close test minimises the stage the tests share; the next test class's window must show
        Stage primary = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> primary.setIconified(false));
        if (central != null) {
            central.stop();
        }
    }

    @Test
    void theStationOpensWithTheLogInWindowAndTheStatusBar(FxRobot robot) throws Exception {
        Path config = enrolledStation();
        app = FxToolkit.setupApplication(() -> window(config.toString(), "--printer=device:" + dir.resolve("lp0")));
        waitUntil(() -> visible(robot, "#login-view"), "the log-in window");
        assertTrue(robot.lookup("#status-bar").tryQuery().isPresent(), "the status bar is part of the window");
        Stage stage = (Stage) robot.lookup("#login-view").query().getScene().getWindow();
        assertTrue(stage.getTitle().contains("广州市第一人民医院") && stage.getTitle().contains("DEV-0001"), stage.getTitle());
        assertEquals(0, exits.get());

        logIn(robot, "cashier", OWN);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window after the log-in");
        waitUntil(() -> visible(robot, "#status-bar"), "the status bar under the main window");
        waitUntil(() -> robot.lookup("#status-operator").queryAs(Label.class).getText().contains("cashier"),
                "the operator in the status bar");
        assertFalse(robot.lookup("#status-link").queryAs(Label.class).getText().isBlank());
        assertFalse(robot.lookup("#screen-cashier-read").queryButton().isDisabled(), "the counter workflow is connected");
    }

    @Test
    void closingTheWindowLogsOutAndTheStationRunsOnWithItsBackgroundWork(FxRobot robot) throws Exception {
        Path config = enrolledStation();
        app = FxToolkit.setupApplication(() -> window(config.toString(), "--printer=device:" + dir.resolve("lp0")));
        waitUntil(() -> visible(robot, "#login-view"), "the log-in window");
        logIn(robot, "cashier", OWN);
        waitUntil(() -> visible(robot, "#screen-cashier"), "the cashier window");
        waitUntil(() -> robot.lookup("#status-services").queryAs(Label.class).getText().contains("备份")
                || robot.lookup("#status-services").queryAs(Label.class).getText().contains("backup"),
                "the ages of the blacklist, catalog and backup in the status bar");
        Stage stage = (Stage) robot.lookup("#screen-cashier").query().getScene().getWindow();

        // later, not in interact: the notice waits for its OK inside the close request
        javafx.application.Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitUntil(() -> robot.lookup("#close-notice").tryQuery().isPresent(), "the notice that the station runs on");
        DialogPane notice = robot.lookup("#close-notice").queryAs(DialogPane.class);
        robot.interact(() -> ((javafx.scene.control.Button) notice.lookupButton(ButtonType.OK)).fire());
        waitUntil(stage::isIconified, "the window minimised");
        assertTrue(stage.isShowing(), "the window is not closed");
        assertEquals(0, exits.get(), "the application did not end");
        waitUntil(() -> visible(robot, "#login-view"), "the operator logged out");
        java.time.Instant closedAt = java.time.Instant.now();
        StationServices services = ((StationWindow) app).stationServices();
        waitUntil(() -> services.status().at().isAfter(closedAt), "a tick of the station services after the close");
        assertFalse(services.status().blacklistAt() == null, "the blacklist synced");
        Path backups = dir.resolve("backups");
        waitUntil(() -> {
            try (var files = Files.list(backups)) {
                return files.anyMatch(f -> f.toString().endsWith(".ssbak"));
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the station's first backup (taken at its first tick, nobody logged in)");
    }

    /**
     * The backup screen: the administrator backs up now and verifies the listed backup; then the restore: admin1 asks
     * for the newest backup, admin2 approves with their password on admin1's session and it is staged (shown, and
     * cancelled once); the window started again applies it and says so.
     */
    @Test
    void theAdministratorBacksUpVerifiesAndStagesARestoreAppliedAtTheNextStart(FxRobot robot) throws Exception {
        Path config = enrolledStation();
        app = FxToolkit.setupApplication(() -> window(config.toString(), "--printer=device:" + dir.resolve("lp0")));
        waitUntil(() -> visible(robot, "#login-view"), "the log-in window");
        logIn(robot, "admin1", OWN);
        waitUntil(() -> visible(robot, "#nav-screen-backup"), "the backup screen in the administrator's navigation");
        FxClick.on(robot, "#nav-screen-backup");
        waitUntil(() -> visible(robot, "#backup-now"), "the backup screen");
        FxClick.on(robot, "#backup-now");
        waitUntil(() -> robot.lookup("#backup-message").queryAs(Label.class).getText().contains(".ssbak"),
                "the backup written and verified");
        waitUntil(() -> !robot.lookup("#backup-table").queryTableView().getItems().isEmpty(), "the backups listed");
        robot.interact(() -> robot.lookup("#backup-table").queryTableView().getSelectionModel().select(0));
        FxClick.on(robot, "#backup-verify");
        waitUntil(() -> robot.lookup("#backup-message").queryAs(Label.class).getText().contains("DEV-0001"),
                "the chosen backup verified");
        assertFalse(robot.lookup("#backup-last").queryAs(Label.class).getText().isBlank());

        String chosen = stageNewestBackup(robot);
        Label staged = robot.lookup("#backup-restore-staged").queryAs(Label.class);
        assertTrue(staged.getText().contains(chosen) && staged.getText().contains("admin2"), staged.getText());

        fire(robot, "#backup-restore-cancel");
        waitUntil(() -> !robot.lookup("#backup-restore-staged").queryAs(Label.class).isVisible(), "the restore cancelled");
        assertFalse(Files.exists(dir.resolve("station.db.restore")));
        assertEquals(chosen, stageNewestBackup(robot), "staged again");

        FxToolkit.cleanupApplication(app);
        app = FxToolkit.setupApplication(() -> window(config.toString(), "--printer=device:" + dir.resolve("lp0")));
        waitUntil(() -> robot.lookup("#restore-at-start").tryQuery().isPresent(), "the window says the restore was applied");
        DialogPane told = robot.lookup("#restore-at-start").queryAs(DialogPane.class);
        assertTrue(told.getContentText().contains(chosen) && told.getContentText().contains("before-restore"),
                told.getContentText());
        robot.interact(() -> ((javafx.scene.control.Button) told.lookupButton(ButtonType.OK)).fire());
        assertFalse(Files.exists(dir.resolve("station.db.restore")), "applied once");
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("station.db.before-restore-")),
                    "the store before it kept");
        }
        waitUntil(() -> visible(robot, "#login-view"), "the log-in window on the restored store");
    }

    /** Asks for the newest backup's restore as admin1 and has admin2 approve it here; returns the backup's name. */
    private String stageNewestBackup(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#backup-table").queryTableView().getSelectionModel().select(0));
        String chosen = robot.lookup("#backup-table").queryTableView().getItems().get(0).toString();
        fire(robot, "#backup-restore-request");
        waitUntil(() -> !robot.lookup("#backup-restore-requests").queryTableView().getItems().isEmpty(),
                "the restore request listed");
        robot.interact(() -> {
            robot.lookup("#backup-restore-requests").queryTableView().getSelectionModel().select(0);
            robot.lookup("#backup-restore-approver").queryTextInputControl().setText("admin2");
            robot.lookup("#backup-restore-approver-password").queryTextInputControl().setText(new String(OWN2));
        });
        fire(robot, "#backup-restore-approve-with");
        try {
            waitUntil(() -> robot.lookup("#backup-restore-staged").queryAs(Label.class).isVisible(), "the restore staged");
        } catch (AssertionError e) {
            throw new AssertionError(robot.lookup("#backup-message").queryAs(Label.class).getText(), e);
        }
        waitUntil(() -> robot.lookup("#backup-restore-requests").queryTableView().getItems().isEmpty(),
                "the request used");
        String file = robot.lookup("#backup-restore-staged").queryAs(Label.class).getText();
        return java.util.Arrays.stream(file.split("[ （(，,]")).filter(w -> w.endsWith(".ssbak")).findFirst()
                .orElseThrow(() -> new AssertionError(chosen + " / " + file));
    }

    /** Fires a button on the FX thread (the lower part of the backup screen may lie below the test display). */
    private static void fire(FxRobot robot, String query) throws Exception {
        waitUntil(() -> !robot.lookup(query).queryButton().isDisabled(), query + " enabled");
        robot.interact(() -> robot.lookup(query).queryButton().fire());
    }

    @Test
    void aSecondStartBringsTheMinimisedWindowForward(FxRobot robot) throws Exception {
        Path config = enrolledStation();
        app = FxToolkit.setupApplication(() -> window(config.toString(), "--printer=device:" + dir.resolve("lp0")));
        waitUntil(() -> visible(robot, "#login-view"), "the log-in window");
        Stage stage = (Stage) robot.lookup("#login-view").query().getScene().getWindow();
        robot.interact(() -> stage.setIconified(true));
        waitUntil(stage::isIconified, "the window minimised");

        Optional<StationInstance.Running> running = StationApp.claim(new String[] {config.toString(), "--printer=pdf:x"});
        assertTrue(running.isPresent() && running.get().shown(), "the second start found the station and asked it");
        assertTrue(running.get().holder().contains("pid " + ProcessHandle.current().pid()), running.get().holder());
        waitUntil(() -> !stage.isIconified() && stage.isShowing(), "the window restored and in front");
        assertEquals(0, exits.get(), "the running station goes on");
    }

    @Test
    void aMissingStationFileIsNamedInTheErrorDialog(FxRobot robot) throws Exception {
        Path missing = dir.resolve("no-such-station.properties");
        DialogPane error = startAndExpectError(robot, missing.toString());
        assertTrue(error.getContentText().contains(missing.toString()), error.getContentText());
    }

    @Test
    void anInvalidStationFileGivesTheErrorDialogNamingTheSetting(FxRobot robot) throws Exception {
        Path config = dir.resolve("station.properties");
        Files.writeString(config, String.join("\n", "institution.code=H4401", "institution.name=广州市第一人民医院",
                "institution.level=2", "region.mdtrtarea_admvs=440106", "region.insuplc_admdvs=440100",
                "device.number=DEV-0001", "central.url=https://localhost:1", "central.recer-sys-code=GDYB",
                "keystore.path=station.keys", "store.path=station.db", ""), StandardCharsets.UTF_8);
        DialogPane error = startAndExpectError(robot, config.toString());
        assertTrue(error.getContentText().contains("institution.code"), error.getContentText());
    }

    @Test
    void aDeletedStoreIsRefusedInTheErrorDialogAndNotReplaced(FxRobot robot) throws Exception {
        Path config = enrolledStation();
        Path store = dir.resolve("station.db");
        Files.delete(store);
        DialogPane error = startAndExpectError(robot, config.toString());
        assertTrue(error.getHeaderText().contains("does not start") || error.getHeaderText().contains("终端不启动"),
                error.getHeaderText());
        assertTrue(error.getContentText().contains("does not exist") && error.getContentText().contains("terminal restore"),
                error.getContentText());
        assertFalse(Files.exists(store), "no new, empty store");
    }

    /** Starts the window (its start blocks in the dialog), checks the dialog, closes it, and waits for the exit. */
    private DialogPane startAndExpectError(FxRobot robot, String file) throws Exception {
        CompletableFuture<Application> started = CompletableFuture.supplyAsync(() -> {
            try {
                return FxToolkit.setupApplication(() -> window(file));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            }
        });
        waitUntil(() -> robot.lookup("#startup-error").tryQuery().isPresent(), "the start-up error dialog");
        Optional<Node> pane = robot.lookup("#startup-error").tryQuery();
        DialogPane error = (DialogPane) pane.orElseThrow();
        assertFalse(error.getHeaderText().isBlank());
        robot.interact(() -> ((javafx.scene.control.Button) error.lookupButton(ButtonType.CLOSE)).fire());
        app = started.get(30, TimeUnit.SECONDS);
        assertEquals(1, exits.get(), "the application ends after the dialog");
        assertFalse(robot.lookup("#login-view").tryQuery().isPresent(), "no log-in window");
        return error;
    }

    private StationWindow window(String... arguments) {
        Map<String, String> environment = Map.of(StationWindow.PASSPHRASE_ENV, PASSPHRASE);
        return new StationWindow(environment::get,
                () -> new ReaderManager(() -> CardTerminalSimulator.terminals("jCardSim reader")),
                exits::incrementAndGet, List.of(arguments));
    }

    /** A station as {@code terminal setup} leaves it: station file, key store, store with operators, enrolled. */
    private Path enrolledStation() throws Exception {
        central = CentralSim.start(CentralConfig.of(dir.resolve("central")));
        Files.writeString(dir.resolve("ca.pem"), central.caCertPem(), StandardCharsets.US_ASCII);
        SoftwareSecurityModule keys = SoftwareSecurityModule.create(dir.resolve("station.keys"), PASSPHRASE.toCharArray(),
                KdfParameters.FAST_FOR_TESTS);
        keys.generateLocalKey(KeyRef.local(KeyType.DATA, "440106", 1));
        Path config = dir.resolve("station.properties");
        Files.writeString(config, String.join("\n", "institution.code=H44010600001", "institution.name=广州市第一人民医院",
                "institution.level=2", "region.mdtrtarea_admvs=440106", "region.insuplc_admdvs=440100",
                "device.number=DEV-0001", "central.url=https://localhost:" + central.port(), "central.ca-file=ca.pem",
                "central.recer-sys-code=GDYB", "keystore.path=station.keys", "store.path=station.db", ""),
                StandardCharsets.UTF_8);
        try (Station s = Station.create(StationConfigLoader.load(config), PASSPHRASE.toCharArray())) {
            Operators ops = s.store().operators();
            ops.create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR, "Admin-Pass-1".toCharArray());
            ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Second-Admin-2".toCharArray());
            ops.create("admin1", "cashier", "王收费", Role.CASHIER, "Temp-Pass-9".toCharArray());
            ops.changePassword("cashier", "Temp-Pass-9".toCharArray(), OWN.clone());
            ops.changePassword("admin2", "Second-Admin-2".toCharArray(), OWN2.clone());
            long approval = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(s.config()));
            ops.decide("admin2", approval, true);
            s.enrolment().enrol("admin1", approval, central.issueEnrolCode("DEV-0001", "H44010600001", 2).toCharArray());
            ops.changePassword("admin1", "Admin-Pass-1".toCharArray(), OWN.clone());
        }
        return config;
    }
}
