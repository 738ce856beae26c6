package org.sscard.terminal.offline;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reasoned;

/** The offline policy refused a debit; {@link #decision()} says which limit and the problem what to do. */
public class OfflineRefusedException extends RuntimeException implements Reasoned {
    private final OfflineDecision decision;

    public OfflineRefusedException(OfflineDecision decision) {
        super(decision.message());
        this.decision = decision;
    }

    public OfflineDecision decision() {
        return decision;
    }

    @Override
    public Problem problem() {
        return decision.problem();
    }
}
