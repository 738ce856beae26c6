package org.sscard.terminal.config;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/** A runtime setting change cannot be made; the problem says why and what to do (its message is the English words). */
public final class SettingsException extends RuntimeException implements Reasoned {
    private final Problem problem;

    public SettingsException(Reason reason, Object... args) {
        this(Problem.of(reason, args));
    }

    public SettingsException(Problem problem) {
        super(problem.english());
        this.problem = problem;
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
