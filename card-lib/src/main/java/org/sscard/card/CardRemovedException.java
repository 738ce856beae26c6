package org.sscard.card;

/** The card was taken out of the reader (or reset by another program) while it was in use. */
public class CardRemovedException extends SmartCardException {
    public CardRemovedException(String message, Throwable cause) {
        super(message, cause);
    }

    public CardRemovedException() {
        super("The card was removed from the reader. Insert it again and repeat the operation.");
    }
}
