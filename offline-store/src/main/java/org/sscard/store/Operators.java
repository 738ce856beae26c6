package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

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

    /**
     * The roles that must give a second factor at log-in (core setting, dual control): a comma-separated list of
     * role names, written at set-up ({@link #DEFAULT_SECOND_FACTOR_ROLES} unless chosen otherwise). A station set up
     * before second factors existed has none until its administrators set it. An operator who enrolled always gives it.
     */
    public static final String SECOND_FACTOR_ROLES = "core.login.second-factor-roles";
    /** What the 医保 security self-inspection asks for at least: administrators and supervisors. */
    public static final Set<Role> DEFAULT_SECOND_FACTOR_ROLES = Collections.unmodifiableSet(EnumSet.of(Role.ADMINISTRATOR, Role.SUPERVISOR));
    public static final int RECOVERY_CODES = 10;
    /** What authenticator apps show as the account's issuer. */
    public static final String TOTP_ISSUER = "sscard";
    /** Approval actions for operator changes under dual control. */
    public static final String ROLE_CHANGE = "operator.role";
    public static final String ENABLE_ADMINISTRATOR = "operator.enable";
    private static final String RECOVERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final FieldCipher cipher;
    private final AuditLog audit;
    private final Clock clock;
    private PasswordHasher hasher;
    private Settings settings;

    Operators(Database db, FieldCipher cipher, AuditLog audit, Clock clock, PasswordHasher hasher) {
        this.db = db;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
        this.hasher = hasher;
    }

    void useSettings(Settings s) {
        this.settings = s;
    }

    void useHasher(PasswordHasher newHasher) {
        this.hasher = newHasher;
    }

    /** An account as the administrator's list shows it (no password or second-factor data). */
    public record Operator(String id, String displayName, Role role, boolean active, boolean mustChangePassword,
                           Instant passwordExpiresAt, int failedAttempts, Instant lockedUntil, Instant lastLoginAt,
                           boolean secondFactorEnrolled) {
        /** Locked out by wrong passwords or codes at {@code now}. */
        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    /**
     * {@code SECOND_FACTOR_REQUIRED}: the password was right, now the code (or a recovery code); {@code
     * SECOND_FACTOR_ENROLMENT}: the password was right and the operator's role needs a second factor not set up yet.
     */
    public enum AuthStatus { OK, MUST_CHANGE_PASSWORD, PASSWORD_EXPIRED, WRONG_CREDENTIALS, LOCKED, DISABLED,
        SECOND_FACTOR_REQUIRED, SECOND_FACTOR_ENROLMENT, WRONG_CODE }

    /** A second factor being set up: shown once (QR code of {@link #uri}, recovery codes), stored only when confirmed. */
    public record Enrolment(String operatorId, byte[] secret, String uri, List<String> recoveryCodes) {
        /** The secret for typing into an authenticator app by hand (base32). */
        public String typedSecret() {
            return Totp.base32(secret);
        }

        @Override
        public String toString() {
            return "Enrolment[" + operatorId + "]";
        }
    }

    /** The answer to a log-in; {@link #message()} is what the operator is shown. */
    public record AuthResult(AuthStatus status, Role role, int triesLeft, Instant lockedUntil) {
        public boolean passwordAccepted() {
            return status == AuthStatus.OK || status == AuthStatus.MUST_CHANGE_PASSWORD || status == AuthStatus.PASSWORD_EXPIRED
                    || status == AuthStatus.SECOND_FACTOR_REQUIRED || status == AuthStatus.SECOND_FACTOR_ENROLMENT;
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
                case SECOND_FACTOR_REQUIRED -> "enter the 6-digit code from your authenticator app (or a recovery code)";
                case SECOND_FACTOR_ENROLMENT -> "your role needs a second factor at log-in: set up an authenticator app"
                        + " now (scan the QR code, keep the recovery codes) and enter its code";
                case WRONG_CODE -> "wrong, used or expired code" + (triesLeft > 0
                        ? " (" + triesLeft + " tries left before the account is locked)" : "");
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
        return create(createdBy, id, displayName, role, password, false, null);
    }

    /**
     * Creates the station's first account at set-up: an administrator created by {@link #SETUP} who must change the
     * password at the first log-in, like every other account (the set-up password is typed by whoever runs the
     * set-up, not necessarily the administrator, and may sit in a script).
     */
    public Operator createFirstAdministrator(String id, String displayName, char[] password) {
        return createFirstAdministrator(id, displayName, password, DEFAULT_SECOND_FACTOR_ROLES);
    }

    /**
     * As {@link #createFirstAdministrator(String, String, char[])}, choosing at set-up which roles must give a second
     * factor at log-in ({@value #SECOND_FACTOR_ROLES}; changed later only under dual control).
     */
    public Operator createFirstAdministrator(String id, String displayName, char[] password, Set<Role> secondFactorRoles) {
        return create(SETUP, id, displayName, Role.ADMINISTRATOR, password, true, secondFactorRoles);
    }

    private Operator create(String createdBy, String id, String displayName, Role role, char[] password,
                            boolean firstMustChange, Set<Role> secondFactorRoles) {
        requirePasswordQuality(id, password);
        String hash = hasher.hash(password);
        return db.write("create operator " + id, c -> {
            boolean first = count(c) == 0;
            if (first) {
                if (!SETUP.equals(createdBy) || role != Role.ADMINISTRATOR) {
                    throw new OperatorRefusedException("the station has no operator yet: the first account must be an administrator"
                            + " created at set-up", OperatorRefusedException.Refusal.FIRST_MUST_BE_ADMINISTRATOR);
                }
            } else {
                requireAdministrator(c, createdBy, "create operator accounts");
            }
            if (find(c, id).isPresent()) {
                throw new OperatorRefusedException("operator id " + id + " is taken", OperatorRefusedException.Refusal.ID_TAKEN, id);
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
            if (secondFactorRoles != null) {
                settings.putSystem(c, SECOND_FACTOR_ROLES, Settings.Type.STRING, formatRoles(secondFactorRoles));
                audit.append(c, createdBy, "setting.change", SECOND_FACTOR_ROLES, "(unset) -> " + formatRoles(secondFactorRoles));
            }
            return find(c, id).orElseThrow();
        });
    }

    /**
     * Checks a log-in's password, counting failures and locking the account after {@value #MAX_FAILED_ATTEMPTS} in a
     * row. When the operator must give a second factor the answer is {@code SECOND_FACTOR_REQUIRED} (or {@code
     * SECOND_FACTOR_ENROLMENT}) and the failure count stays until {@link #verifyCode} or {@link #confirmEnrolment}
     * succeeds, so a known password does not buy fresh guesses at the code.
     */
    public AuthResult authenticate(String id, char[] password) {
        return authenticate(id, password, false);
    }

    /**
     * The password alone, for unlocking the idle lock of a session that already passed its second factor: failures
     * count like at log-in; a right password answers OK (or the password's own state) without asking for a code.
     */
    public AuthResult reauthenticate(String id, char[] password) {
        return authenticate(id, password, true);
    }

    /**
     * A whole log-in check in one step, opening no session: the password, then {@code code} where the operator must
     * give a second factor (for a second administrator confirming a change on another's session). Answers {@code
     * SECOND_FACTOR_REQUIRED} when a code is needed and none was given.
     */
    public AuthResult authenticate(String id, char[] password, char[] code) {
        AuthResult r = authenticate(id, password);
        if (r.status() != AuthStatus.SECOND_FACTOR_REQUIRED || code == null || code.length == 0) {
            return r;
        }
        return verifyCode(id, code);
    }

    private AuthResult authenticate(String id, char[] password, boolean passwordOnly) {
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
            AuthResult refused = refusal(c, r, now);
            if (refused != null) {
                return refused;
            }
            if (!matches) {
                return failure(c, r, now, AuthStatus.WRONG_CREDENTIALS, "wrong password");
            }
            AuthStatus status = r.operator.mustChangePassword() ? AuthStatus.MUST_CHANGE_PASSWORD
                    : r.operator.passwordExpiresAt().isAfter(now) ? AuthStatus.OK : AuthStatus.PASSWORD_EXPIRED;
            if (status == AuthStatus.OK && !passwordOnly && secondFactorRequired(c, r.operator)) {
                status = r.operator.secondFactorEnrolled() ? AuthStatus.SECOND_FACTOR_REQUIRED : AuthStatus.SECOND_FACTOR_ENROLMENT;
                audit.append(c, id, "operator.login.password", id, status.name());
                return new AuthResult(status, r.operator.role(), MAX_FAILED_ATTEMPTS - r.operator.failedAttempts(), null);
            }
            clearFailures(c, id, status == AuthStatus.OK && !passwordOnly ? now : null);
            audit.append(c, id, passwordOnly ? "operator.reauthenticate" : "operator.login", id, status.name());
            return new AuthResult(status, r.operator.role(), MAX_FAILED_ATTEMPTS, null);
        });
    }

    /** The answer for a disabled or locked account, audited; null when the account may try. */
    private AuthResult refusal(Connection c, OperatorRow r, Instant now) throws SQLException {
        String id = r.operator.id();
        if (!r.operator.active()) {
            audit.append(c, id, "operator.login.failed", id, "disabled");
            return new AuthResult(AuthStatus.DISABLED, r.operator.role(), 0, null);
        }
        if (r.operator.lockedAt(now)) {
            audit.append(c, id, "operator.login.failed", id, "locked");
            return new AuthResult(AuthStatus.LOCKED, r.operator.role(), 0, r.operator.lockedUntil());
        }
        return null;
    }

    /** Counts a wrong password or code; the {@value #MAX_FAILED_ATTEMPTS}th in a row locks the account. */
    private AuthResult failure(Connection c, OperatorRow r, Instant now, AuthStatus status, String what) throws SQLException {
        String id = r.operator.id();
        int failures = r.operator.failedAttempts() + 1;
        Instant lockedUntil = failures >= MAX_FAILED_ATTEMPTS ? now.plus(LOCK_DURATION) : null;
        try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET failed_attempts = ?, locked_until = ? WHERE id = ?")) {
            ps.setInt(1, lockedUntil == null ? failures : 0);
            ps.setObject(2, lockedUntil == null ? null : lockedUntil.toEpochMilli());
            ps.setString(3, id);
            ps.executeUpdate();
        }
        audit.append(c, id, "operator.login.failed", id, what + (lockedUntil == null ? ", failures=" + failures
                : ", locked until " + lockedUntil));
        return lockedUntil == null
                ? new AuthResult(status, r.operator.role(), MAX_FAILED_ATTEMPTS - failures, null)
                : new AuthResult(AuthStatus.LOCKED, r.operator.role(), 0, lockedUntil);
    }

    /** Resets the failure count; {@code loggedInAt} (when not null) records a completed log-in. */
    private static void clearFailures(Connection c, String id, Instant loggedInAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET failed_attempts = 0, locked_until = NULL,"
                + " last_login_at = COALESCE(?, last_login_at) WHERE id = ?")) {
            ps.setObject(1, loggedInAt == null ? null : loggedInAt.toEpochMilli());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** The roles that must give a second factor ({@value #SECOND_FACTOR_ROLES}). */
    public Set<Role> secondFactorRoles() {
        return db.read("read the second-factor roles", Operators::secondFactorRoles);
    }

    private static Set<Role> secondFactorRoles(Connection c) throws SQLException {
        return parseRoles(Settings.state(c, SECOND_FACTOR_ROLES).orElse(""));
    }

    /** Role names separated by commas (or NONE); refused with the names it knows. */
    public static Set<Role> parseRoles(String text) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String part : text.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("NONE")) {
                continue;
            }
            try {
                out.add(Role.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new OperatorRefusedException("unknown role " + part.strip() + ": the roles are "
                        + java.util.Arrays.toString(Role.values()) + " (or NONE)", OperatorRefusedException.Refusal.UNKNOWN_ROLE,
                        part.strip(), List.of(Role.values()));
            }
        }
        return out;
    }

    /** The stored form of a set of roles (in the enum's order; NONE when empty). */
    public static String formatRoles(Set<Role> roles) {
        return roles.isEmpty() ? "NONE" : String.join(",", EnumSet.copyOf(roles).stream().map(Role::name).toList());
    }

    private static boolean secondFactorRequired(Connection c, Operator o) throws SQLException {
        return o.secondFactorEnrolled() || secondFactorRoles(c).contains(o.role());
    }

    /** Whether {@code id} must give a second factor at log-in (enrolled, or the role needs one). */
    public boolean secondFactorRequired(String id) {
        return db.read("read operator " + id, c -> {
            Operator o = find(c, id).orElseThrow(() -> new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id));
            return secondFactorRequired(c, o);
        });
    }

    /**
     * The second step of a log-in after {@code SECOND_FACTOR_REQUIRED}: a 6-digit code within one step of now and
     * later than the last accepted one, or an unused recovery code (used up by this). Wrong codes count toward the
     * lock-out like wrong passwords. Call it only after the password was accepted.
     */
    public AuthResult verifyCode(String id, char[] typed) {
        String code = normalise(typed);
        return db.write("check the second factor of " + id, c -> {
            OperatorRow r = row(c, id).orElseThrow(() -> new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id));
            Instant now = clock.instant();
            AuthResult refused = refusal(c, r, now);
            if (refused != null) {
                return refused;
            }
            if (!r.operator.secondFactorEnrolled()) {
                throw new OperatorRefusedException("operator " + id + " has no second factor set up",
                        OperatorRefusedException.Refusal.NO_SECOND_FACTOR, id);
            }
            String how;
            if (code.length() == Totp.DIGITS) {
                OptionalLong step = Totp.matchingStep(totpSecret(c, id), code, now);
                Long last = lastStep(c, id);
                if (step.isEmpty()) {
                    return failure(c, r, now, AuthStatus.WRONG_CODE, "wrong or expired code");
                }
                if (last != null && step.getAsLong() <= last) {
                    return failure(c, r, now, AuthStatus.WRONG_CODE, "code already used");
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET totp_last_step = ? WHERE id = ?")) {
                    ps.setLong(1, step.getAsLong());
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
                how = "code";
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE operator_recovery_code SET used_at = ?"
                        + " WHERE operator_id = ? AND code_hash = ? AND used_at IS NULL")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setString(2, id);
                    ps.setBytes(3, recoveryHash(id, code));
                    if (ps.executeUpdate() == 0) {
                        return failure(c, r, now, AuthStatus.WRONG_CODE, "wrong or used recovery code");
                    }
                }
                how = "recovery code, " + unusedRecoveryCodes(c, id) + " left";
            }
            clearFailures(c, id, now);
            audit.append(c, id, "operator.login", id, "OK with " + how);
            return new AuthResult(AuthStatus.OK, r.operator.role(), MAX_FAILED_ATTEMPTS, null);
        });
    }

    /** The recovery codes {@code id} has not used. */
    public int unusedRecoveryCodes(String id) {
        return db.read("count recovery codes", c -> unusedRecoveryCodes(c, id));
    }

    private static int unusedRecoveryCodes(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM operator_recovery_code WHERE operator_id = ? AND used_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A fresh secret and {@value #RECOVERY_CODES} recovery codes for {@code id}, held in memory until confirmed. */
    public Enrolment beginEnrolment(String id) {
        if (find(id).isEmpty()) {
            throw new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id);
        }
        byte[] secret = new byte[Totp.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        List<String> codes = new ArrayList<>();
        while (codes.size() < RECOVERY_CODES) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                b.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
                if (i == 4) {
                    b.append('-');
                }
            }
            if (!codes.contains(b.toString())) {
                codes.add(b.toString());
            }
        }
        return new Enrolment(id, secret, Totp.uri(TOTP_ISSUER, id, secret), List.copyOf(codes));
    }

    /**
     * Stores an enrolment once the operator typed a current code from the app (proving the app holds the secret): the
     * secret sealed, the recovery codes hashed (earlier ones dropped); the log-in is complete. Call it only after the
     * password was accepted. A wrong code counts toward the lock-out and stores nothing.
     */
    public AuthResult confirmEnrolment(Enrolment e, char[] typed) {
        String code = normalise(typed);
        String id = e.operatorId();
        return db.write("set up the second factor of " + id, c -> {
            OperatorRow r = row(c, id).orElseThrow(() -> new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id));
            Instant now = clock.instant();
            AuthResult refused = refusal(c, r, now);
            if (refused != null) {
                return refused;
            }
            OptionalLong step = Totp.matchingStep(e.secret(), code, now);
            if (step.isEmpty()) {
                return failure(c, r, now, AuthStatus.WRONG_CODE, "wrong code while setting up the second factor");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET totp_secret = ?, totp_enrolled_at = ?,"
                    + " totp_last_step = ? WHERE id = ?")) {
                ps.setBytes(1, cipher.seal("operator", "totp_secret", id, e.secret()));
                ps.setLong(2, now.toEpochMilli());
                ps.setLong(3, step.getAsLong());
                ps.setString(4, id);
                ps.executeUpdate();
            }
            deleteRecoveryCodes(c, id);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO operator_recovery_code (operator_id, code_hash) VALUES (?,?)")) {
                for (String rc : e.recoveryCodes()) {
                    ps.setString(1, id);
                    ps.setBytes(2, recoveryHash(id, normalise(rc.toCharArray())));
                    ps.executeUpdate();
                }
            }
            clearFailures(c, id, now);
            audit.append(c, id, "operator.totp.enrol", id, e.recoveryCodes().size() + " recovery codes");
            audit.append(c, id, "operator.login", id, "OK with a new second factor");
            return new AuthResult(AuthStatus.OK, r.operator.role(), MAX_FAILED_ATTEMPTS, null);
        });
    }

    /**
     * An administrator removes an operator's second factor (phone lost, recovery codes used up): the operator sets up a
     * new one at the next log-in if the role needs one.
     */
    public void resetSecondFactor(String adminId, String id) {
        db.write("reset the second factor of " + id, c -> {
            requireAdministrator(c, adminId, "reset second factors");
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET totp_secret = NULL, totp_enrolled_at = NULL,"
                    + " totp_last_step = NULL WHERE id = ?")) {
                ps.setString(1, id);
                if (ps.executeUpdate() == 0) {
                    throw new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id);
                }
            }
            deleteRecoveryCodes(c, id);
            audit.append(c, adminId, "operator.totp.reset", id, "");
            return null;
        });
    }

    private static void deleteRecoveryCodes(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM operator_recovery_code WHERE operator_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private byte[] totpSecret(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT totp_secret FROM operator WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return cipher.open("operator", "totp_secret", id, rs.getBytes(1));
            }
        }
    }

    private static Long lastStep(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT totp_last_step FROM operator WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object v = rs.getObject(1);
                return v == null ? null : ((Number) v).longValue();
            }
        }
    }

    private byte[] recoveryHash(String id, String normalised) {
        return cipher.index("operator.recovery_code", id + "|" + normalised);
    }

    /** A typed code without spaces or dashes, upper case (recovery codes are typed as they were printed or not). */
    private static String normalise(char[] typed) {
        StringBuilder b = new StringBuilder();
        for (char ch : typed) {
            if (ch != ' ' && ch != '-') {
                b.append(Character.toUpperCase(ch));
            }
        }
        return b.toString();
    }

    /** Changes the operator's own password; the old one must be right and the new one must not be one of the last {@value #HISTORY}. */
    public void changePassword(String id, char[] oldPassword, char[] newPassword) {
        requirePasswordQuality(id, newPassword);
        OperatorRow r = db.read("read operator " + id, c -> row(c, id))
                .orElseThrow(() -> new OperatorRefusedException("wrong operator id or password", OperatorRefusedException.Refusal.OLD_PASSWORD_WRONG));
        if (!PasswordHasher.verify(oldPassword, r.hash)) {
            audit.record(id, "operator.password.failed", id, "wrong old password");
            throw new OperatorRefusedException("wrong operator id or password", OperatorRefusedException.Refusal.OLD_PASSWORD_WRONG);
        }
        List<String> history = db.read("read password history", c -> history(c, id));
        history.add(0, r.hash);
        for (String old : history.subList(0, Math.min(HISTORY, history.size()))) {
            if (PasswordHasher.verify(newPassword, old)) {
                throw new OperatorRefusedException("the new password was used recently; choose one not among your last "
                        + HISTORY, OperatorRefusedException.Refusal.PASSWORD_REUSED, HISTORY);
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
                    throw new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id);
                }
            }
            audit.append(c, adminId, "operator.password.reset", id, "");
            return null;
        });
    }

    public void unlock(String adminId, String id) {
        setFlag(adminId, id, "failed_attempts = 0, locked_until = NULL", "operator.unlock");
    }

    /** Disables an account (not one's own, and never the last active administrator); its sessions end at their next check. */
    public void disable(String adminId, String id) {
        if (adminId.equals(id)) {
            throw new OperatorRefusedException("an administrator cannot disable their own account; ask another administrator",
                    OperatorRefusedException.Refusal.DISABLE_OWN_ACCOUNT);
        }
        db.write("operator.disable " + id, c -> {
            requireAdministrator(c, adminId, "disable operators");
            Operator o = find(c, id).orElseThrow(() -> new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id));
            requireAnotherAdministrator(c, o, "disabled", OperatorRefusedException.Refusal.LAST_ADMINISTRATOR_DISABLED);
            setColumn(c, id, "active = 0");
            audit.append(c, adminId, "operator.disable", id, "");
            return null;
        });
    }

    /**
     * Enables a disabled account. Enabling an administrator needs a second administrator's approval of {@value
     * #ENABLE_ADMINISTRATOR} on the operator id ({@link #requestApproval}), used up by this; other roles pass null.
     */
    public void enable(String adminId, String id, Long approvalId) {
        db.write("operator.enable " + id, c -> {
            requireAdministrator(c, adminId, "enable operators");
            Operator o = find(c, id).orElseThrow(() -> new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id));
            if (o.active()) {
                throw new OperatorRefusedException("operator " + id + " is already enabled", OperatorRefusedException.Refusal.ALREADY_ENABLED, id);
            }
            if (o.role() == Role.ADMINISTRATOR) {
                if (approvalId == null) {
                    throw new OperatorRefusedException("enabling an administrator needs a second administrator's approval"
                            + " of " + ENABLE_ADMINISTRATOR + " " + id, OperatorRefusedException.Refusal.ENABLE_NEEDS_APPROVAL, id);
                }
                consumeApproval(c, approvalId, adminId, ENABLE_ADMINISTRATOR, id);
            }
            setColumn(c, id, "active = 1, failed_attempts = 0, locked_until = NULL");
            audit.append(c, adminId, "operator.enable", id, approvalId == null ? "" : "approval #" + approvalId);
            return null;
        });
    }

    /** What a role-change approval names: {@code <id> -> <ROLE>}. */
    public static String roleChangeSubject(String id, Role role) {
        return id + " -> " + role.name();
    }

    /**
     * Changes an operator's role with a second administrator's approval of {@value #ROLE_CHANGE} on {@link
     * #roleChangeSubject}, used up by this. The last active administrator keeps the role.
     */
    public void changeRole(String adminId, long approvalId, String id, Role role) {
        db.write("operator.role " + id, c -> {
            requireAdministrator(c, adminId, "change roles");
            Operator o = find(c, id).orElseThrow(() -> new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id));
            if (o.role() == role) {
                throw new OperatorRefusedException("operator " + id + " already has the role " + role, OperatorRefusedException.Refusal.ALREADY_HAS_ROLE, id,
                        role);
            }
            requireAnotherAdministrator(c, o, "given another role", OperatorRefusedException.Refusal.LAST_ADMINISTRATOR_ROLE);
            consumeApproval(c, approvalId, adminId, ROLE_CHANGE, roleChangeSubject(id, role));
            try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET role = ? WHERE id = ?")) {
                ps.setString(1, role.name());
                ps.setString(2, id);
                ps.executeUpdate();
            }
            audit.append(c, adminId, "operator.role", id, o.role() + " -> " + role + " approval #" + approvalId);
            return null;
        });
    }

    /** Refuses to take the last active administrator away (the station could no longer be administered). */
    private static void requireAnotherAdministrator(Connection c, Operator o, String what,
                                                    OperatorRefusedException.Refusal refusal) throws SQLException {
        if (o.role() != Role.ADMINISTRATOR || !o.active()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM operator WHERE role = 'ADMINISTRATOR' AND active = 1 AND id <> ?")) {
            ps.setString(1, o.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    throw new OperatorRefusedException(o.id() + " is the station's last active administrator and cannot be " + what,
                            refusal, o.id());
                }
            }
        }
    }

    private static void setColumn(Connection c, String id, String assignment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE operator SET " + assignment + " WHERE id = ?")) {
            ps.setString(1, id);
            if (ps.executeUpdate() == 0) {
                throw new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id);
            }
        }
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
        Operator o = find(c, id).orElseThrow(() -> new OperatorRefusedException("no operator " + id, OperatorRefusedException.Refusal.NO_OPERATOR, id));
        if (!o.active()) {
            throw new OperatorRefusedException("operator " + id + " is disabled", OperatorRefusedException.Refusal.OPERATOR_DISABLED, id);
        }
        return o.role();
    }

    void requireAdministrator(Connection c, String id, String what) throws SQLException {
        if (!requireActive(c, id).changesConfiguration()) {
            throw new OperatorRefusedException("only an administrator may " + what + "; operator " + id + " is not one",
                    OperatorRefusedException.Refusal.ADMINISTRATORS_ONLY, id);
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
                throw new OperatorRefusedException("approval #" + approvalId + " is " + a.state() + ", not pending",
                        OperatorRefusedException.Refusal.APPROVAL_NOT_PENDING, String.valueOf(approvalId), a.state().name());
            }
            if (a.requestedBy().equals(decidedBy)) {
                throw new OperatorRefusedException("a change needs two different administrators: " + decidedBy
                        + " asked for it and cannot approve it", OperatorRefusedException.Refusal.OWN_REQUEST, decidedBy);
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
            throw new OperatorRefusedException("approval #" + approvalId + " is " + a.state() + "; a second administrator must"
                    + " approve it first", OperatorRefusedException.Refusal.APPROVAL_NOT_APPROVED, String.valueOf(approvalId), a.state().name());
        }
        if (!a.action().equals(action) || !a.subject().equals(subject)) {
            throw new OperatorRefusedException("approval #" + approvalId + " was given for " + a.action() + " " + a.subject()
                    + ", not for " + action + " " + subject, OperatorRefusedException.Refusal.APPROVAL_FOR_ANOTHER_CHANGE,
                    String.valueOf(approvalId));
        }
        if (!a.requestedBy().equals(performedBy)) {
            throw new OperatorRefusedException("approval #" + approvalId + " was asked for by " + a.requestedBy()
                    + "; only that administrator may use it", OperatorRefusedException.Refusal.APPROVAL_NOT_YOURS, String.valueOf(approvalId),
                    a.requestedBy());
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
                    throw new OperatorRefusedException("no approval #" + approvalId, OperatorRefusedException.Refusal.NO_APPROVAL,
                            String.valueOf(approvalId));
                }
                return new Approval(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), ApprovalState.valueOf(rs.getString(6)), rs.getString(7));
            }
        }
    }

    private void setFlag(String adminId, String id, String assignment, String action) {
        db.write(action + " " + id, c -> {
            requireAdministrator(c, adminId, action.replace("operator.", "") + " operators");
            setColumn(c, id, assignment);
            audit.append(c, adminId, action, id, "");
            return null;
        });
    }

    static void requirePasswordQuality(String id, char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new OperatorRefusedException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters",
                    OperatorRefusedException.Refusal.PASSWORD_TOO_SHORT, MIN_PASSWORD_LENGTH);
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
            throw new OperatorRefusedException("a password needs at least three of: lower-case letters, upper-case letters,"
                    + " digits, other characters", OperatorRefusedException.Refusal.PASSWORD_TOO_SIMPLE);
        }
        if (containsIgnoringCase(password, id)) {
            throw new OperatorRefusedException("a password must not contain the operator id", OperatorRefusedException.Refusal.PASSWORD_CONTAINS_ID);
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
                + " failed_attempts, locked_until, password_hash, last_login_at, totp_secret IS NOT NULL FROM operator WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Object locked = rs.getObject(8);
                Instant lockedUntil = locked == null ? null : Instant.ofEpochMilli(((Number) locked).longValue());
                Object lastLogin = rs.getObject(10);
                Instant lastLoginAt = lastLogin == null ? null : Instant.ofEpochMilli(((Number) lastLogin).longValue());
                return Optional.of(new OperatorRow(new Operator(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                        rs.getInt(4) == 1, rs.getInt(5) == 1, Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7), lockedUntil,
                        lastLoginAt, rs.getInt(11) == 1), rs.getString(9)));
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
