package org.sscard.store;

/** A backup could not be made, or a backup file was refused for restore; the message says why and what to do. */
public class BackupException extends StoreException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
