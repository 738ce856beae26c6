package org.sscard.terminal.counter;

/** A counter workflow step was refused or failed; the message says what is wrong and what to do. */
public class CounterException extends RuntimeException {
    public CounterException(String message) {
        super(message);
    }

    public CounterException(String message, Throwable cause) {
        super(message, cause);
    }
}
