package org.sscard.terminal.receipt;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reasoned;

/** The printer did not print; the settlement itself is not affected. The problem says what to check. */
public class PrintFailedException extends Exception implements Reasoned {
    private final Problem problem;

    public PrintFailedException(Problem problem, Throwable cause) {
        super(problem.english(), cause);
        this.problem = problem;
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
