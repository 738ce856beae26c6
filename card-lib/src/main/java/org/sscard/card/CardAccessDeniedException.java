package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** SW 6982: the access condition (external authentication or PIN) is not met. */
public class CardAccessDeniedException extends CardStatusException {
    public CardAccessDeniedException(String command) {
        super(StatusWord.SECURITY_STATUS_NOT_SATISFIED, command, "The card refused " + command
                + ": access denied (SW 6982, authentication or PIN verification missing). Remove and insert the card, then repeat.");
    }
}
