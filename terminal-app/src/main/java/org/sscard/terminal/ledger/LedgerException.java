package org.sscard.terminal.ledger;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/**
 * The hospital ledger could not be reached or refused a row; the station's own books are untouched. The problem says
 * why; the message is its English words (with the database's own words, for the log and support).
 */
public final class LedgerException extends RuntimeException implements Reasoned {
    private final Problem problem;

    public LedgerException(Reason reason, Object... args) {
        this(null, reason, args);
    }

    /** A failure of the database ({@code cause}), kept for the retry of concurrent transactions and for the log. */
    public LedgerException(Throwable cause, Reason reason, Object... args) {
        this(Problem.of(reason, args), cause);
    }

    private LedgerException(Problem problem, Throwable cause) {
        super(problem.english(), cause);
        this.problem = problem;
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
