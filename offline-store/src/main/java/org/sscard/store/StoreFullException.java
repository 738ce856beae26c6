package org.sscard.store;

/**
 * The database could not grow: the disk is full or the configured size limit is reached. The operation
 * that hit the limit was rolled back as a whole; everything stored before it is intact.
 */
public class StoreFullException extends StoreException {
    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
