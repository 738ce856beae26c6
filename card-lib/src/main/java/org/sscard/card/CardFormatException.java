package org.sscard.card;

/** The card (or a file standing in for one) sent data that does not have the expected structure. */
public class CardFormatException extends SmartCardException {
    public CardFormatException(String message) {
        super(message);
    }

    public CardFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
