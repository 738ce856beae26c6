package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** The PIN pad reports the person cancelled or did not finish PIN entry (6401 / 6400). */
public class PinEntryAbortedException extends CardStatusException {
    public PinEntryAbortedException(StatusWord sw, String message) {
        super(sw, "VERIFY PIN", message);
    }
}
