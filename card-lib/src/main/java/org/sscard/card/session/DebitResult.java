package org.sscard.card.session;

import org.sscard.crypto.DebitData;
import org.sscard.values.Money;

/**
 * A completed offline debit: every input of the card's cryptograms (for the central service, which checks
 * the TAC) and the TAC itself.
 *
 * @param data          amount, terminal id and sequence, date-time, card random, offline sequence, balance after
 * @param tac           the card's transaction authentication code (4 bytes)
 * @param balanceBefore the balance INITIALIZE FOR DEBIT reported
 * @param keyVersion    the version of the card's debit key
 */
public record DebitResult(DebitData data, byte[] tac, Money balanceBefore, int keyVersion) {
    public DebitResult {
        tac = tac.clone();
    }

    @Override
    public byte[] tac() {
        return tac.clone();
    }
}
