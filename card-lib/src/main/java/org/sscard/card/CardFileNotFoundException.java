package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** SW 6A82 / 6A83: file or record not found. */
public class CardFileNotFoundException extends CardStatusException {
    public CardFileNotFoundException(StatusWord sw, String command) {
        super(sw, command, "The card has no " + (sw.value() == 0x6A83 ? "such record" : "such file or application")
                + " (SW " + sw.hex() + " on " + command + "): the card is not personalised as expected.");
    }
}
