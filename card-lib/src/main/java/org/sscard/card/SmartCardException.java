package org.sscard.card;

/**
 * Base of every failure card-lib reports. The message is written for the operator: it says what is wrong
 * and, where it helps, what to do. It never carries a PIN, key bytes or a full ID number.
 */
public class SmartCardException extends RuntimeException {
    public SmartCardException(String message) {
        super(message);
    }

    public SmartCardException(String message, Throwable cause) {
        super(message, cause);
    }
}
