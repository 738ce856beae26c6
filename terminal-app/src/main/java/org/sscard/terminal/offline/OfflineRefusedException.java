package org.sscard.terminal.offline;

/** The offline policy refused a debit; {@link #decision()} says which limit and the message says what to do. */
public class OfflineRefusedException extends RuntimeException {
    private final OfflineDecision decision;

    public OfflineRefusedException(OfflineDecision decision) {
        super(decision.message());
        this.decision = decision;
    }

    public OfflineDecision decision() {
        return decision;
    }
}
