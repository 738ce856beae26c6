package org.sscard.terminal.restore;

import org.sscard.store.BackupException;

/** A restore refused because the station holds undelivered messages the backup lacks; nothing was changed. */
public final class RestoreRefusedException extends BackupException {
    private final int undelivered;

    RestoreRefusedException(int undelivered, String message) {
        super(Failure.LOSES_MESSAGES, message, undelivered);
        this.undelivered = undelivered;
    }

    /** How many queued, in-flight or unknown-outcome messages the restore would have lost. */
    public int undelivered() {
        return undelivered;
    }
}
