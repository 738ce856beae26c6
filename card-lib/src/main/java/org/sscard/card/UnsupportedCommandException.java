package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** SW 6D00 / 6E00: instruction or class not supported. */
public class UnsupportedCommandException extends CardStatusException {
    public UnsupportedCommandException(StatusWord sw, String command) {
        super(sw, command, "The card does not support " + command + " (SW " + sw.hex()
                + "): it is not a card of a supported kind, or not in the right life-cycle state.");
    }
}
