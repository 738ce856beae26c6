package org.sscard.terminal.card;

import org.sscard.card.NoCardException;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/** No reader of the {@link CardSlot} holds a card; the problem words it for the operator. */
public final class NoCardInSlotException extends NoCardException implements Reasoned {
    private static final Problem PROBLEM = Problem.of(Reason.NO_CARD_IN_ANY_READER);

    public NoCardInSlotException() {
        super(PROBLEM.english());
    }

    @Override
    public Problem problem() {
        return PROBLEM;
    }
}
