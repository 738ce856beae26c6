package org.sscard.terminal.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.sscard.store.OperatorRefusedException;
import org.sscard.store.Operators;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/**
 * The station's operator session: log-in and log-out against the store's operators (password policy, lock-out and
 * expiry live there), the second factor where the operator's role or enrolment asks for one (password first, then
 * a code within {@link #SECOND_FACTOR_WINDOW}, or setting the factor up), and the idle lock: after {@code idleLock}
 * without activity the session locks and only the same operator's password unlocks it (no code: it is the same
 * session). Time comes from a {@link Clock}, so tests move time instead of sleeping;
 * the idle check runs on every {@link #activity()} and {@link #current()} (the UI may also poll
 * {@link #checkIdle()} on a timer).
 */
public final class SessionManager {
    /** What a log-in attempt led to; {@link #message()} is shown to the operator. */
    /**
     * A log-in's outcome: the store's status (its message the store's English words), or, refused before any check,
     * no status and the refusal as a problem.
     */
    public record LoginResult(Operators.AuthStatus status, String message, Session session, Problem refusal) {
        public LoginResult(Operators.AuthStatus status, String message, Session session) {
            this(status, message, session, null);
        }

        static LoginResult refused(Reason reason, Object... args) {
            Problem p = Problem.of(reason, args);
            return new LoginResult(null, p.english(), null, p);
        }

        public boolean loggedIn() {
            return session != null;
        }
    }

    public enum Event { LOGGED_IN, LOCKED, UNLOCKED, LOGGED_OUT }

    /** How long after the password the code (or setting the factor up) may follow. */
    public static final Duration SECOND_FACTOR_WINDOW = Duration.ofMinutes(5);

    /** A log-in whose password was accepted, waiting for its second factor. */
    private record Pending(String operatorId, Operators.AuthStatus status, Instant until, Operators.Enrolment enrolment) {
    }

    private final StationStore store;
    private final Clock clock;
    private final Duration idleLock;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private Session session;
    private Pending pending;
    private boolean locked;
    private Instant lastActivity;

    public SessionManager(StationStore store, Clock clock, Duration idleLock) {
        this.store = store;
        this.clock = clock;
        this.idleLock = idleLock;
    }

    public void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /**
     * Logs in. A password set by an administrator or expired is accepted only to change it: no session is opened
     * until {@link #changePassword} succeeds and the operator logs in again.
     */
    public LoginResult login(String operatorId, char[] password) {
        synchronized (this) {
            if (session != null) {
                return LoginResult.refused(Reason.LOGIN_SOMEONE_LOGGED_IN, session.operatorId());
            }
        }
        Operators.AuthResult auth = store.operators().authenticate(operatorId, password);
        synchronized (this) {
            pending = auth.status() == Operators.AuthStatus.SECOND_FACTOR_REQUIRED
                    || auth.status() == Operators.AuthStatus.SECOND_FACTOR_ENROLMENT
                    ? new Pending(operatorId, auth.status(), clock.instant().plus(SECOND_FACTOR_WINDOW), null) : null;
        }
        if (auth.status() != Operators.AuthStatus.OK) {
            return new LoginResult(auth.status(), auth.message(), null);
        }
        return open(operatorId, auth);
    }

    private LoginResult open(String operatorId, Operators.AuthResult auth) {
        Operators.Operator op = store.operators().find(operatorId).orElseThrow();
        Session s = new Session(op.id(), op.displayName(), op.role(), clock.instant());
        synchronized (this) {
            session = s;
            pending = null;
            locked = false;
            lastActivity = clock.instant();
        }
        fire(Event.LOGGED_IN);
        return new LoginResult(auth.status(), auth.message(), s);
    }

    /** The operator whose password was accepted and whose second factor is awaited (code or set-up), if any. */
    public synchronized Optional<String> awaitingSecondFactor() {
        return pending == null || !clock.instant().isBefore(pending.until()) ? Optional.empty() : Optional.of(pending.operatorId());
    }

    /**
     * Completes a log-in answered {@code SECOND_FACTOR_REQUIRED} with the code from the operator's app or a recovery
     * code; a wrong code may be typed again (counting toward the lock-out) until the window closes.
     */
    public LoginResult secondFactor(char[] code) {
        Pending p = requirePending(Operators.AuthStatus.SECOND_FACTOR_REQUIRED);
        if (p == null) {
            return noPending();
        }
        return completed(p, store.operators().verifyCode(p.operatorId(), code));
    }

    /**
     * The second factor to set up, for a log-in answered {@code SECOND_FACTOR_ENROLMENT}: the same one on every call
     * until confirmed (the QR code is shown once, but a mistyped code must not change the secret in the app).
     */
    public Operators.Enrolment beginEnrolment() {
        synchronized (this) {
            Pending p = requirePending(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT);
            if (p == null) {
                throw new AccessDeniedException(Reason.ACCESS_ENROL_AT_LOG_IN);
            }
            if (p.enrolment() == null) {
                pending = new Pending(p.operatorId(), p.status(), p.until(), store.operators().beginEnrolment(p.operatorId()));
            }
            return pending.enrolment();
        }
    }

    /** Confirms the enrolment from {@link #beginEnrolment} with a current code from the app, and opens the session. */
    public LoginResult confirmEnrolment(char[] code) {
        Pending p = requirePending(Operators.AuthStatus.SECOND_FACTOR_ENROLMENT);
        if (p == null || p.enrolment() == null) {
            return noPending();
        }
        return completed(p, store.operators().confirmEnrolment(p.enrolment(), code));
    }

    /** Drops a log-in waiting for its second factor (the operator went back). */
    public synchronized void cancelSecondFactor() {
        pending = null;
    }

    private LoginResult completed(Pending p, Operators.AuthResult auth) {
        if (auth.status() == Operators.AuthStatus.OK) {
            return open(p.operatorId(), auth);
        }
        if (auth.status() != Operators.AuthStatus.WRONG_CODE) {
            cancelSecondFactor();
        }
        return new LoginResult(auth.status(), auth.message(), null);
    }

    private synchronized Pending requirePending(Operators.AuthStatus status) {
        if (pending != null && !clock.instant().isBefore(pending.until())) {
            pending = null;
        }
        return pending != null && pending.status() == status ? pending : null;
    }

    private static LoginResult noPending() {
        return LoginResult.refused(Reason.LOGIN_PASSWORD_NOT_RECENT, SECOND_FACTOR_WINDOW.toMinutes());
    }

    /** Changes the operator's own password (the store enforces quality, history and the old password). */
    public void changePassword(String operatorId, char[] oldPassword, char[] newPassword) {
        try {
            store.operators().changePassword(operatorId, oldPassword, newPassword);
        } catch (OperatorRefusedException e) {
            throw OperatorChangeRefusedException.of(e);
        }
    }

    /** The active session, if logged in and not locked (checks the idle time first). */
    public Optional<Session> current() {
        checkIdle();
        synchronized (this) {
            return locked ? Optional.empty() : Optional.ofNullable(session);
        }
    }

    /** The logged-in operator's session, locked or not. */
    public synchronized Optional<Session> loggedIn() {
        return Optional.ofNullable(session);
    }

    public synchronized boolean locked() {
        return locked;
    }

    /** The operator did something: resets the idle timer (after checking it has not already run out). */
    public void activity() {
        checkIdle();
        synchronized (this) {
            if (session != null && !locked) {
                lastActivity = clock.instant();
            }
        }
    }

    /** Locks the session if it has been idle for the configured time; returns true if it is locked now. */
    public boolean checkIdle() {
        String operator;
        synchronized (this) {
            if (session == null || locked) {
                return locked;
            }
            if (Duration.between(lastActivity, clock.instant()).compareTo(idleLock) < 0) {
                return false;
            }
            locked = true;
            operator = session.operatorId();
        }
        store.audit().record(operator, "session.lock", operator, "idle " + idleLock);
        fire(Event.LOCKED);
        return true;
    }

    /** Locks at once (the operator leaves the station). */
    public void lock() {
        String operator;
        synchronized (this) {
            if (session == null || locked) {
                return;
            }
            locked = true;
            operator = session.operatorId();
        }
        store.audit().record(operator, "session.lock", operator, "by the operator");
        fire(Event.LOCKED);
    }

    /** Unlocks with the logged-in operator's password (failures count towards the account lock-out). */
    public LoginResult unlock(char[] password) {
        Session s;
        synchronized (this) {
            if (session == null) {
                return LoginResult.refused(Reason.LOGIN_NOBODY_LOGGED_IN);
            }
            s = session;
        }
        Operators.AuthResult auth = store.operators().reauthenticate(s.operatorId(), password);
        if (!auth.passwordAccepted()) {
            if (auth.status() == Operators.AuthStatus.LOCKED || auth.status() == Operators.AuthStatus.DISABLED) {
                endSession(s, "account " + auth.status().name().toLowerCase(java.util.Locale.ROOT));
            }
            return new LoginResult(auth.status(), auth.message(), null);
        }
        synchronized (this) {
            locked = false;
            lastActivity = clock.instant();
        }
        store.audit().record(s.operatorId(), "session.unlock", s.operatorId(), "");
        fire(Event.UNLOCKED);
        return new LoginResult(auth.status(), auth.message(), s);
    }

    public void logout() {
        Session s;
        synchronized (this) {
            s = session;
        }
        if (s != null) {
            endSession(s, "");
        }
    }

    private void endSession(Session s, String detail) {
        synchronized (this) {
            session = null;
            pending = null;
            locked = false;
        }
        store.audit().record(s.operatorId(), "operator.logout", s.operatorId(), detail);
        fire(Event.LOGGED_OUT);
    }

    private void fire(Event e) {
        for (Consumer<Event> l : listeners) {
            l.accept(e);
        }
    }
}
