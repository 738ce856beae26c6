package org.sscard.terminal.session;

import org.sscard.store.OperatorRefusedException;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;

/**
 * A change of operator accounts or of a proposal was refused (no such operator, nothing to change, a rule of the
 * store's); the problem says why.
 */
public final class OperatorChangeRefusedException extends RuntimeException implements Reasoned {
    private final Problem problem;

    public OperatorChangeRefusedException(Reason reason, Object... args) {
        this(Problem.of(reason, args));
    }

    public OperatorChangeRefusedException(Problem problem) {
        super(problem.english());
        this.problem = problem;
    }

    /** The store's refusal as a problem (the store cannot name reasons: it sits below terminal-app). */
    public static OperatorChangeRefusedException of(OperatorRefusedException e) {
        Reason reason = switch (e.refusal()) {
            case NO_OPERATOR -> Reason.OPERATOR_UNKNOWN;
            case DISABLE_OWN_ACCOUNT -> Reason.OPERATOR_DISABLE_OWN_ACCOUNT;
            case ALREADY_ENABLED -> Reason.OPERATOR_ALREADY_ENABLED;
            case ENABLE_NEEDS_APPROVAL -> Reason.OPERATOR_ENABLE_NEEDS_APPROVAL;
            case ALREADY_HAS_ROLE -> Reason.OPERATOR_HAS_ROLE;
            case LAST_ADMINISTRATOR_DISABLED -> Reason.OPERATOR_LAST_ADMINISTRATOR_DISABLED;
            case LAST_ADMINISTRATOR_ROLE -> Reason.OPERATOR_LAST_ADMINISTRATOR_ROLE;
            case APPROVAL_NOT_PENDING -> Reason.SETTING_PROPOSAL_NOT_PENDING;
            case OWN_REQUEST -> Reason.OPERATOR_OWN_PROPOSAL;
            case APPROVAL_NOT_APPROVED -> Reason.SETTING_PROPOSAL_NOT_APPROVED;
            case APPROVAL_NOT_YOURS -> Reason.OPERATOR_APPROVAL_NOT_YOURS;
            case NO_APPROVAL -> Reason.OPERATOR_NO_APPROVAL;
            case PASSWORD_TOO_SHORT -> Reason.PASSWORD_TOO_SHORT;
            case PASSWORD_TOO_SIMPLE -> Reason.PASSWORD_TOO_SIMPLE;
            case PASSWORD_CONTAINS_ID -> Reason.PASSWORD_CONTAINS_ID;
            case PASSWORD_REUSED -> Reason.PASSWORD_REUSED;
            case OLD_PASSWORD_WRONG -> Reason.PASSWORD_OLD_WRONG;
            case FIRST_MUST_BE_ADMINISTRATOR -> Reason.OPERATOR_FIRST_MUST_BE_ADMINISTRATOR;
            case ID_TAKEN -> Reason.OPERATOR_ID_TAKEN;
            case UNKNOWN_ROLE -> Reason.OPERATOR_UNKNOWN_ROLE;
            case NO_SECOND_FACTOR -> Reason.OPERATOR_NO_SECOND_FACTOR;
            case OPERATOR_DISABLED -> Reason.OPERATOR_DISABLED;
            case ADMINISTRATORS_ONLY -> Reason.OPERATOR_ADMINISTRATORS_ONLY;
            case APPROVAL_FOR_ANOTHER_CHANGE -> Reason.OPERATOR_APPROVAL_FOR_ANOTHER_CHANGE;
        };
        OperatorChangeRefusedException refused = new OperatorChangeRefusedException(new Problem(reason, e.args()));
        refused.initCause(e);
        return refused;
    }

    @Override
    public Problem problem() {
        return problem;
    }
}
