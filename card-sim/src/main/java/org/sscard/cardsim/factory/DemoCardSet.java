package org.sscard.cardsim.factory;

import java.util.List;

/** The demo cards and blank cards made from one seed. */
public record DemoCardSet(String seed, List<DemoCard> cards, List<BlankCard> blankCards) {
    public DemoCardSet {
        cards = List.copyOf(cards);
        blankCards = List.copyOf(blankCards);
    }

    /** Demo card {@code number} (1-based), or a clear refusal. */
    public DemoCard card(int number) {
        if (number < 1 || number > cards.size()) {
            throw new IllegalArgumentException("there is no demo card " + number + "; the cards are numbered 1 to "
                    + cards.size());
        }
        return cards.get(number - 1);
    }
}
