package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** SW 6983: the PIN is blocked. */
public class PinBlockedException extends CardStatusException {
    public PinBlockedException() {
        super(StatusWord.PIN_BLOCKED, "VERIFY PIN", "The card's PIN is blocked after too many wrong entries (SW 6983). "
                + "The holder must have it unblocked at the card office.");
    }
}
