package org.sscard.store;

/**
 * A change that must not be lost could be written neither to the station database nor to its recovery reserve; the
 * message says what it was. What it recorded is known only to the caller (and the central service or the card).
 */
public class RecoveryException extends StoreException {
    public RecoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
