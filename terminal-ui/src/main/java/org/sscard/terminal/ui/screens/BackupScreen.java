package org.sscard.terminal.ui.screens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.sscard.store.Backups;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.restore.RestoreRequests;
import org.sscard.terminal.restore.StagedRestore;
import org.sscard.terminal.services.StationServices;

/**
 * The administrator's backups: the last good (verified) backup and its age, where backups go (and the second folder),
 * this station's backups newest first, "back up now" (written, verified, copied, pruned as the scheduled ones), "verify"
 * of the chosen file (as a restore would check it, in a scratch file), and the restore of a chosen backup under dual
 * control ({@link RestoreRequests}): one administrator asks, a second approves (logged in, or with their id, password
 * and code here), the one who asked stages it; the station applies it at its next start, and until then the staged
 * restore is shown here and can be cancelled. A new or repaired station is restored before it opens with
 * {@code terminal restore} (docs/operations.md, the restore drill).
 */
public final class BackupScreen implements Screen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final VBox content = new VBox(10);
    private final ScrollPane root = new ScrollPane(content);
    private final Label last = new Label();
    private final Label message = new Label();
    private final TableView<Backups.BackupFile> table;
    private final TableView<RestoreRequests.Request> requests;
    private final Label staged = new Label();
    private final Button cancelStaged;
    private final TextField approver = new TextField();
    private final PasswordField approverPassword = new PasswordField();
    private final PasswordField approverCode = new PasswordField();
    private final StationServices services;
    private final RestoreRequests restores;
    private final Clock clock;
    private final UiKit kit;

    public BackupScreen(StationServices services, StationConfig config, Clock clock, UiKit kit) {
        this.services = services;
        this.restores = services.restores();
        this.clock = clock;
        this.kit = kit;
        root.setId("screen-backup");
        root.setFitToWidth(true);
        content.setPadding(new Insets(12));
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
        table.setPrefHeight(260);
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
        Button request = new Button(kit.texts().get("backup.restore.request"));
        request.setId("backup-restore-request");
        request.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(kit.tasks().runningProperty()));
        request.setOnAction(e -> requestRestore(table.getSelectionModel().getSelectedItem()));
        requests = Tables.table("backup-restore-requests", kit.texts().get("backup.restore.none"));
        requests.getColumns().add(Tables.column("#", r -> Long.toString(r.id())));
        requests.getColumns().add(Tables.column(kit.texts().get("backup.col.file"), RestoreRequests.Request::backup));
        requests.getColumns().add(Tables.column(kit.texts().get("backup.restore.col.by"), RestoreRequests.Request::requestedBy));
        requests.getColumns().add(Tables.column(kit.texts().get("backup.restore.col.state"), r -> r.expired()
                ? kit.texts().get("settings.state.EXPIRED") : kit.texts().get("settings.state." + r.state().name())
                + (r.decidedBy() == null ? "" : " (" + r.decidedBy() + ")")));
        requests.setPrefHeight(110);
        Button approve = chosenRequest("backup-restore-approve", "backup.restore.approve",
                r -> restores.approve(r.id()), r -> message.setText(kit.texts().get("backup.restore.approved", r.id(),
                        r.backup(), r.requestedBy())));
        Button reject = chosenRequest("backup-restore-reject", "backup.restore.reject", r -> {
            restores.reject(r.id());
            return r;
        }, r -> message.setText(kit.texts().get("backup.restore.rejected", r.id(), r.backup())));
        Button stage = chosenRequest("backup-restore-stage", "backup.restore.stage", r -> restores.stage(r.id()),
                this::stagedNow);
        approver.setId("backup-restore-approver");
        approver.setPromptText(kit.texts().get("settings.approverId"));
        approverPassword.setId("backup-restore-approver-password");
        approverPassword.setPromptText(kit.texts().get("settings.approverPassword"));
        approverCode.setId("backup-restore-approver-code");
        approverCode.setPromptText(kit.texts().get("settings.approverCode"));
        approverCode.setPrefColumnCount(8);
        Button approveWith = new Button(kit.texts().get("backup.restore.approveWith"));
        approveWith.setId("backup-restore-approve-with");
        approveWith.disableProperty().bind(requests.getSelectionModel().selectedItemProperty().isNull()
                .or(kit.tasks().runningProperty()));
        approveWith.setOnAction(e -> approveHere());
        HBox secondAdmin = new HBox(10, new Label(kit.texts().get("settings.secondAdmin")), approver, approverPassword,
                approverCode, approveWith);
        secondAdmin.setAlignment(Pos.CENTER_LEFT);
        staged.setId("backup-restore-staged");
        staged.setWrapText(true);
        cancelStaged = new Button(kit.texts().get("backup.restore.cancel"));
        cancelStaged.setId("backup-restore-cancel");
        cancelStaged.disableProperty().bind(kit.tasks().runningProperty());
        cancelStaged.setOnAction(e -> cancelStaged());
        showStaged(Optional.empty());
        content.getChildren().addAll(last, folders, new HBox(10, now, verify, request), message, table, restore,
                staged, cancelStaged, requests, new HBox(10, approve, reject, stage), secondAdmin);
    }

    private record Snapshot(List<Backups.BackupFile> files, Optional<Instant> lastGood,
                            List<RestoreRequests.Request> requests, Optional<StagedRestore.Marker> staged) {
    }

    @Override
    public void refresh() {
        kit.tasks().run(kit.texts().get("backup.loading"), () -> new Snapshot(services.backups(),
                services.lastGoodBackup(), restores.open(), restores.staged()), s -> {
            table.setItems(FXCollections.observableArrayList(s.files()));
            requests.setItems(FXCollections.observableArrayList(s.requests()));
            showStaged(s.staged());
            last.setText(s.lastGood().map(at -> kit.texts().get("backup.last", TIME.format(at.atZone(clock.getZone())),
                    Duration.between(at, clock.instant()).toHours())).orElse(kit.texts().get("backup.last.never")));
        }, f -> message.setText(kit.line(f)));
    }

    /** A button acting on the chosen restore request: the work off the FX thread, then its message and a refresh. */
    private <T> Button chosenRequest(String nodeId, String key, Function<RestoreRequests.Request, T> work,
                                     Consumer<T> done) {
        Button b = new Button(kit.texts().get(key));
        b.setId(nodeId);
        b.disableProperty().bind(requests.getSelectionModel().selectedItemProperty().isNull()
                .or(kit.tasks().runningProperty()));
        b.setOnAction(e -> {
            RestoreRequests.Request r = requests.getSelectionModel().getSelectedItem();
            kit.tasks().run(kit.texts().get("backup.restore.working"), () -> work.apply(r), result -> {
                done.accept(result);
                refresh();
            }, this::failed);
        });
        return b;
    }

    private void requestRestore(Backups.BackupFile file) {
        kit.tasks().run(kit.texts().get("backup.restore.working"), () -> restores.request(file.file()), id -> {
            message.setText(kit.texts().get("backup.restore.requested", id, file.file().getFileName()));
            refresh();
        }, this::failed);
    }

    /** A second administrator approves on this session with their id, password and code; staged at once. */
    private void approveHere() {
        RestoreRequests.Request r = requests.getSelectionModel().getSelectedItem();
        String who = approver.getText().trim();
        char[] password = approverPassword.getText().toCharArray();
        char[] code = approverCode.getText().toCharArray();
        approverPassword.clear();
        approverCode.clear();
        kit.tasks().run(kit.texts().get("backup.restore.working"), () -> restores.approveAndStage(r.id(), who, password,
                code), m -> {
            approver.clear();
            stagedNow(m);
            refresh();
        }, f -> {
            Arrays.fill(password, '\0');
            failed(f);
        });
    }

    private void stagedNow(StagedRestore.Marker m) {
        message.setText(kit.texts().get("backup.restore.stagedNow", m.backup(), TIME.format(m.backupMadeAt()
                .atZone(clock.getZone())), m.requestedBy(), m.approvedBy(), m.messagesAfterBackup()));
    }

    private void cancelStaged() {
        kit.tasks().run(kit.texts().get("backup.restore.working"), () -> {
            restores.cancelStaged();
            return true;
        }, done -> {
            message.setText(kit.texts().get("backup.restore.cancelled"));
            refresh();
        }, this::failed);
    }

    private void showStaged(Optional<StagedRestore.Marker> marker) {
        staged.setText(marker.map(m -> m.failedAt() == null
                ? kit.texts().get("backup.restore.staged", m.backup(), m.requestedBy(), m.approvedBy(),
                        TIME.format(m.stagedAt().atZone(clock.getZone())))
                : kit.texts().get("backup.restore.failed", m.backup(), TIME.format(m.failedAt().atZone(clock.getZone())),
                        m.failure())).orElse(""));
        staged.setVisible(marker.isPresent());
        staged.setManaged(marker.isPresent());
        cancelStaged.setVisible(marker.isPresent());
        cancelStaged.setManaged(marker.isPresent());
    }

    /**
     * A refusal says why in the UI's language: a restore that would lose undelivered messages, a refused step of the
     * dual control (own request, wrong password, not pending), a backup that cannot be restored; anything else as usual.
     */
    private void failed(Throwable f) {
        message.setText(kit.refusal(f));
        refresh();
    }

    private void backupNow() {
        kit.tasks().run(kit.texts().get("backup.running"), services::backupNow, made -> {
            message.setText(kit.texts().get("backup.made", made.file().getFileName(), made.verification().audit().headSeq())
                    + (made.copyProblem() == null ? made.copy() == null ? "" : " " + kit.texts().get("backup.copied")
                    : " " + kit.errors().words(made.copyProblem())));
            refresh();
        }, f -> message.setText(kit.refusal(f)));
    }

    private void verify(Backups.BackupFile file) {
        kit.tasks().run(kit.texts().get("backup.verifying"), () -> services.verify(file.file()),
                v -> message.setText(kit.texts().get("backup.verified", file.file().getFileName(), v.stationId(),
                        TIME.format(v.createdAt().atZone(clock.getZone())), v.audit().headSeq())),
                f -> message.setText(kit.refusal(f)));
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
