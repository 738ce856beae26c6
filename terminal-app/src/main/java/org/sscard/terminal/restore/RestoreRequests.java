package org.sscard.terminal.restore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sscard.store.BackupException;
import org.sscard.store.Backups;
import org.sscard.store.Operators;
import org.sscard.store.StationStore;
import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.SecondAdministrator;
import org.sscard.terminal.session.Session;

/**
 * The administrators' restore of a backup onto the running station, under dual control as the core settings: A asks
 * for a backup of the backup folder to be restored ({@link #request}: an approval request {@value #ACTION} naming the
 * file), a different administrator B approves — logged in themselves ({@link #approve(long)}) or with their id,
 * password and code on A's session ({@link #approveAndStage}, which stages at once) — or rejects; A stages the
 * approved restore ({@link #stage}). Staging verifies the backup again, refuses while the store holds undelivered
 * messages the backup lacks ({@link RestoreRefusedException}), copies it beside the store with its marker
 * ({@link StagedRestore}) and audits {@value StagedRestore#STAGED}; the station applies it at its next start. A
 * request not approved and staged within {@link RuntimeSettings#PROPOSAL_VALIDITY} expires. An administrator may
 * cancel a staged restore (audited {@value StagedRestore#CANCELLED}).
 */
public final class RestoreRequests {
    public static final String ACTION = "backup.restore";

    /** An open request: pending or approved, not yet staged; {@code expired} once older than the validity. */
    public record Request(long id, String backup, String requestedBy, Instant requestedAt,
                          Operators.ApprovalState state, String decidedBy, boolean expired) {
    }

    private final StationConfig config;
    private final StationStore store;
    private final Authorizer authorizer;
    private final Clock clock;
    private final StagedRestore staging;

    public RestoreRequests(StationConfig config, StationStore store, Authorizer authorizer, Clock clock) {
        this.config = config;
        this.store = store;
        this.authorizer = authorizer;
        this.clock = clock;
        this.staging = new StagedRestore(store.config().file());
    }

    /**
     * Administrator A asks for {@code backupFile} (one of the backup folder's) to be restored; returns the approval id.
     * The backup is verified and the store checked first, so a request that could never be staged is refused at once.
     */
    public long request(Path backupFile) {
        Session a = authorizer.require(Permission.RESTORE, "request the restore of " + backupFile.getFileName());
        check(inBackupFolder(backupFile.getFileName().toString()));
        return store.operators().requestApproval(a.operatorId(), ACTION, backupFile.getFileName().toString());
    }

    /** The restore requests not yet staged (pending or approved), oldest first. */
    public List<Request> open() {
        authorizer.require(Permission.BACKUP, "restore requests");
        return store.operators().openApprovals(ACTION).stream().map(this::request).toList();
    }

    /** The logged-in administrator (not the one who asked) approves; the one who asked stages it. */
    public Request approve(long id) {
        Session b = authorizer.require(Permission.RESTORE, "approve restore #" + id);
        approveBy(pending(id), b.operatorId());
        return request(store.operators().approval(id));
    }

    /**
     * A second administrator approves on the session of the one who asked, with their own id, password and code
     * ({@link SecondAdministrator}); the restore is staged at once.
     */
    public StagedRestore.Marker approveAndStage(long id, String approverId, char[] password, char[] code) {
        Session a = authorizer.require(Permission.RESTORE, "approve restore #" + id + " by " + approverId);
        Request r = pending(id);
        SecondAdministrator.confirm(store, a, approverId, password, code, AccessDeniedException::new);
        approveBy(r, approverId);
        return stage(id);
    }

    /** A second administrator rejects a pending request (the one who asked lets it expire): nothing is staged. */
    public void reject(long id) {
        Session s = authorizer.require(Permission.RESTORE, "reject restore #" + id);
        Request r = pending(id);
        if (r.requestedBy().equals(s.operatorId())) {
            throw new AccessDeniedException(Reason.RESTORE_YOURS, String.valueOf(id),
                    RuntimeSettings.PROPOSAL_VALIDITY.toHours());
        }
        store.operators().decide(s.operatorId(), id, false);
    }

    /**
     * The administrator who asked stages the approved restore: the backup verified again, the store checked for
     * undelivered messages the backup lacks, the backup and its marker copied beside the store, the approval used.
     */
    public StagedRestore.Marker stage(long id) {
        Session a = authorizer.require(Permission.RESTORE, "stage restore #" + id);
        Request r = request(store.operators().approval(id));
        if (r.expired()) {
            throw new AccessDeniedException(Reason.RESTORE_EXPIRED, String.valueOf(id),
                    RuntimeSettings.PROPOSAL_VALIDITY.toHours());
        }
        if (r.state() != Operators.ApprovalState.APPROVED) {
            throw new AccessDeniedException(Reason.RESTORE_NOT_APPROVED, String.valueOf(id), r.state().name());
        }
        Path file = inBackupFolder(r.backup());
        Backups.Verification backup = check(file);
        Set<String> after = new HashSet<>(store.outbox().msgids());
        after.removeAll(backup.msgids());
        StagedRestore.Marker m = new StagedRestore.Marker(r.backup(), backup.createdAt(), backup.stationId(),
                r.requestedBy(), r.decidedBy(), id, clock.instant(), after.size(), null, null);
        staging.stage(file, m);
        try {
            store.operators().useApproval(a.operatorId(), id, ACTION, r.backup());
        } catch (RuntimeException e) {
            staging.cancel();
            throw e;
        }
        store.audit().record(a.operatorId(), StagedRestore.STAGED, r.backup(), m.facts());
        return m;
    }

    /** The restore staged for the next start (or one whose application failed), if any. */
    public Optional<StagedRestore.Marker> staged() {
        authorizer.require(Permission.BACKUP, "staged restore");
        return staging.marker();
    }

    /** Removes the staged restore: the station starts on its current store. */
    public void cancelStaged() {
        Session s = authorizer.require(Permission.BACKUP, "cancel the staged restore");
        Optional<StagedRestore.Marker> m = staging.marker();
        if (m.isEmpty()) {
            throw new BackupException(BackupException.Failure.NOTHING_STAGED, "no restore is staged");
        }
        staging.cancel();
        store.audit().record(s.operatorId(), StagedRestore.CANCELLED, m.get().backup(), m.get().failedAt() == null
                ? "cancelled before the next start; " + m.get().facts()
                : "failed restore cleared (" + m.get().failure() + ")");
    }

    /** Verifies the backup and refuses it while the store holds undelivered messages it lacks. */
    private Backups.Verification check(Path file) {
        Backups.Verification backup = store.backups().verify(file);
        Set<String> lost = StagedRestore.undeliveredNotIn(store, backup);
        if (!lost.isEmpty()) {
            throw StagedRestore.refusal(lost.size());
        }
        return backup;
    }

    /** A file of the backup folder, by name only (an approval cannot point elsewhere). */
    private Path inBackupFolder(String name) {
        Path file = config.backupFolder().resolve(name).normalize();
        if (!file.getParent().equals(config.backupFolder().normalize()) || !Files.isRegularFile(file)) {
            throw new BackupException(BackupException.Failure.NOT_IN_BACKUP_FOLDER, "the backup " + name
                    + " is not in the backup folder " + config.backupFolder(), name, config.backupFolder().toString());
        }
        return file;
    }

    private Request pending(long id) {
        Request r = request(store.operators().approval(id));
        if (r.state() != Operators.ApprovalState.PENDING) {
            throw new AccessDeniedException(Reason.RESTORE_NOT_PENDING, String.valueOf(id), r.state().name());
        }
        return r;
    }

    private void approveBy(Request r, String approverId) {
        if (r.requestedBy().equals(approverId)) {
            throw new AccessDeniedException(Reason.RESTORE_TWO_ADMINISTRATORS, approverId, String.valueOf(r.id()));
        }
        if (r.expired()) {
            store.operators().decide(approverId, r.id(), false);
            throw new AccessDeniedException(Reason.RESTORE_EXPIRED_REJECTED, String.valueOf(r.id()));
        }
        store.operators().decide(approverId, r.id(), true);
    }

    private Request request(Operators.Approval a) {
        if (!ACTION.equals(a.action())) {
            throw new BackupException(BackupException.Failure.NOT_A_RESTORE_REQUEST, "#" + a.id() + " is not a restore request",
                    String.valueOf(a.id()));
        }
        return new Request(a.id(), a.subject(), a.requestedBy(), a.requestedAt(), a.state(), a.decidedBy(),
                a.requestedAt().plus(RuntimeSettings.PROPOSAL_VALIDITY).isBefore(clock.instant()));
    }
}
