package org.sscard.terminal.offline;

/** A deferred visit cannot be taken or changed; the message says why and what to do. */
public class DeferredVisitException extends RuntimeException {
    public DeferredVisitException(String message) {
        super(message);
    }
}
