package org.sscard.terminal.link;

/** The link cannot be used as asked (not enrolled, not signed in, bad CA file...); the message says what to do. */
public class LinkException extends RuntimeException {
    public LinkException(String message) {
        super(message);
    }

    public LinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
