package org.sscard.terminal.session;

import java.util.EnumSet;
import java.util.Set;
import org.sscard.store.Role;

/**
 * What an operator may do, and which roles may do it (least privilege, DOMAIN §8). Permissions marked dual
 * control also need a second administrator's approval (offline-store approvals) for each change.
 */
public enum Permission {
    /** read a card and query the insured person (1101) */
    PERSON_QUERY(false, Role.CASHIER, Role.PHARMACIST, Role.CARD_CLERK),
    /** sign the station in with the central service (9001) */
    CENTRAL_SIGN_IN(false, Role.CASHIER, Role.PHARMACIST, Role.CARD_CLERK, Role.SUPERVISOR),
    /** hospital visits: registration, fee upload, pre-settlement, settlement */
    VISIT(false, Role.CASHIER),
    /** cancel (2208) a settlement made in the operator's own shift */
    CANCEL_OWN_SETTLEMENT(false, Role.CASHIER, Role.SUPERVISOR),
    /** see deferred hospital visits (with holder names) and record their fund share refunded to the patient */
    DEFERRED_VISITS(false, Role.CASHIER, Role.SUPERVISOR),
    /** cancel any settlement */
    CANCEL_ANY_SETTLEMENT(false, Role.SUPERVISOR),
    /** pharmacy sales, online and offline debits */
    PHARMACY_SALE(false, Role.PHARMACIST),
    /** card office: issue, loss report and lift, reissue, replace, PIN reset and unblock, cancel */
    CARD_OFFICE(false, Role.CARD_CLERK),
    /** cancel a card for good (C106): irreversible, so a supervisor's */
    CARD_CANCEL(false, Role.SUPERVISOR),
    /** download the catalog and the blacklist on demand */
    SYNC(false, Role.CASHIER, Role.PHARMACIST, Role.CARD_CLERK, Role.SUPERVISOR, Role.ADMINISTRATOR),
    /** see the link and queue state (no personal data) */
    LINK_STATUS(false, Role.CASHIER, Role.PHARMACIST, Role.CARD_CLERK, Role.SUPERVISOR, Role.ADMINISTRATOR, Role.AUDITOR),
    /** run the forwarder by hand */
    FORWARD(false, Role.SUPERVISOR),
    /** see and acknowledge dead and unknown-outcome messages */
    DEAD_LETTERS(false, Role.SUPERVISOR),
    /** daily reconciliation 3201/3202 */
    RECONCILIATION(false, Role.SUPERVISOR),
    /** settlement reports and statistics */
    REPORTS(false, Role.SUPERVISOR, Role.AUDITOR),
    /** read and export the audit log */
    AUDIT_READ(false, Role.AUDITOR),
    /** check the audit chain's integrity (shows no entries) */
    AUDIT_VERIFY(false, Role.AUDITOR, Role.ADMINISTRATOR),
    /** ordinary station settings */
    CONFIGURATION(false, Role.ADMINISTRATOR),
    /** core settings (prefix core.) */
    CORE_CONFIGURATION(true, Role.ADMINISTRATOR),
    /** operator accounts: create, reset, unlock, disable */
    OPERATORS(false, Role.ADMINISTRATOR),
    /** keys: enrolment, key loading */
    KEYS(true, Role.ADMINISTRATOR),
    /** make a backup of the station store */
    BACKUP(false, Role.ADMINISTRATOR),
    /** replace the station store with a backup at the next start */
    RESTORE(true, Role.ADMINISTRATOR);

    private final boolean dualControl;
    private final Set<Role> roles;

    Permission(boolean dualControl, Role first, Role... more) {
        this.dualControl = dualControl;
        this.roles = EnumSet.of(first, more);
    }

    public boolean dualControl() {
        return dualControl;
    }

    public boolean grantedTo(Role role) {
        return roles.contains(role);
    }

    public Set<Role> roles() {
        return EnumSet.copyOf(roles);
    }
}
