package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** SW 6984: the card found a MAC, cryptogram or data invalid. */
public class CardRejectedDataException extends CardStatusException {
    public CardRejectedDataException(String command) {
        super(StatusWord.DATA_INVALID, command, "The card rejected " + command + " as invalid (SW 6984: wrong MAC or cryptogram). "
                + "The security module's keys do not match this card; check the card belongs to this region.");
    }
}
