package org.sscard.terminal.restore;

import org.sscard.store.BackupException;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/**
 * A backup's failure or refusal as a {@link Problem} (the store cannot name reasons: it sits below terminal-app). The
 * views put it into their language; the exception's message stays the English words with the technical detail.
 */
public final class BackupProblems {
    private BackupProblems() {
    }

    public static Problem of(BackupException e) {
        Reason reason = switch (e.failure()) {
            case STORE_DAMAGED -> Reason.BACKUP_STORE_DAMAGED;
            case DISK_FULL -> Reason.BACKUP_DISK_FULL;
            case NO_PERMISSION -> Reason.BACKUP_NO_PERMISSION;
            case NOT_WRITTEN -> Reason.BACKUP_NOT_WRITTEN;
            case NOT_LISTED -> Reason.BACKUP_NOT_LISTED;
            case UNREADABLE -> Reason.BACKUP_UNREADABLE;
            case NOT_A_BACKUP -> Reason.BACKUP_NOT_A_BACKUP;
            case DAMAGED -> Reason.BACKUP_DAMAGED;
            case UNKNOWN_FORMAT -> Reason.BACKUP_UNKNOWN_FORMAT;
            case KEY_MISSING -> Reason.BACKUP_KEY_MISSING;
            case OTHER_KEY -> Reason.BACKUP_OTHER_KEY;
            case NOT_OPENED -> Reason.BACKUP_NOT_OPENED;
            case STORE_EXISTS -> Reason.RESTORE_STORE_EXISTS;
            case LEFTOVER_WAL -> Reason.RESTORE_LEFTOVER_WAL;
            case NOT_RESTORED -> Reason.RESTORE_NOT_WRITTEN;
            case NOT_IN_BACKUP_FOLDER -> Reason.RESTORE_NOT_IN_BACKUP_FOLDER;
            case NOT_A_RESTORE_REQUEST -> Reason.RESTORE_NOT_A_REQUEST;
            case NOTHING_STAGED -> Reason.RESTORE_NOTHING_STAGED;
            case ALREADY_STAGED -> Reason.RESTORE_ALREADY_STAGED;
            case NOT_STAGED -> Reason.RESTORE_NOT_STAGED;
            case MARKER_UNREADABLE -> Reason.RESTORE_MARKER_UNREADABLE;
            case STAGED_NOT_REMOVED -> Reason.RESTORE_STAGED_NOT_REMOVED;
            case NOT_PUT_BACK -> Reason.RESTORE_NOT_PUT_BACK;
            case STATION_RUNNING -> Reason.RESTORE_STATION_RUNNING;
            case LOCK_FILE_UNUSABLE -> Reason.RESTORE_LOCK_FILE_UNUSABLE;
            case LOSES_MESSAGES -> Reason.RESTORE_LOSES_MESSAGES;
        };
        return new Problem(reason, e.args());
    }
}
