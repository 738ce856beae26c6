package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** SW 63Cx: the PIN was wrong; {@link #triesLeft()} attempts remain before the PIN is blocked. */
public class WrongPinException extends CardStatusException {
    private final int triesLeft;

    public WrongPinException(int triesLeft) {
        super(new StatusWord(0x63C0 | (triesLeft & 0x0F)), "VERIFY PIN", triesLeft == 0
                ? "Wrong PIN. No tries left: the PIN is now blocked; the holder must have it unblocked at the card office."
                : "Wrong PIN. " + triesLeft + (triesLeft == 1 ? " try" : " tries") + " left before the PIN is blocked.");
        this.triesLeft = triesLeft;
    }

    public int triesLeft() {
        return triesLeft;
    }
}
