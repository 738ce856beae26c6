package org.sscard.card;

/** The card reader or the PC/SC service cannot be used (absent, unplugged, busy, service stopped). */
public class ReaderException extends SmartCardException {
    public ReaderException(String message) {
        super(message);
    }

    public ReaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
