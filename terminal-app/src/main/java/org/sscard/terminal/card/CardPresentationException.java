package org.sscard.terminal.card;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/** A card presented at the counter could not be accepted; the {@link Problem} says why and what to do. */
public class CardPresentationException extends RuntimeException implements Reasoned {
    private final Problem problem;

    public CardPresentationException(Reason reason, Object... args) {
        this(Problem.of(reason, args), null);
    }

    public CardPresentationException(Problem problem, Throwable cause) {
        super(problem.english(), cause);
        this.problem = problem;
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
