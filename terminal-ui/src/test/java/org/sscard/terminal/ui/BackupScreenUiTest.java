package org.sscard.terminal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.ui.CounterUiSteps.labelText;
import static org.sscard.terminal.ui.CounterUiSteps.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.Role;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.services.StationServices;
import org.sscard.terminal.sync.Sync;
import org.sscard.terminal.ui.fx.TaskRunner;
import org.sscard.terminal.ui.screens.BackupScreen;
import org.sscard.terminal.ui.screens.UiKit;
import org.sscard.terminal.ui.text.ErrorMessages;
import org.sscard.terminal.ui.text.Texts;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The backup screen in Chinese when a backup is refused: a damaged backup chosen for verification and a backup folder
 * that cannot be written say why in the reasons bundle's Chinese words, with none of the English message or the
 * system's own words.
 */
@ExtendWith(ApplicationExtension.class)
class BackupScreenUiTest {
    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    @TempDir
    Path dir;
    OnlineStation station;
    TaskRunner tasks;

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (tasks != null) {
            tasks.close();
        }
        if (station != null) {
            station.close();
        }
    }

    @Test
    void aDamagedBackupAndABackupFolderThatCannotBeWrittenAreRefusedInChinese(FxRobot robot) throws Exception {
        station = new OnlineStation(dir);
        station.store.operators().create("admin1", "backups", "备份管理员", Role.ADMINISTRATOR,
                "Temp-Pass-9".toCharArray());
        station.store.operators().changePassword("backups", "Temp-Pass-9".toCharArray(), OnlineStation.PASSWORD.clone());
        assertTrue(station.sessions.login("backups", OnlineStation.PASSWORD.clone()).loggedIn());
        Path folder = dir.resolve("backups");
        StationConfig config = station.config.withBackupFolders(folder, null);
        StationServices services = new StationServices(config, station.store, new Forwarder(station.link, station.store),
                new Sync(station.link, station.store, station.authorizer, station.clock), station.authorizer,
                station.clock);
        Texts texts = new Texts(ZH);
        tasks = new TaskRunner();
        BackupScreen screen = new BackupScreen(services, config, station.clock,
                new UiKit(texts, new ErrorMessages(texts), tasks));
        FxToolkit.setupStage(stage -> {
            stage.setScene(new Scene(new javafx.scene.layout.StackPane(screen.view()), 1000, 800));
            stage.show();
        });
        robot.interact(screen::refresh);

        FxClick.on(robot, "#backup-now");
        waitUntil(() -> labelText(robot, "#backup-message").contains(".ssbak"), labelText(robot, "#backup-message"));
        waitUntil(() -> robot.lookup("#backup-table").queryTableView().getItems().size() == 1, "the backup listed");

        Path made;
        try (var files = Files.list(folder)) {
            made = files.filter(f -> f.toString().endsWith(".ssbak")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(made);
        bytes[bytes.length / 2] ^= 1;
        Files.write(made, bytes);
        robot.interact(() -> robot.lookup("#backup-table").queryTableView().getSelectionModel().select(0));
        FxClick.on(robot, "#backup-verify");
        String damaged = texts.get("settings.refused", Problem.of(Reason.BACKUP_DAMAGED, "").in(ZH));
        waitUntil(() -> labelText(robot, "#backup-message").equals(damaged), labelText(robot, "#backup-message"));
        assertEquals("未执行：备份文件已损坏,不能用于恢复:请改用另一个备份。", labelText(robot, "#backup-message"));

        Files.move(folder, dir.resolve("backups-moved"));
        Files.writeString(folder, "a file where the backup folder should be");
        FxClick.on(robot, "#backup-now");
        waitUntil(() -> labelText(robot, "#backup-message").contains("未能写入备份文件夹"),
                labelText(robot, "#backup-message"));
        String refused = labelText(robot, "#backup-message");
        assertTrue(refused.startsWith("未执行：备份 ") && refused.contains(folder.toString()), refused);
        assertFalse(refused.matches("(?s).*\\b(could|not|the|backup|directory|exists)\\b.*"),
                "no English words on the Chinese screen: " + refused);
    }
}
