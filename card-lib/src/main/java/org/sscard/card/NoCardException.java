package org.sscard.card;

/** No card is in the reader, or none was inserted before the timeout. */
public class NoCardException extends SmartCardException {
    public NoCardException(String message) {
        super(message);
    }
}
