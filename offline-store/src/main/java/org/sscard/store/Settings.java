package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The station's typed settings. Only administrators change them; keys starting with {@value #CORE_PREFIX}
 * are core configuration and also need a second administrator's approval ({@link Operators#requestApproval}).
 * Every change is audited with the old and new value.
 */
public final class Settings {
    public static final String CORE_PREFIX = "core.";
    /** Keys of the station's own bookkeeping that holds personal data, written by {@link #updateSealedState}. */
    public static final String STATE_PREFIX = "state.";
    static final String SYSTEM = "system";
    /** The store's random id (written once when the store is made; the key store's pairing record names it). */
    static final String STORE_ID = "store.id";

    public enum Type { STRING, LONG, BOOLEAN, DURATION }

    /** How a sealed state value starts in the {@code setting.value} column (then the base64 sealed field). */
    static final String SEALED_PREFIX = "sealed:";

    private final Database db;
    private final FieldCipher cipher;
    private final AuditLog audit;
    private final Clock clock;
    private Operators operators;

    Settings(Database db, FieldCipher cipher, AuditLog audit, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    void useOperators(Operators ops) {
        this.operators = ops;
    }

    public void setString(String operator, String key, String value) {
        set(operator, key, Type.STRING, value, null);
    }

    public void setLong(String operator, String key, long value) {
        set(operator, key, Type.LONG, Long.toString(value), null);
    }

    public void setBoolean(String operator, String key, boolean value) {
        set(operator, key, Type.BOOLEAN, Boolean.toString(value), null);
    }

    public void setDuration(String operator, String key, Duration value) {
        set(operator, key, Type.DURATION, value.toString(), null);
    }

    /** Changes a core setting with an approval granted by a second administrator (used up by this change). */
    public void setCore(String operator, long approvalId, String key, Type type, String value) {
        set(operator, key, type, value, approvalId);
    }

    public Optional<String> getString(String key) {
        return get(key, Type.STRING);
    }

    public long getLong(String key, long defaultValue) {
        return get(key, Type.LONG).map(Long::parseLong).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key, Type.BOOLEAN).map(Boolean::parseBoolean).orElse(defaultValue);
    }

    public Duration getDuration(String key, Duration defaultValue) {
        return get(key, Type.DURATION).map(Duration::parse).orElse(defaultValue);
    }

    /**
     * Reads and replaces a piece of the station's own bookkeeping that holds personal data (names, card numbers...),
     * so two processes on the same file never interleave. Keys must start with {@value #STATE_PREFIX}; configuration
     * cannot be changed this way. Not audited. The value is stored sealed with the DATA key ({@link FieldCipher},
     * associated data {@code setting.value|<key>}, so a value copied to another key is refused), as
     * {@value #SEALED_PREFIX} followed by the base64 sealed field. The read-open-update-seal-write runs in one write
     * transaction (one fsynced commit). {@code update} gets the
     * current value in clear (null if unset); a value written in clear by an earlier version is handed over as it
     * is and sealed by this write.
     */
    public String updateSealedState(String key, UnaryOperator<String> update) {
        requireStateKey(key);
        return db.write("update station state " + key, c -> {
            String next = update.apply(current(c, key).map(v -> reveal(key, v)).orElse(null));
            if (next == null) {
                throw new StoreException("station state " + key + " cannot be set to nothing");
            }
            upsert(c, key, Type.STRING, seal(key, next), SYSTEM);
            return next;
        });
    }

    /** Sets a sealed state key inside the caller's write transaction (a recovery record caught up). */
    void putSealedState(Connection c, String key, String value) throws SQLException {
        requireStateKey(key);
        upsert(c, key, Type.STRING, seal(key, value), SYSTEM);
    }

    /** A setting's stored value (as stored: a sealed one is not opened) inside the caller's transaction. */
    static Optional<String> state(Connection c, String key) throws SQLException {
        return current(c, key);
    }

    /** A state key's value in clear (opened if sealed) inside the caller's transaction. */
    Optional<String> stateIn(Connection c, String key) throws SQLException {
        return current(c, key).map(v -> reveal(key, v));
    }

    /**
     * The value of a sealed state key in clear ({@link #updateSealedState}); a value an earlier version wrote in
     * clear is returned as it is (it is sealed at its next update).
     */
    public Optional<String> sealedState(String key) {
        requireStateKey(key);
        return db.read("read station state " + key, c -> current(c, key).map(v -> reveal(key, v)));
    }

    /** Removes a state key (sealed or not); whether there was one. Not audited, like every state change. */
    public boolean removeState(String key) {
        requireStateKey(key);
        return db.write("remove station state " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM setting WHERE key = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private String seal(String key, String value) {
        return SEALED_PREFIX + Base64.getEncoder().encodeToString(cipher.sealText("setting", "value", key, value));
    }

    private String reveal(String key, String stored) {
        if (!stored.startsWith(SEALED_PREFIX)) {
            return stored;
        }
        byte[] field;
        try {
            field = Base64.getDecoder().decode(stored.substring(SEALED_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new StoreException("the sealed station state " + key + " is not base64; the database was changed"
                    + " outside the terminal");
        }
        return cipher.openText("setting", "value", key, field);
    }

    private static void requireStateKey(String key) {
        if (key == null || !key.startsWith(STATE_PREFIX) || key.length() == STATE_PREFIX.length()) {
            throw new StoreException("station state keys start with " + STATE_PREFIX + ", got " + key);
        }
    }

    /** The store's id, if it has one (stores made before store ids get one at their next open). */
    String storeId() {
        return db.read("read the store id", Settings::storeId);
    }

    static String storeId(Connection c) throws SQLException {
        return current(c, STORE_ID).orElse(null);
    }

    /** Writes a setting as the system itself (bookkeeping such as the last backup time), without the role check. */
    void putSystem(Connection c, String key, Type type, String value) throws SQLException {
        upsert(c, key, type, value, SYSTEM);
    }

    private void set(String operator, String key, Type type, String value, Long approvalId) {
        validate(key, type, value);
        db.write("change setting " + key, c -> {
            operators.requireAdministrator(c, operator, "change the station's configuration");
            if (key.startsWith(CORE_PREFIX)) {
                if (approvalId == null) {
                    throw new StoreException(key + " is core configuration: it needs a second administrator's approval"
                            + " (request one, have it approved, then apply the change with it)");
                }
                operators.consumeApproval(c, approvalId, operator, "setting.change", key + "=" + value);
            }
            String old = current(c, key).orElse("(unset)");
            upsert(c, key, type, value, operator);
            audit.append(c, operator, "setting.change", key, old + " -> " + value
                    + (approvalId == null ? "" : " approval #" + approvalId));
            return null;
        });
    }

    private void upsert(Connection c, String key, Type type, String value, String operator) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO setting (key, type, value, updated_at, updated_by) VALUES (?,?,?,?,?)"
                + " ON CONFLICT (key) DO UPDATE SET type = excluded.type, value = excluded.value, updated_at = excluded.updated_at,"
                + " updated_by = excluded.updated_by")) {
            ps.setString(1, key);
            ps.setString(2, type.name());
            ps.setString(3, value);
            ps.setLong(4, clock.millis());
            ps.setString(5, operator);
            ps.executeUpdate();
        }
    }

    private Optional<String> get(String key, Type expected) {
        return db.read("read setting " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT type, value FROM setting WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    if (!rs.getString(1).equals(expected.name())) {
                        throw new StoreException("setting " + key + " holds a " + rs.getString(1).toLowerCase(Locale.ROOT)
                                + ", not a " + expected.name().toLowerCase(Locale.ROOT));
                    }
                    if (rs.getString(2).startsWith(SEALED_PREFIX)) {
                        throw new StoreException("setting " + key + " is sealed: read it with sealedState");
                    }
                    return Optional.of(rs.getString(2));
                }
            }
        });
    }

    private static Optional<String> current(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void validate(String key, Type type, String value) {
        if (key == null || key.isBlank() || value == null) {
            throw new StoreException("a setting needs a key and a value");
        }
        if (key.equals(STORE_ID)) {
            throw new StoreException(STORE_ID + " is the store's identity: it is written once, when the store is made");
        }
        if (value.startsWith(SEALED_PREFIX)) {
            throw new StoreException("setting " + key + " cannot start with " + SEALED_PREFIX);
        }
        if (key.equals(Operators.SECOND_FACTOR_ROLES)) {
            Operators.parseRoles(value);
        }
        try {
            switch (type) {
                case LONG -> Long.parseLong(value);
                case BOOLEAN -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new StoreException("setting " + key + " must be true or false, got '" + value + "'");
                    }
                }
                case DURATION -> Duration.parse(value);
                default -> {
                }
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new StoreException("setting " + key + " must be a " + type.name().toLowerCase(Locale.ROOT) + ", got '" + value + "'");
        }
    }
}
