package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Operator accounts (one per person), roles, passwords (Argon2id, complexity, history, expiry, lock-out
 * after repeated failures) and dual-control approvals. There are no default passwords: the first
 * administrator is created with a password chosen at set-up, and every password an administrator sets
 * must be changed at the operator's first log-in.
 */
public final class Operators {
    public static final int MIN_PASSWORD_LENGTH = 8;
    public static final int HISTORY = 5;
    public static final Duration PASSWORD_LIFETIME = Duration.ofDays(90);
    public static final int MAX_FAILED_ATTEMPTS = 5;
    public static final Duration LOCK_DURATION = Duration.ofMinutes(15);
    /** The creator recorded for the first administrator, made when the station has no operator yet. */
    public static final String SETUP = "setup";

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private PasswordHasher hasher;

    Operators(Database db, AuditLog audit, Clock clock, PasswordHasher hasher) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.hasher = hasher;
    }

    void useHasher(PasswordHasher newHasher) {
        this.hasher = newHasher;
    }

    public record Operator(String id, String displayName, Role role, boolean active, boolean mustChangePassword,
                           Instant passwordExpiresAt, int failedAttempts, Instant lockedUntil) {
    }

    public enum AuthStatus { OK, MUST_CHANGE_PASSWORD, PASSWORD_EXPIRED, WRONG_CREDENTIALS, LOCKED, DISABLED }

    /** The answer to a log-in; {@link #message()} is what the operator is shown. */
    public record AuthResult(AuthStatus status, Role role, int triesLeft, Instant lockedUntil) {
        public boolean passwordAccepted() {
            return status == AuthStatus.OK || status == AuthStatus.MUST_CHANGE_PASSWORD || status == AuthStatus.PASSWORD_EXPIRED;
        }

        public String message() {
            return switch (status) {
                case OK -> "logged in";
                case MUST_CHANGE_PASSWORD -> "this password was set for you (new account, set-up or reset): choose your own"
                        + " password now";
                case PASSWORD_EXPIRED -> "your password has expired: choose a new one now";
                case WRONG_CREDENTIALS -> "wrong operator id or password" + (triesLeft > 0
                        ? " (" + triesLeft + " tries left before the account is locked)" : "");
                case LOCKED -> "the account is locked after " + MAX_FAILED_ATTEMPTS + " wrong passwords until "
                        + lockedUntil + "; wait or ask an administrator to unlock it";
                case DISABLED -> "the account is disabled; ask an administrator";
            };
        }
    }

    public enum ApprovalState { PENDING, APPROVED, REJECTED, USED }

    public record Approval(long id, String action, String subject, String requestedBy, Instant requestedAt,
                           ApprovalState state, String decidedBy) {
    }

    /**
     * Creates an account. {@code createdBy} must be an active administrator, except for the very first account,
     * which must be an administrator created by {@link #SETUP}.
     */
    public Operator create(String createdBy, String id, String displayName, Role role, char[] password) {
        return create(createdBy, id, displayName, role, password, false);
    }

    /**
     * Creates the station's first account at set-up: an administrator created by {@link #SETUP} who must change the
     * password at the first log-in, like every other account (the set-up password is typed by whoever runs the
     * set-up, not necessarily the administrator, and may sit in a script).
     */
    public Operator createFirstAdministrator(String id, String displayName, char[] password) {
        return create(SETUP, id, displayName, Role.ADMINISTRATOR, password, true);
    }

    private Operator create(String createdBy, String id, String displayName, Role role, char[] password,
                            boolean firstMustChange) {
        requirePasswordQuality(id, password);
        String hash = hasher.hash(password);
        return db.write("create operator " + id, c -> {
            boolean first = count(c) == 0;
            if (first) {
                if (!SETUP.equals(createdBy) || role != Role.ADMINISTRATOR) {
                    throw new StoreException("the station has no operator yet: the first account must be an administrator created at set-up");
                }
            } else {
                requireAdministrator(c, createdBy, "create operator accounts");
            }
            if (find(c, id).isPresent()) {
                throw new StoreException("operator id " + id + " is taken");
            }
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO operator (id, display_name, role, password_hash,"
                    + " password_changed_at, password_expires_at, must_change, failed_attempts, locked_until, active, created_at,"
                    + " created_by) VALUES (?,?,?,?,?,?,?,0,NULL,1,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, displayName);
                ps.setString(3, role.name());
                ps.setString(4, hash);
                ps.setLong(5, now);
                ps.setLong(6, now + PASSWORD_LIFETIME.toMillis());
                ps.setInt(7, first && !firstMustChange ? 0 : 1);
                ps.setLong(8, now);
                ps.setString(9, createdBy);
                ps.executeUpdate();
            }
            audit.append(c, createdBy, "operator.create", id, "role=" + role);
            return find(c, id).orElseThrow();
        });
    }

    /** Checks a log-in, counting failures and locking the account after {@value #MAX_FAILED_ATTEMPTS} in a row. */
    public AuthResult authenticate(String id, char[] password) {
        Optional<OperatorRow> row = db.read("read operator " + id, c -> row(c, id));
        boolean matches = row.isPresent() && PasswordHasher.verify(password, row.get().hash);
        return db.write("record a log-in of " + id, c -> {
            Optional<OperatorRow> current = row(c, id);
            Instant now = clock.instant();
            if (current.isEmpty()) {
                audit.append(c, id, "operator.login.failed", id, "unknown operator");
                return new AuthResult(AuthStatus.WRONG_CREDENTIALS, null, 0, null);
            }
            OperatorRow r = current.get();
            if (!r.operator.active()) {
                audit.append(c, id, "operator.login.failed", id, "disabled");
                return new AuthResult(AuthStatus.DISABLED, r.operator.role(), 0, null);
            }
            if (r.operator.lockedUntil() != null && r.operator.lockedUntil().isAfter(now)) {
                audit.append(c, id, "operator.login.failed", id, "locked");
                return new AuthResult(AuthStatus.LOCKED, r.operator.role(), 0, r.operator.lockedUntil());
            }
            if (!matches) {
                int failures = r.operator.failedAttempts() + 1;
                Instant lockedUntil = failures >= MAX_FAILED_ATTEMPTS ? now.plus(LOCK_DURATION) : null;
                try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET failed_attempts = ?, locked_until = ? WHERE id = ?")) {
                    ps.setInt(1, lockedUntil == null ? failures : 0);
                    ps.setObject(2, lockedUntil == null ? null : lockedUntil.toEpochMilli());
                    ps.setString(3, id);
                    ps.executeUpdate();
                }
                audit.append(c, id, "operator.login.failed", id, lockedUntil == null ? "failures=" + failures : "locked until " + lockedUntil);
                return lockedUntil == null
                        ? new AuthResult(AuthStatus.WRONG_CREDENTIALS, r.operator.role(), MAX_FAILED_ATTEMPTS - failures, null)
                        : new AuthResult(AuthStatus.LOCKED, r.operator.role(), 0, lockedUntil);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET failed_attempts = 0, locked_until = NULL WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            AuthStatus status = r.operator.mustChangePassword() ? AuthStatus.MUST_CHANGE_PASSWORD
                    : r.operator.passwordExpiresAt().isAfter(now) ? AuthStatus.OK : AuthStatus.PASSWORD_EXPIRED;
            audit.append(c, id, "operator.login", id, status.name());
            return new AuthResult(status, r.operator.role(), MAX_FAILED_ATTEMPTS, null);
        });
    }

    /** Changes the operator's own password; the old one must be right and the new one must not be one of the last {@value #HISTORY}. */
    public void changePassword(String id, char[] oldPassword, char[] newPassword) {
        requirePasswordQuality(id, newPassword);
        OperatorRow r = db.read("read operator " + id, c -> row(c, id))
                .orElseThrow(() -> new StoreException("wrong operator id or password"));
        if (!PasswordHasher.verify(oldPassword, r.hash)) {
            audit.record(id, "operator.password.failed", id, "wrong old password");
            throw new StoreException("wrong operator id or password");
        }
        List<String> history = db.read("read password history", c -> history(c, id));
        history.add(0, r.hash);
        for (String old : history.subList(0, Math.min(HISTORY, history.size()))) {
            if (PasswordHasher.verify(newPassword, old)) {
                throw new StoreException("the new password was used recently; choose one not among your last " + HISTORY);
            }
        }
        String hash = hasher.hash(newPassword);
        db.write("change the password of " + id, c -> {
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO password_history (operator_id, password_hash, changed_at) VALUES (?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, r.hash);
                ps.setLong(3, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET password_hash = ?, password_changed_at = ?,"
                    + " password_expires_at = ?, must_change = 0 WHERE id = ?")) {
                ps.setString(1, hash);
                ps.setLong(2, now);
                ps.setLong(3, now + PASSWORD_LIFETIME.toMillis());
                ps.setString(4, id);
                ps.executeUpdate();
            }
            audit.append(c, id, "operator.password.change", id, "");
            return null;
        });
    }

    /** An administrator sets a new password (forgotten password); the operator must change it at the next log-in. */
    public void resetPassword(String adminId, String id, char[] newPassword) {
        requirePasswordQuality(id, newPassword);
        String hash = hasher.hash(newPassword);
        db.write("reset the password of " + id, c -> {
            requireAdministrator(c, adminId, "reset passwords");
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET password_hash = ?, must_change = 1,"
                    + " failed_attempts = 0, locked_until = NULL WHERE id = ?")) {
                ps.setString(1, hash);
                ps.setString(2, id);
                if (ps.executeUpdate() == 0) {
                    throw new StoreException("no operator " + id);
                }
            }
            audit.append(c, adminId, "operator.password.reset", id, "");
            return null;
        });
    }

    public void unlock(String adminId, String id) {
        setFlag(adminId, id, "failed_attempts = 0, locked_until = NULL", "operator.unlock");
    }

    public void disable(String adminId, String id) {
        setFlag(adminId, id, "active = 0", "operator.disable");
    }

    public Optional<Operator> find(String id) {
        return db.read("read operator " + id, c -> find(c, id));
    }

    /** Every account, ordered by id (no password data), for the administrator's operator list. */
    public List<Operator> list() {
        return db.read("list operators", c -> {
            List<Operator> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM operator ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                for (String id : ids) {
                    find(c, id).ifPresent(out::add);
                }
            }
            return out;
        });
    }

    /** The role of an active operator; refused with a clear message otherwise. */
    Role requireActive(Connection c, String id) throws SQLException {
        Operator o = find(c, id).orElseThrow(() -> new StoreException("no operator " + id));
        if (!o.active()) {
            throw new StoreException("operator " + id + " is disabled");
        }
        return o.role();
    }

    void requireAdministrator(Connection c, String id, String what) throws SQLException {
        if (!requireActive(c, id).changesConfiguration()) {
            throw new StoreException("only an administrator may " + what + "; operator " + id + " is not one");
        }
    }

    /** An administrator asks for a change that needs a second administrator's consent; returns the approval id. */
    public long requestApproval(String requestedBy, String action, String subject) {
        return db.write("request approval", c -> {
            requireAdministrator(c, requestedBy, "request core configuration changes");
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO approval (action, subject, requested_by, requested_at, state)"
                    + " VALUES (?,?,?,?,'PENDING')", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, action);
                ps.setString(2, subject);
                ps.setString(3, requestedBy);
                ps.setLong(4, clock.millis());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            audit.append(c, requestedBy, "approval.request", "#" + id, action + " " + subject);
            return id;
        });
    }

    /** A second administrator (not the requester) approves or rejects a pending request. */
    public void decide(String decidedBy, long approvalId, boolean approve) {
        db.write("decide approval #" + approvalId, c -> {
            requireAdministrator(c, decidedBy, "approve core configuration changes");
            Approval a = approval(c, approvalId);
            if (a.state() != ApprovalState.PENDING) {
                throw new StoreException("approval #" + approvalId + " is " + a.state() + ", not pending");
            }
            if (a.requestedBy().equals(decidedBy)) {
                throw new StoreException("a change needs two different administrators: " + decidedBy + " asked for it and cannot approve it");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE approval SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?")) {
                ps.setString(1, approve ? "APPROVED" : "REJECTED");
                ps.setString(2, decidedBy);
                ps.setLong(3, clock.millis());
                ps.setLong(4, approvalId);
                ps.executeUpdate();
            }
            audit.append(c, decidedBy, approve ? "approval.grant" : "approval.reject", "#" + approvalId, a.action() + " " + a.subject());
            return null;
        });
    }

    public Approval approval(long approvalId) {
        return db.read("read approval", c -> approval(c, approvalId));
    }

    /** The approvals of {@code action} not yet used: pending, or approved and waiting for their requester, oldest first. */
    public List<Approval> openApprovals(String action) {
        return db.read("list approvals", c -> {
            List<Approval> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, action, subject, requested_by, requested_at, state,"
                    + " decided_by FROM approval WHERE action = ? AND state IN ('PENDING', 'APPROVED') ORDER BY id")) {
                ps.setString(1, action);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Approval(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Instant.ofEpochMilli(rs.getLong(5)), ApprovalState.valueOf(rs.getString(6)), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Uses up an approval for an action outside the settings table (for example enrolling the station's
     * signing key): refused unless a second administrator approved exactly {@code action} on {@code subject}
     * for {@code performedBy}, and it is unused. Audited as {@code approval.use}.
     */
    public void useApproval(String performedBy, long approvalId, String action, String subject) {
        db.write("use approval #" + approvalId, c -> {
            requireAdministrator(c, performedBy, "perform " + action);
            consumeApproval(c, approvalId, performedBy, action, subject);
            audit.append(c, performedBy, "approval.use", "#" + approvalId, action + " " + subject);
            return null;
        });
    }

    /** Marks an approval used by {@code action} on {@code subject} performed by its requester; refused unless approved and unused. */
    void consumeApproval(Connection c, long approvalId, String performedBy, String action, String subject) throws SQLException {
        Approval a = approval(c, approvalId);
        if (a.state() != ApprovalState.APPROVED) {
            throw new StoreException("approval #" + approvalId + " is " + a.state() + "; a second administrator must approve it first");
        }
        if (!a.action().equals(action) || !a.subject().equals(subject)) {
            throw new StoreException("approval #" + approvalId + " was given for " + a.action() + " " + a.subject() + ", not for " + action + " " + subject);
        }
        if (!a.requestedBy().equals(performedBy)) {
            throw new StoreException("approval #" + approvalId + " was asked for by " + a.requestedBy() + "; only that administrator may use it");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE approval SET state = 'USED', used_at = ? WHERE id = ?")) {
            ps.setLong(1, clock.millis());
            ps.setLong(2, approvalId);
            ps.executeUpdate();
        }
    }

    private static Approval approval(Connection c, long approvalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, action, subject, requested_by, requested_at, state, decided_by FROM approval WHERE id = ?")) {
            ps.setLong(1, approvalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("no approval #" + approvalId);
                }
                return new Approval(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), ApprovalState.valueOf(rs.getString(6)), rs.getString(7));
            }
        }
    }

    private void setFlag(String adminId, String id, String assignment, String action) {
        db.write(action + " " + id, c -> {
            requireAdministrator(c, adminId, action.replace("operator.", "") + " operators");
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET " + assignment + " WHERE id = ?")) {
                ps.setString(1, id);
                if (ps.executeUpdate() == 0) {
                    throw new StoreException("no operator " + id);
                }
            }
            audit.append(c, adminId, action, id, "");
            return null;
        });
    }

    static void requirePasswordQuality(String id, char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new StoreException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (char ch : password) {
            if (Character.isLowerCase(ch)) {
                lower = true;
            } else if (Character.isUpperCase(ch)) {
                upper = true;
            } else if (Character.isDigit(ch)) {
                digit = true;
            } else {
                other = true;
            }
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        if (classes < 3) {
            throw new StoreException("a password needs at least three of: lower-case letters, upper-case letters, digits, other characters");
        }
        if (containsIgnoringCase(password, id)) {
            throw new StoreException("a password must not contain the operator id");
        }
    }

    /** Searches the password in place, so it never becomes an immutable String. */
    private static boolean containsIgnoringCase(char[] password, String id) {
        String needle = id.toLowerCase(Locale.ROOT);
        for (int start = 0; start + needle.length() <= password.length; start++) {
            int matched = 0;
            while (matched < needle.length() && Character.toLowerCase(password[start + matched]) == needle.charAt(matched)) {
                matched++;
            }
            if (matched == needle.length()) {
                return true;
            }
        }
        return false;
    }

    private record OperatorRow(Operator operator, String hash) {
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM operator"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Optional<Operator> find(Connection c, String id) throws SQLException {
        return row(c, id).map(OperatorRow::operator);
    }

    private static Optional<OperatorRow> row(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, display_name, role, active, must_change, password_expires_at,"
                + " failed_attempts, locked_until, password_hash FROM operator WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Object locked = rs.getObject(8);
                Instant lockedUntil = locked == null ? null : Instant.ofEpochMilli(((Number) locked).longValue());
                return Optional.of(new OperatorRow(new Operator(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                        rs.getInt(4) == 1, rs.getInt(5) == 1, Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7), lockedUntil),
                        rs.getString(9)));
            }
        }
    }

    private static List<String> history(Connection c, String id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM password_history WHERE operator_id = ?"
                + " ORDER BY changed_at DESC, rowid DESC LIMIT ?")) {
            ps.setString(1, id);
            ps.setInt(2, HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
