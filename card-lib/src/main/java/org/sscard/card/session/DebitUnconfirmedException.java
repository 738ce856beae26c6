package org.sscard.card.session;

import org.sscard.card.CardNotGenuineException;

/**
 * The card answered DEBIT, but its MAC2 is wrong: the card is not genuine or the answer was altered. The
 * card may have debited; {@link #result()} holds the TAC and all debit data, to be kept and sent to the
 * central service, which decides.
 */
public class DebitUnconfirmedException extends CardNotGenuineException {
    private final DebitResult result;

    public DebitUnconfirmedException(DebitResult result) {
        super("The card's debit confirmation (MAC2) is wrong: the card may not be genuine. The debit record is kept for "
                + "the central service; do not hand over the goods on this payment.");
        this.result = result;
    }

    public DebitResult result() {
        return result;
    }
}
