package org.sscard.terminal.offline;

import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/**
 * The offline policy's answer: allowed, or refused with a reason code and the {@link Problem} that says what to do
 * (with the figures).
 */
public record OfflineDecision(boolean allowed, OfflineRefusal reason, Problem problem) {
    static OfflineDecision allow() {
        return new OfflineDecision(true, null, null);
    }

    static OfflineDecision refuse(OfflineRefusal reason, Reason why, Object... args) {
        return new OfflineDecision(false, reason, Problem.of(why, args));
    }

    /** The refusal in English (log lines, the command line); "offline payment allowed" when allowed. */
    public String message() {
        return allowed ? "offline payment allowed" : problem.english();
    }
}
