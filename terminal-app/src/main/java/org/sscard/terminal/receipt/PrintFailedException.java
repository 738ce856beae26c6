package org.sscard.terminal.receipt;

/** The printer did not print; the settlement itself is not affected. The message says what to check. */
public class PrintFailedException extends Exception {
    public PrintFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
