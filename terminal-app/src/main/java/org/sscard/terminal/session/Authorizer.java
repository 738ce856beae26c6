package org.sscard.terminal.session;

import org.sscard.store.StationStore;

/**
 * The one place that decides whether the current operator may do something. Every decision is written to the
 * audit log, granted ({@code authz.allow}) or denied ({@code authz.deny}), with the permission and the subject
 * (never personal data: pass ids, not names or ID numbers).
 */
public final class Authorizer {
    private final SessionManager sessions;
    private final StationStore store;

    public Authorizer(SessionManager sessions, StationStore store) {
        this.sessions = sessions;
        this.store = store;
    }

    /** The session, if its operator may do {@code permission} on {@code subject}; otherwise AccessDeniedException. */
    public Session require(Permission permission, String subject) {
        return require(permission, subject, false);
    }

    /**
     * As {@link #require}, the {@code authz.allow} entry written with the store's next write (the step's own commit,
     * {@code AuditLog.defer}) instead of a commit of its own; a denial is written at once.
     */
    public Session requireForStep(Permission permission, String subject) {
        return require(permission, subject, true);
    }

    private Session require(Permission permission, String subject, boolean withNextWrite) {
        String what = permission.name() + (subject == null || subject.isEmpty() ? "" : " " + subject);
        if (sessions.loggedIn().isEmpty()) {
            store.audit().record("-", "authz.deny", what, "not logged in");
            throw new AccessDeniedException("log in first");
        }
        Session s = sessions.current().orElse(null);
        if (s == null) {
            String operator = sessions.loggedIn().map(Session::operatorId).orElse("-");
            store.audit().record(operator, "authz.deny", what, "session locked");
            throw new AccessDeniedException("the station is locked: enter your password to unlock it");
        }
        if (!permission.grantedTo(s.role())) {
            store.audit().record(s.operatorId(), "authz.deny", what, "role " + s.role());
            throw new AccessDeniedException("a " + roleName(s) + " may not " + describe(permission)
                    + "; log in as an operator whose role allows it (" + permission.roles() + ")");
        }
        String detail = "role " + s.role()
                + (permission.dualControl() ? " (needs a second administrator's approval)" : "");
        if (withNextWrite) {
            store.audit().defer(s.operatorId(), "authz.allow", what, detail);
        } else {
            store.audit().record(s.operatorId(), "authz.allow", what, detail);
        }
        sessions.activity();
        return s;
    }

    /** True if the current operator may do {@code permission} (no audit entry: for enabling buttons only). */
    public boolean allowed(Permission permission) {
        return sessions.current().map(s -> permission.grantedTo(s.role())).orElse(false);
    }

    private static String roleName(Session s) {
        return s.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static String describe(Permission p) {
        return switch (p) {
            case PERSON_QUERY -> "query insured persons";
            case CENTRAL_SIGN_IN -> "sign the station in";
            case VISIT -> "handle hospital visits";
            case CANCEL_OWN_SETTLEMENT -> "cancel settlements";
            case CANCEL_ANY_SETTLEMENT -> "cancel other operators' settlements";
            case DEFERRED_VISITS -> "see deferred visits or pay their refunds";
            case PHARMACY_SALE -> "make pharmacy sales";
            case CARD_OFFICE -> "do card office work";
            case CARD_CANCEL -> "cancel cards";
            case SYNC -> "download the catalog or blacklist";
            case LINK_STATUS -> "see the link status";
            case FORWARD -> "forward the queue";
            case DEAD_LETTERS -> "handle dead messages";
            case RECONCILIATION -> "reconcile";
            case REPORTS -> "see reports";
            case AUDIT_READ -> "read the audit log";
            case AUDIT_VERIFY -> "verify the audit log";
            case CONFIGURATION, CORE_CONFIGURATION -> "change the configuration";
            case OPERATORS -> "manage operators";
            case KEYS -> "change keys or enrolment";
            case BACKUP -> "make backups";
            case RESTORE -> "restore a backup";
        };
    }
}
