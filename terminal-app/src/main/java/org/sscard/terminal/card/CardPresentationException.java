package org.sscard.terminal.card;

/** A card presented at the counter could not be accepted; the message says why and what to do. */
public class CardPresentationException extends RuntimeException {
    public CardPresentationException(String message) {
        super(message);
    }

    public CardPresentationException(String message, Throwable cause) {
        super(message, cause);
    }
}
