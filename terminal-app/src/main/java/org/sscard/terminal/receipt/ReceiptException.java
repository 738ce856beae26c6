package org.sscard.terminal.receipt;

/** A receipt could not be made (no font, bad layout); the message says what to do. Never a printer failure. */
public class ReceiptException extends RuntimeException {
    public ReceiptException(String message) {
        super(message);
    }

    public ReceiptException(String message, Throwable cause) {
        super(message, cause);
    }
}
