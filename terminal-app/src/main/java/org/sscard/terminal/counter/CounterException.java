package org.sscard.terminal.counter;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/** A counter workflow step was refused or failed; the {@link Problem} says what is wrong and what to do. */
public class CounterException extends RuntimeException implements Reasoned {
    private final Problem problem;

    public CounterException(Problem problem) {
        this(problem, null);
    }

    public CounterException(Reason reason, Object... args) {
        this(Problem.of(reason, args));
    }

    public CounterException(Problem problem, Throwable cause) {
        super(problem.english(), cause);
        this.problem = problem;
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
