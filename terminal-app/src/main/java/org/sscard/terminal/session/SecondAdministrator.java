package org.sscard.terminal.session;

import java.util.Arrays;
import java.util.function.Function;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.store.StationStore;

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
     * reason (each flow keeps its own exception type).
     */
    public static void confirm(StationStore store, Session proposer, String approverId, char[] password, char[] code,
                               Function<String, ? extends RuntimeException> refusal) {
        try {
            if (approverId == null || approverId.isBlank() || approverId.equals(proposer.operatorId())) {
                throw refusal.apply("a change needs a second administrator: " + proposer.operatorId()
                        + " cannot approve their own proposal. Ask another administrator to enter their id and password");
            }
            Operators.AuthResult auth = store.operators().authenticate(approverId, password, code);
            if (auth.status() != Operators.AuthStatus.OK) {
                throw refusal.apply("the approval was not given: " + auth.message());
            }
            if (auth.role() != Role.ADMINISTRATOR) {
                throw refusal.apply("the approval was not given: " + approverId + " is not an administrator");
            }
        } finally {
            Arrays.fill(password, '\0');
            if (code != null) {
                Arrays.fill(code, '\0');
            }
        }
    }
}
