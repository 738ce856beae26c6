package org.sscard.terminal.office;

/** A card office action could not be done; the message says why and what to do. */
public class CardOfficeException extends RuntimeException {
    public CardOfficeException(String message) {
        super(message);
    }
}
