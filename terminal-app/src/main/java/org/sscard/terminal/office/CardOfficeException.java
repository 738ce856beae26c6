package org.sscard.terminal.office;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/** A card office action could not be done; the {@link Problem} says why and what to do. */
public class CardOfficeException extends RuntimeException implements Reasoned {
    private final Problem problem;

    public CardOfficeException(Problem problem) {
        super(problem.english());
        this.problem = problem;
    }

    public CardOfficeException(Reason reason, Object... args) {
        this(Problem.of(reason, args));
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
