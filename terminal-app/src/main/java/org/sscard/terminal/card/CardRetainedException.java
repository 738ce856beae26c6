package org.sscard.terminal.card;

import org.sscard.terminal.reason.Problem;

/**
 * The card is on the blacklist (lost, cancelled or blocked): its application has been blocked and the operator must
 * keep the card and send the holder to the card office.
 */
public final class CardRetainedException extends CardPresentationException {
    private final boolean blocked;

    public CardRetainedException(Problem problem, boolean blocked) {
        super(problem, null);
        this.blocked = blocked;
    }

    /** True if APPLICATION BLOCK succeeded (false if the card was pulled or refused it; it is still refused). */
    public boolean blocked() {
        return blocked;
    }
}
