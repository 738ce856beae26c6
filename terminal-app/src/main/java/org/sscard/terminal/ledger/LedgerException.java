package org.sscard.terminal.ledger;

/** The hospital ledger could not be reached or refused a row; the station's own books are untouched. */
public final class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }

    public LedgerException(String message) {
        super(message);
    }
}
