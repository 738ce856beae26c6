package org.sscard.card;

/** The card in the reader is not a social security card this terminal supports. */
public class WrongCardException extends SmartCardException {
    public WrongCardException(String message) {
        super(message);
    }
}
