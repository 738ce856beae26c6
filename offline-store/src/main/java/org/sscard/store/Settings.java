package org.sscard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The station's typed settings. Only administrators change them; keys starting with {@value #CORE_PREFIX}
 * are core configuration and also need a second administrator's approval ({@link Operators#requestApproval}).
 * Every change is audited with the old and new value.
 */
public final class Settings {
    public static final String CORE_PREFIX = "core.";
    /** Keys of the station's own bookkeeping (not configuration), written by {@link #updateState}. */
    public static final String STATE_PREFIX = "state.";
    static final String SYSTEM = "system";

    public enum Type { STRING, LONG, BOOLEAN, DURATION }

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private Operators operators;

    Settings(Database db, AuditLog audit, Clock clock) {
        this.db = db;
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
     * Reads and replaces a piece of the station's own bookkeeping (message-id sequence, sign-in number...) in
     * one write transaction, so two processes on the same file never interleave: {@code update} gets the
     * current value (null if unset) and returns the new one. Keys must start with {@value #STATE_PREFIX};
     * configuration cannot be changed this way. Not audited (bookkeeping changes with every message).
     */
    public String updateState(String key, java.util.function.UnaryOperator<String> update) {
        if (key == null || !key.startsWith(STATE_PREFIX) || key.length() == STATE_PREFIX.length()) {
            throw new StoreException("station state keys start with " + STATE_PREFIX + ", got " + key);
        }
        return db.write("update station state " + key, c -> {
            String next = update.apply(current(c, key).orElse(null));
            if (next == null) {
                throw new StoreException("station state " + key + " cannot be set to nothing");
            }
            upsert(c, key, Type.STRING, next, SYSTEM);
            return next;
        });
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
