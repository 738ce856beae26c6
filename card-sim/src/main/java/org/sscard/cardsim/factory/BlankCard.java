package org.sscard.cardsim.factory;

import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;

/** A blank card for the card office to personalise. */
public record BlankCard(CardIdentificationCode identification, BlockAlgorithm algorithm) {
    public String region() {
        return identification.region();
    }
}
