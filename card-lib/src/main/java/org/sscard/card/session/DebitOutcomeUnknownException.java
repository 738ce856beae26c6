package org.sscard.card.session;

import org.sscard.card.SmartCardException;
import org.sscard.crypto.DebitData;

/**
 * The DEBIT command was sent but no answer came back (card pulled, reader failed): the card may or may
 * not have debited. {@link #debit()} holds everything that was sent, so the terminal can keep the record
 * and resolve it (read the card's balance and offline sequence number again) before anything else.
 */
public class DebitOutcomeUnknownException extends SmartCardException {
    private final DebitData debit;

    public DebitOutcomeUnknownException(DebitData debit, Throwable cause) {
        super("The card did not answer the debit (" + cause.getMessage() + "). It is unknown whether it was debited: "
                + "insert the card again so the terminal can check its balance before charging anything else.", cause);
        this.debit = debit;
    }

    public DebitData debit() {
        return debit;
    }
}
