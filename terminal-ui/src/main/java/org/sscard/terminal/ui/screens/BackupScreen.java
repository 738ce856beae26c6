package org.sscard.terminal.ui.screens;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sscard.store.Backups;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.services.StationServices;

/**
 * The administrator's backups: the last good (verified) backup and its age, where backups go (and the second folder),
 * this station's backups newest first, "back up now" (written, verified, copied, pruned as the scheduled ones), "verify"
 * of the chosen file (as a restore would check it, in a scratch file) and how a backup is restored: on a new or
 * repaired station, before it opens, with the key store ({@code terminal restore}; docs/operations.md, the restore
 * drill). A running station never replaces its own database.
 */
public final class BackupScreen implements Screen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final VBox root = new VBox(10);
    private final Label last = new Label();
    private final Label message = new Label();
    private final TableView<Backups.BackupFile> table;
    private final StationServices services;
    private final Clock clock;
    private final UiKit kit;

    public BackupScreen(StationServices services, StationConfig config, Clock clock, UiKit kit) {
        this.services = services;
        this.clock = clock;
        this.kit = kit;
        root.setId("screen-backup");
        root.setPadding(new Insets(12));
        last.setId("backup-last");
        message.setId("backup-message");
        message.setWrapText(true);
        Label folders = new Label(kit.texts().get("backup.folders", config.backupFolder(),
                config.backupCopyFolder().map(Object::toString).orElse(kit.texts().get("backup.noCopy"))));
        folders.setId("backup-folders");
        folders.setWrapText(true);
        table = Tables.table("backup-table", kit.texts().get("backup.empty"));
        table.getColumns().add(Tables.column(kit.texts().get("backup.col.time"),
                b -> TIME.format(b.madeAt().atZone(clock.getZone()))));
        table.getColumns().add(Tables.column(kit.texts().get("backup.col.file"), b -> b.file().getFileName().toString()));
        table.getColumns().add(Tables.column(kit.texts().get("backup.col.size"), b -> Long.toString(b.bytes() / 1024)));
        VBox.setVgrow(table, Priority.ALWAYS);
        Button now = new Button(kit.texts().get("backup.now"));
        now.setId("backup-now");
        now.disableProperty().bind(kit.tasks().runningProperty());
        now.setOnAction(e -> backupNow());
        Button verify = new Button(kit.texts().get("backup.verify"));
        verify.setId("backup-verify");
        verify.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(kit.tasks().runningProperty()));
        verify.setOnAction(e -> verify(table.getSelectionModel().getSelectedItem()));
        Label restore = new Label(kit.texts().get("backup.restore"));
        restore.setId("backup-restore");
        restore.setWrapText(true);
        root.getChildren().addAll(last, folders, new HBox(10, now, verify), message, table, restore);
    }

    private record Snapshot(List<Backups.BackupFile> files, java.util.Optional<java.time.Instant> lastGood) {
    }

    @Override
    public void refresh() {
        kit.tasks().run(kit.texts().get("backup.loading"), () -> new Snapshot(services.backups(),
                services.lastGoodBackup()), s -> {
            table.setItems(FXCollections.observableArrayList(s.files()));
            last.setText(s.lastGood().map(at -> kit.texts().get("backup.last", TIME.format(at.atZone(clock.getZone())),
                    Duration.between(at, clock.instant()).toHours())).orElse(kit.texts().get("backup.last.never")));
        }, f -> message.setText(kit.line(f)));
    }

    private void backupNow() {
        kit.tasks().run(kit.texts().get("backup.running"), services::backupNow, made -> {
            message.setText(kit.texts().get("backup.made", made.file().getFileName(), made.verification().audit().headSeq())
                    + (made.copyProblem() == null ? made.copy() == null ? "" : " " + kit.texts().get("backup.copied")
                    : " " + made.copyProblem()));
            refresh();
        }, f -> message.setText(kit.line(f)));
    }

    private void verify(Backups.BackupFile file) {
        kit.tasks().run(kit.texts().get("backup.verifying"), () -> services.verify(file.file()),
                v -> message.setText(kit.texts().get("backup.verified", file.file().getFileName(), v.stationId(),
                        TIME.format(v.createdAt().atZone(clock.getZone())), v.audit().headSeq())),
                f -> message.setText(kit.line(f)));
    }

    @Override
    public String id() {
        return "screen-backup";
    }

    @Override
    public String titleKey() {
        return "screen.backup";
    }

    @Override
    public Node view() {
        return root;
    }
}
