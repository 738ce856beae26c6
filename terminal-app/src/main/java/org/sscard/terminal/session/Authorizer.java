package org.sscard.terminal.session;

import java.util.List;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Reason;

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
            throw new AccessDeniedException(Reason.ACCESS_LOG_IN_FIRST);
        }
        Session s = sessions.current().orElse(null);
        if (s == null) {
            String operator = sessions.loggedIn().map(Session::operatorId).orElse("-");
            store.audit().record(operator, "authz.deny", what, "session locked");
            throw new AccessDeniedException(Reason.ACCESS_STATION_LOCKED);
        }
        if (!permission.grantedTo(s.role())) {
            store.audit().record(s.operatorId(), "authz.deny", what, "role " + s.role());
            throw new AccessDeniedException(Reason.ACCESS_ROLE_MAY_NOT, s.role(), permission,
                    List.copyOf(permission.roles()));
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
}
