package org.sscard.terminal.session;

import java.util.Arrays;
import java.util.function.Function;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/**
 * A second administrator confirming a dual-control change on the proposer's session: their own id, password and,
 * where their log-in needs one, the code of their second factor, checked as a log-in (wrong ones count toward their
 * lock-out). The settings, operator and restore screens share it.
 */
public final class SecondAdministrator {
    private SecondAdministrator() {
    }

    /**
     * Checks that {@code approverId} is another administrator than {@code proposer} and that the credentials are
     * theirs; the password and code arrays are cleared. A refusal is thrown as {@code refusal} makes it from the
     * problem (each flow keeps its own exception type).
     */
    public static void confirm(StationStore store, Session proposer, String approverId, char[] password, char[] code,
                               Function<Problem, ? extends RuntimeException> refusal) {
        try {
            if (approverId == null || approverId.isBlank() || approverId.equals(proposer.operatorId())) {
                throw refusal.apply(Problem.of(Reason.SETTING_OWN_PROPOSAL, proposer.operatorId()));
            }
            Operators.AuthResult auth = store.operators().authenticate(approverId, password, code);
            if (auth.status() != Operators.AuthStatus.OK) {
                throw refusal.apply(switch (auth.status()) {
                    case WRONG_CREDENTIALS -> Problem.of(Reason.SETTING_APPROVER_WRONG_PASSWORD, auth.triesLeft());
                    case SECOND_FACTOR_REQUIRED, WRONG_CODE -> Problem.of(Reason.SETTING_APPROVER_CODE_NEEDED);
                    default -> Problem.of(Reason.SETTING_APPROVER_NOT_LOGGED_IN, auth.status().name());
                });
            }
            if (auth.role() != Role.ADMINISTRATOR) {
                throw refusal.apply(Problem.of(Reason.SETTING_APPROVER_NOT_ADMINISTRATOR, approverId));
            }
        } finally {
            Arrays.fill(password, '\0');
            if (code != null) {
                Arrays.fill(code, '\0');
            }
        }
    }
}
