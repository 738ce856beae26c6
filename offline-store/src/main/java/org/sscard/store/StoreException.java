package org.sscard.store;

/** A failure of the station's store; the message says what went wrong and, where it helps, what to do. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
