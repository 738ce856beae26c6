package org.sscard.store;

import java.util.Arrays;
import java.util.List;

/**
 * A change of operator accounts, of an approval or of one's own password that the store refuses (the message says it
 * in English); the refusal and its arguments let a view say it in its own language.
 */
public final class OperatorRefusedException extends StoreException {
    /** Why, with the arguments it carries. */
    public enum Refusal {
        /** (operator id) */
        NO_OPERATOR,
        /** an administrator disabling their own account */
        DISABLE_OWN_ACCOUNT,
        /** (operator id) */
        ALREADY_ENABLED,
        /** (operator id): enabling an administrator without an approval */
        ENABLE_NEEDS_APPROVAL,
        /** (operator id, role) */
        ALREADY_HAS_ROLE,
        /** (operator id): the last active administrator disabled */
        LAST_ADMINISTRATOR_DISABLED,
        /** (operator id): the last active administrator given another role */
        LAST_ADMINISTRATOR_ROLE,
        /** (approval id, state) */
        APPROVAL_NOT_PENDING,
        /** (administrator id): deciding one's own request */
        OWN_REQUEST,
        /** (approval id, state) */
        APPROVAL_NOT_APPROVED,
        /** (approval id, administrator who asked) */
        APPROVAL_NOT_YOURS,
        /** (approval id) */
        NO_APPROVAL,
        /** (minimum length) */
        PASSWORD_TOO_SHORT,
        PASSWORD_TOO_SIMPLE,
        PASSWORD_CONTAINS_ID,
        /** (how many earlier passwords are kept) */
        PASSWORD_REUSED,
        /** changing one's own password with a wrong old one (or an unknown id) */
        OLD_PASSWORD_WRONG,
        /** the station's first account is not an administrator made at set-up */
        FIRST_MUST_BE_ADMINISTRATOR,
        /** (operator id) */
        ID_TAKEN,
        /** (the name given, the roles as a list of {@link Role}): not a role's name */
        UNKNOWN_ROLE,
        /** (operator id): a code checked for an operator without a second factor */
        NO_SECOND_FACTOR,
        /** (operator id) */
        OPERATOR_DISABLED,
        /** (operator id): a step only an administrator may take */
        ADMINISTRATORS_ONLY,
        /** (approval id): an approval used for another change than the one it was given for */
        APPROVAL_FOR_ANOTHER_CHANGE
    }

    private final Refusal refusal;
    private final List<Object> args;

    public OperatorRefusedException(String message, Refusal refusal, Object... args) {
        super(message);
        this.refusal = refusal;
        this.args = List.copyOf(Arrays.asList(args));
    }

    public Refusal refusal() {
        return refusal;
    }

    /** Ids and states as text, a role as {@link Role} (or a list of them), a length as a number. */
    public List<Object> args() {
        return args;
    }
}
