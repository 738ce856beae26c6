package org.sscard.card.session;

import java.util.Arrays;
import org.sscard.card.InvalidPinFormatException;
import org.sscard.crypto.CardCryptograms;

/** PIN checks and encodings; PINs live in {@code char[]} only and are wiped by their users. */
public final class Pins {
    public static final int MIN_DIGITS = 4;
    public static final int MAX_DIGITS = 12;

    private Pins() {
    }

    /** Refuses anything but 4 to 12 digits, before a PIN reaches the card. */
    public static void requireValid(char[] pin, String which) {
        if (pin == null || pin.length < MIN_DIGITS || pin.length > MAX_DIGITS) {
            throw new InvalidPinFormatException("The " + which + " must have " + MIN_DIGITS + " to " + MAX_DIGITS
                    + " digits. Nothing was sent to the card.");
        }
        for (char c : pin) {
            if (c < '0' || c > '9') {
                throw new InvalidPinFormatException("The " + which + " must have digits only. Nothing was sent to the card.");
            }
        }
    }

    /** The PIN as F-padded BCD. */
    static byte[] bcd(char[] pin, String which) {
        requireValid(pin, which);
        return CardCryptograms.pinBcd(pin);
    }

    static void wipe(char[]... pins) {
        for (char[] pin : pins) {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    static void wipe(byte[]... blocks) {
        for (byte[] b : blocks) {
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }
}
