package org.sscard.terminal.offline;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/** A deferred visit cannot be taken or changed; the {@link Problem} says why and what to do. */
public class DeferredVisitException extends RuntimeException implements Reasoned {
    private final Problem problem;

    public DeferredVisitException(Reason reason, Object... args) {
        super(Problem.of(reason, args).english());
        this.problem = Problem.of(reason, args);
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
