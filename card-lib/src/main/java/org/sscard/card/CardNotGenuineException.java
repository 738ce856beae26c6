package org.sscard.card;

/**
 * The card failed a cryptographic check the terminal made (internal authentication, debit MAC2): it is
 * not a genuine card of the key hierarchy, or it was tampered with.
 */
public class CardNotGenuineException extends SmartCardException {
    public CardNotGenuineException(String message) {
        super(message);
    }
}
