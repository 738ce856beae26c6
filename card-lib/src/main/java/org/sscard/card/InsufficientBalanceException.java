package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** SW 9401: the on-card balance is lower than the debit amount. */
public class InsufficientBalanceException extends CardStatusException {
    public InsufficientBalanceException() {
        super(StatusWord.INSUFFICIENT_BALANCE, "INITIALIZE FOR DEBIT", "The card's personal-account balance is too low for this amount (SW 9401). "
                + "Pay the rest another way.");
    }
}
