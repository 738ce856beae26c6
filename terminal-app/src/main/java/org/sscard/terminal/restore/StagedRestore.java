package org.sscard.terminal.restore;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.PrivateFiles;
import org.sscard.crypto.SecurityModule;
import org.sscard.store.BackupException;
import org.sscard.store.Backups;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.LogText;

/**
 * A restore waiting for the station's next start. A running station cannot replace the store it has open, so the
 * administrators' restore ({@link RestoreRequests}) copies the chosen, verified backup into the folder
 * {@code <store>.restore} beside the store with a marker ({@value #MARKER}: which backup, who asked, who approved,
 * when). The station program's start ({@link #open}) applies it before it opens the store: the backup is verified
 * once more, the current store is opened to check that it holds no undelivered message the backup lacks, then kept
 * aside ({@code <store>.before-restore-<time>}, with its -wal, -shm and recovery reserve; never deleted), the backup
 * is restored in its place and opened, and {@value #APPLIED} is audited in it with the marker's facts. Any failure
 * puts the current store back, marks the staged restore failed (it is not tried again; the backup screen shows why
 * and cancels it) and audits {@value #FAILED} in the current store: the station never starts on a half-restored file.
 */
public final class StagedRestore {
    public static final String STAGED = "backup.restore.staged";
    public static final String APPLIED = "backup.restore.applied";
    public static final String FAILED = "backup.restore.failed";
    public static final String CANCELLED = "backup.restore.cancelled";
    static final String MARKER = "restore.properties";
    private static final String OPERATOR = "system";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Logger LOG = LoggerFactory.getLogger(StagedRestore.class);

    /**
     * What the marker records: the backup (its file name, when and by which station it was made), the administrator
     * who asked and the one who approved (approval id), when it was staged, how many of the store's messages the
     * backup lacked then (delivered ones: the day's reconciliation after the restore shows them), and, once an
     * attempt failed, when and why.
     */
    public record Marker(String backup, Instant backupMadeAt, String station, String requestedBy, String approvedBy,
                         long approval, Instant stagedAt, long messagesAfterBackup, Instant failedAt, String failure) {
        /** The facts as one audit detail. */
        public String facts() {
            return "backup made " + backupMadeAt + " by station " + station + "; asked by " + requestedBy
                    + ", approved by " + approvedBy + " (approval #" + approval + "); staged " + stagedAt
                    + "; " + messagesAfterBackup + " message(s) of the store not in the backup";
        }

        Marker failed(Instant at, String why) {
            return new Marker(backup, backupMadeAt, station, requestedBy, approvedBy, approval, stagedAt,
                    messagesAfterBackup, at, why);
        }
    }

    /** What the start did with a staged restore. */
    public sealed interface Outcome permits Applied, Failed {
        Marker marker();
    }

    /** Restored; the store the station had is kept at {@code kept} (null: there was none). */
    public record Applied(Marker marker, Path kept) implements Outcome {
    }

    /** Not restored: the station opened its current store; {@code reason} says why. */
    public record Failed(Marker marker, String reason) implements Outcome {
    }

    /** The store the station opened, and what happened to a staged restore, if one was waiting. */
    public record Opened(StationStore store, Optional<Outcome> restore) {
    }

    private final Path storeFile;
    private final Path folder;

    public StagedRestore(Path storeFile) {
        this.storeFile = storeFile;
        this.folder = storeFile.resolveSibling(storeFile.getFileName() + ".restore");
    }

    /** The staged restore's marker, if one is staged (or failed and not yet cancelled). */
    public Optional<Marker> marker() {
        Path file = folder.resolve(MARKER);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return Optional.of(new Marker(p.getProperty("backup"), Instant.parse(p.getProperty("backup_made_at")),
                    p.getProperty("station"), p.getProperty("requested_by"), p.getProperty("approved_by"),
                    Long.parseLong(p.getProperty("approval")), Instant.parse(p.getProperty("staged_at")),
                    Long.parseLong(p.getProperty("messages_after_backup")),
                    p.getProperty("failed_at") == null ? null : Instant.parse(p.getProperty("failed_at")),
                    p.getProperty("failure")));
        } catch (IOException | RuntimeException e) {
            throw new BackupException(BackupException.Failure.MARKER_UNREADABLE, "the staged restore's marker " + file
                    + " cannot be read (" + e.getMessage() + "); cancel the staged restore on the backup screen, or move"
                    + " the folder " + folder + " away", e, file.toString(), e.getMessage());
        }
    }

    Path backupCopy(Marker m) {
        return folder.resolve(m.backup());
    }

    /**
     * Copies {@code backupFile} into the staging folder with the marker: written under a temporary name and renamed,
     * so a start finds all of it or nothing. Refused while a restore is staged.
     */
    void stage(Path backupFile, Marker m) {
        if (Files.exists(folder)) {
            throw new BackupException(BackupException.Failure.ALREADY_STAGED, "a restore is already staged (" + folder
                    + "): cancel it first", folder.toString());
        }
        Path tmp = folder.resolveSibling(folder.getFileName() + ".tmp");
        try {
            deleteTree(tmp);
            PrivateFiles.createFolders(tmp);
            PrivateFiles.writeAtomically(tmp.resolve(m.backup()), Files.readAllBytes(backupFile));
            writeMarker(tmp, m);
            Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new BackupException(BackupException.Failure.NOT_STAGED, "the backup could not be staged beside the"
                    + " station database (" + e.getMessage() + "); check the free space of "
                    + storeFile.toAbsolutePath().getParent(), e, storeFile.toAbsolutePath().getParent().toString(),
                    e.getMessage());
        }
    }

    /** Removes the staged restore (the backup it was copied from stays where it is). */
    void cancel() {
        try {
            deleteTree(folder);
        } catch (IOException e) {
            throw new BackupException(BackupException.Failure.STAGED_NOT_REMOVED, "the staged restore " + folder
                    + " could not be removed: " + e.getMessage(), e, folder.toString(), e.getMessage());
        }
    }

    private static void writeMarker(Path dir, Marker m) throws IOException {
        Properties p = new Properties();
        p.setProperty("backup", m.backup());
        p.setProperty("backup_made_at", m.backupMadeAt().toString());
        p.setProperty("station", m.station());
        p.setProperty("requested_by", m.requestedBy());
        p.setProperty("approved_by", m.approvedBy());
        p.setProperty("approval", Long.toString(m.approval()));
        p.setProperty("staged_at", m.stagedAt().toString());
        p.setProperty("messages_after_backup", Long.toString(m.messagesAfterBackup()));
        if (m.failedAt() != null) {
            p.setProperty("failed_at", m.failedAt().toString());
            p.setProperty("failure", m.failure());
        }
        Path tmp = dir.resolve(MARKER + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "a restore staged for the station's next start");
        }
        PrivateFiles.restrict(tmp);
        Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The ids of the undelivered messages (queued, in flight, of unknown outcome) of {@code current} that the backup
     * lacks: a restore would lose them, so it is refused while there are any.
     */
    static Set<String> undeliveredNotIn(StationStore current, Backups.Verification backup) {
        Set<String> lost = new HashSet<>(current.outbox().undeliveredMsgids());
        lost.removeAll(backup.msgids());
        return lost;
    }

    static RestoreRefusedException refusal(int undelivered) {
        return new RestoreRefusedException(undelivered, "the station holds " + undelivered + " message(s) not yet"
                + " delivered or of unknown outcome that the backup lacks: a restore would lose them. Let the station"
                + " forward them and resolve those of unknown outcome (queue screen), then take a new backup; or restore"
                + " with 'terminal restore' after moving the store aside, and deal with them from the kept store");
    }

    /**
     * The station program's start: applies a staged restore (see the class comment), then opens the store. A store that
     * cannot be opened is thrown as {@link StationStore#open} throws it.
     */
    public static Opened open(StoreConfig config, SecurityModule module) {
        StagedRestore staged = new StagedRestore(config.file());
        Optional<Marker> marker = staged.marker().filter(m -> m.failedAt() == null);
        if (marker.isEmpty()) {
            return new Opened(StationStore.open(config, module), Optional.empty());
        }
        return staged.apply(marker.get(), config, module);
    }

    private Opened apply(Marker m, StoreConfig config, SecurityModule module) {
        Instant now = config.clock().instant();
        Path kept = null;
        try {
            Backups.Verification backup = Backups.verify(backupCopy(m), config, module);
            if (Files.exists(storeFile)) {
                try (StationStore current = StationStore.open(config, module)) {
                    Set<String> lost = undeliveredNotIn(current, backup);
                    if (!lost.isEmpty()) {
                        throw refusal(lost.size());
                    }
                }
                kept = storeFile.resolveSibling(storeFile.getFileName() + ".before-restore-"
                        + LocalDateTime.ofInstant(now, config.clock().getZone()).format(STAMP));
                StationStore.moveClosed(storeFile, kept);
            }
            Backups.restore(backupCopy(m), config, module);
            StationStore restored = StationStore.open(config, module);
            try {
                restored.audit().record(OPERATOR, APPLIED, m.backup(), m.facts()
                        + (kept == null ? "" : "; the store before it kept as " + kept.getFileName()));
            } catch (RuntimeException e) {
                restored.close();
                throw e;
            }
            deleteQuietly(folder);
            LOG.warn("the staged restore of {} was applied; the store before it is kept as {}", m.backup(),
                    kept == null ? "(none)" : kept.getFileName());
            return new Opened(restored, Optional.of(new Applied(m, kept)));
        } catch (IOException | RuntimeException e) {
            String reason = LogText.redact(String.valueOf(e.getMessage()));
            LOG.error("the staged restore of {} was not applied: {}", m.backup(), reason, e);
            if (kept != null) {
                putBack(kept);
            }
            try {
                writeMarker(folder, m.failed(now, reason));
            } catch (IOException markerFailed) {
                LOG.error("the staged restore could not be marked failed: {}", markerFailed.getMessage());
            }
            StationStore current = StationStore.open(config, module);
            try {
                current.audit().record(OPERATOR, FAILED, m.backup(), reason + "; the station kept its store; " + m.facts());
            } catch (RuntimeException auditFailed) {
                current.close();
                throw auditFailed;
            }
            return new Opened(current, Optional.of(new Failed(m, reason)));
        }
    }

    /** Takes a failed restore back: the restored files go, the kept store returns to its place. */
    private void putBack(Path kept) {
        try {
            StationStore.deleteClosed(storeFile);
            StationStore.moveClosed(kept, storeFile);
        } catch (IOException e) {
            throw new BackupException(BackupException.Failure.NOT_PUT_BACK, "a restore failed and the station's store"
                    + " could not be put back from " + kept + " (" + e.getMessage() + "): move " + kept.getFileName()
                    + " and its -wal, -shm and .recovery files back to " + storeFile.getFileName() + " by hand before"
                    + " starting the station", e, kept.getFileName().toString(), storeFile.getFileName().toString(),
                    e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("{} could not be removed: {}", dir, e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
