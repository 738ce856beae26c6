package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** The application is blocked (SW 6283 on SELECT, or a blocked card refusing commands). */
public class CardBlockedException extends CardStatusException {
    public CardBlockedException() {
        super(StatusWord.APPLICATION_BLOCKED, "SELECT", "This card is blocked (reported lost or cancelled; SW 6283). "
                + "Do not accept it; keep the card and send the holder to the card office.");
    }
}
