package org.sscard.terminal.sync;

/** A sync did not complete; what was applied before stays applied and the next run continues from there. */
public class SyncException extends RuntimeException {
    public SyncException(String message) {
        super(message);
    }
}
