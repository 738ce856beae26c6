package org.sscard.card;

/** A PIN typed by a person is not 4 to 12 digits; nothing was sent to the card. */
public class InvalidPinFormatException extends SmartCardException {
    public InvalidPinFormatException(String message) {
        super(message);
    }
}
