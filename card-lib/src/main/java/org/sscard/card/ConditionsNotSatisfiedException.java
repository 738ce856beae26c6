package org.sscard.card;

import org.sscard.card.apdu.StatusWord;

/** SW 6985: conditions of use not satisfied. */
public class ConditionsNotSatisfiedException extends CardStatusException {
    public ConditionsNotSatisfiedException(String command) {
        super(StatusWord.CONDITIONS_NOT_SATISFIED, command, "The card refused " + command
                + " (SW 6985: conditions of use not satisfied, e.g. the card is blocked or a step is missing).");
    }
}
