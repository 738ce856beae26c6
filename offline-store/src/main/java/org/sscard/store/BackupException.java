package org.sscard.store;

import java.util.Arrays;
import java.util.List;

/**
 * A backup could not be made, or a backup file was refused for restore; the message says why and what to do (in
 * English, with the technical detail), the failure and its arguments let a view say it in its own language.
 */
public class BackupException extends StoreException {
    /** Why, with the arguments it carries (file and folder names, the technical detail as text). */
    public enum Failure {
        /** (detail): the station's own database fails the integrity check of the copy made for a backup */
        STORE_DAMAGED,
        /** (backup file name, folder, detail): the disk of the backup folder is full */
        DISK_FULL,
        /** (backup file name, folder, detail): the station may not write there */
        NO_PERMISSION,
        /** (backup file name, folder, detail): any other failure to write the backup */
        NOT_WRITTEN,
        /** (folder, detail) */
        NOT_LISTED,
        /** (backup file name, detail): reading it, or the scratch file of a verification */
        UNREADABLE,
        /** the file does not start with the backup signature */
        NOT_A_BACKUP,
        /** (what is wrong, in English): checksums, header, SQLite's integrity check, the audit log, the outbox */
        DAMAGED,
        /** (format) */
        UNKNOWN_FORMAT,
        /** (the backup's data key, this station's): the security module has no such key */
        KEY_MISSING,
        /** (station that made it): sealed with another data key */
        OTHER_KEY,
        /** sealed with another key, or forged */
        NOT_OPENED,
        /** (database file): restore never replaces a station database */
        STORE_EXISTS,
        /** (write-ahead file) of an earlier station database */
        LEFTOVER_WAL,
        /** (database file name, detail) */
        NOT_RESTORED,
        /** (backup file name, backup folder): a restore request names a file outside the backup folder */
        NOT_IN_BACKUP_FOLDER,
        /** (approval id): not a restore request */
        NOT_A_RESTORE_REQUEST,
        /** nothing to cancel */
        NOTHING_STAGED,
        /** (staging folder) */
        ALREADY_STAGED,
        /** (folder of the station database, detail): the copy beside the database failed */
        NOT_STAGED,
        /** (marker file, detail) */
        MARKER_UNREADABLE,
        /** (staging folder, detail) */
        STAGED_NOT_REMOVED,
        /** (kept file, database file, detail): a failed restore whose store could not be put back */
        NOT_PUT_BACK,
        /** (which program holds the store): a running station's store is never replaced */
        STATION_RUNNING,
        /** (lock file, detail) */
        LOCK_FILE_UNUSABLE,
        /** (messages): the station holds undelivered messages the backup lacks */
        LOSES_MESSAGES
    }

    private final Failure failure;
    private final List<Object> args;

    public BackupException(Failure failure, String message, Object... args) {
        this(failure, message, null, args);
    }

    public BackupException(Failure failure, String message, Throwable cause, Object... args) {
        super(message, cause);
        this.failure = failure;
        this.args = List.copyOf(Arrays.stream(args).map(a -> a == null ? "" : a).toList());
    }

    public Failure failure() {
        return failure;
    }

    /** Names and details as text, counts as numbers, in the order {@link Failure} lists them. */
    public List<Object> args() {
        return args;
    }
}
