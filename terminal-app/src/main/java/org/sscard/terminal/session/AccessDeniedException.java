package org.sscard.terminal.session;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/**
 * An action was refused: not logged in, session locked, the role lacks the permission, or a dual-control step is not
 * this administrator's. The problem says why; the message is its English words.
 */
public final class AccessDeniedException extends RuntimeException implements Reasoned {
    private final Problem problem;

    public AccessDeniedException(Problem problem) {
        super(problem.english());
        this.problem = problem;
    }

    public AccessDeniedException(Reason reason, Object... args) {
        this(Problem.of(reason, args));
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
