package org.sscard.terminal.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.store.Settings;
import org.sscard.store.StationStore;
import org.sscard.store.StoreException;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.SecondAdministrator;
import org.sscard.terminal.session.Session;
import org.sscard.values.Money;

/**
 * The settings an administrator may change at the station, under dual control: the idle lock, the offline limits
 * (DOMAIN §6) and the station's schedule ({@link Schedule}: sync intervals, backup time and retention), kept in the store as core settings ({@code core.…}, so the store itself refuses a change without a
 * second administrator's approval) and applied when the station opens ({@link #idleLock}, {@link #offlineLimits}:
 * a stored value replaces the station file's). A change may only tighten the offline limits (at most DOMAIN §6's
 * figures) and keep the idle lock between 1 and 30 minutes.
 *
 * <p>Flow: administrator A proposes ({@link #propose}, an approval request {@code setting.change key=value}); a
 * different administrator B approves — logged in themselves ({@link #approve(long)}) or by entering their
 * credentials on A's session ({@link #approve(long, String, char[], char[])}) — or rejects; the approved change is applied by
 * A ({@link #apply}; at once when B approved on A's session), audited {@code setting.change} with the approval and
 * {@code setting.dual-control} naming both. A proposal not decided and applied within {@link #PROPOSAL_VALIDITY}
 * expires: it can no longer be approved or applied (it is rejected when someone tries).
 */
public final class RuntimeSettings {
    public static final String ACTION = "setting.change";
    public static final Duration PROPOSAL_VALIDITY = Duration.ofHours(24);

    public enum Kind { AMOUNT, COUNT, DURATION, ROLES }

    /** The settings on offer, with the store key and the allowed range (amounts in fen). */
    public enum Setting {
        IDLE_LOCK("core.session.idle-lock", Kind.DURATION, Duration.ofMinutes(1).toMillis(), Duration.ofMinutes(30).toMillis()),
        OFFLINE_PER_TRANSACTION("core.offline.max-per-transaction", Kind.AMOUNT, 0, OfflineLimits.DEFAULTS.perTransaction().fen()),
        OFFLINE_PER_CARD_PER_DAY("core.offline.max-per-card-per-day", Kind.AMOUNT, 0, OfflineLimits.DEFAULTS.perCardPerDay().fen()),
        OFFLINE_QUEUED_AMOUNT("core.offline.max-queued-amount", Kind.AMOUNT, 0, OfflineLimits.DEFAULTS.queuedAmount().fen()),
        OFFLINE_QUEUED_RECORDS("core.offline.max-queued-records", Kind.COUNT, 0, OfflineLimits.DEFAULTS.queuedRecords()),
        OFFLINE_QUEUED_AGE("core.offline.max-queued-age", Kind.DURATION, Duration.ofHours(1).toMillis(),
                OfflineLimits.DEFAULTS.maxQueuedAge().toMillis()),
        BLACKLIST_MAX_AGE("core.offline.blacklist-max-age", Kind.DURATION, Duration.ofHours(1).toMillis(),
                OfflineLimits.DEFAULTS.blacklistMaxAge().toMillis()),
        SYNC_BLACKLIST_EVERY("core.sync.blacklist-every", Kind.DURATION, Duration.ofMinutes(1).toMillis(),
                Schedule.DEFAULTS.blacklistEvery().toMillis()),
        SYNC_CATALOG_EVERY("core.sync.catalog-every", Kind.DURATION, Duration.ofHours(1).toMillis(),
                Schedule.DEFAULTS.catalogEvery().toMillis()),
        BACKUP_TIME_OF_DAY("core.backup.time-of-day", Kind.DURATION, 0, Duration.ofMinutes(24 * 60 - 1).toMillis()),
        BACKUP_RETENTION("core.backup.retention", Kind.DURATION, Schedule.DEFAULTS.backupRetention().toMillis(),
                Duration.ofDays(3650).toMillis()),
        /** The roles that give a second factor at log-in; read at each log-in, so it applies at once. */
        SECOND_FACTOR_ROLES(Operators.SECOND_FACTOR_ROLES, Kind.ROLES, 0, 0);

        private final String key;
        private final Kind kind;
        private final long min;
        private final long max;

        Setting(String key, Kind kind, long min, long max) {
            this.key = key;
            this.kind = kind;
            this.min = min;
            this.max = max;
        }

        public String key() {
            return key;
        }

        public Kind kind() {
            return kind;
        }

        /** The stored form of the lowest / highest allowed value. */
        public String minimum() {
            return stored(min);
        }

        public String maximum() {
            return stored(max);
        }

        private String stored(long v) {
            return switch (kind) {
                case DURATION -> Duration.ofMillis(v).toString();
                case ROLES -> v == 0 ? "NONE" : Operators.formatRoles(java.util.EnumSet.allOf(Role.class));
                default -> Long.toString(v);
            };
        }

        public static Optional<Setting> byKey(String key) {
            for (Setting s : values()) {
                if (s.key.equals(key)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        private Settings.Type type() {
            return switch (kind) {
                case DURATION -> Settings.Type.DURATION;
                case ROLES -> Settings.Type.STRING;
                default -> Settings.Type.LONG;
            };
        }
    }

    /** One setting: the station file's value, the stored value that replaces it (if any), both in stored form. */
    public record Current(Setting setting, String fileValue, String storedValue) {
        public String effective() {
            return storedValue != null ? storedValue : fileValue;
        }
    }

    /** A proposed change not yet used: pending or approved; {@code expired} once older than the validity. */
    public record Proposal(long id, Setting setting, String value, String requestedBy, Instant requestedAt,
                           Operators.ApprovalState state, String decidedBy, boolean expired) {
    }

    private final StationConfig config;
    private final StationStore store;
    private final Authorizer authorizer;
    private final Clock clock;

    public RuntimeSettings(StationConfig config, StationStore store, Authorizer authorizer, Clock clock) {
        this.config = config;
        this.store = store;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** The idle lock the station applies: the stored value, else the station file's. */
    public static Duration idleLock(StationConfig config, Settings settings) {
        return settings.getDuration(Setting.IDLE_LOCK.key(), config.idleLock());
    }

    /** The offline limits the station applies: each stored value replaces the station file's. */
    public static OfflineLimits offlineLimits(StationConfig config, Settings settings) {
        OfflineLimits f = config.offline();
        return new OfflineLimits(amount(settings, Setting.OFFLINE_PER_TRANSACTION, f.perTransaction()),
                amount(settings, Setting.OFFLINE_PER_CARD_PER_DAY, f.perCardPerDay()),
                amount(settings, Setting.OFFLINE_QUEUED_AMOUNT, f.queuedAmount()),
                settings.getLong(Setting.OFFLINE_QUEUED_RECORDS.key(), f.queuedRecords()),
                settings.getDuration(Setting.OFFLINE_QUEUED_AGE.key(), f.maxQueuedAge()),
                settings.getDuration(Setting.BLACKLIST_MAX_AGE.key(), f.blacklistMaxAge()));
    }

    /** An amount setting: stored as integer fen. */
    private static Money amount(Settings settings, Setting s, Money fromFile) {
        return Money.ofFen(settings.getLong(s.key(), fromFile.fen()));
    }

    /**
     * The station's own schedule: each stored value replaces the default (the syncs at most as far apart, the backups
     * kept at least as long, as {@link Schedule#DEFAULTS}).
     */
    public static Schedule schedule(Settings settings) {
        Schedule d = Schedule.DEFAULTS;
        return new Schedule(settings.getDuration(Setting.SYNC_BLACKLIST_EVERY.key(), d.blacklistEvery()),
                settings.getDuration(Setting.SYNC_CATALOG_EVERY.key(), d.catalogEvery()),
                settings.getDuration(Setting.BACKUP_TIME_OF_DAY.key(), d.backupTimeOfDay()),
                settings.getDuration(Setting.BACKUP_RETENTION.key(), d.backupRetention()));
    }

    /** Every setting on offer with the file's (or the default) and the stored value. */
    public List<Current> current() {
        authorizer.require(Permission.CONFIGURATION, "runtime settings");
        OfflineLimits f = config.offline();
        List<Current> out = new ArrayList<>();
        for (Setting s : Setting.values()) {
            String file = switch (s) {
                case IDLE_LOCK -> config.idleLock().toString();
                case OFFLINE_PER_TRANSACTION -> Long.toString(f.perTransaction().fen());
                case OFFLINE_PER_CARD_PER_DAY -> Long.toString(f.perCardPerDay().fen());
                case OFFLINE_QUEUED_AMOUNT -> Long.toString(f.queuedAmount().fen());
                case OFFLINE_QUEUED_RECORDS -> Long.toString(f.queuedRecords());
                case OFFLINE_QUEUED_AGE -> f.maxQueuedAge().toString();
                case BLACKLIST_MAX_AGE -> f.blacklistMaxAge().toString();
                case SECOND_FACTOR_ROLES -> "NONE";
                case SYNC_BLACKLIST_EVERY -> Schedule.DEFAULTS.blacklistEvery().toString();
                case SYNC_CATALOG_EVERY -> Schedule.DEFAULTS.catalogEvery().toString();
                case BACKUP_TIME_OF_DAY -> Schedule.DEFAULTS.backupTimeOfDay().toString();
                case BACKUP_RETENTION -> Schedule.DEFAULTS.backupRetention().toString();
            };
            out.add(new Current(s, file, stored(s)));
        }
        return out;
    }

    private String stored(Setting s) {
        if (s.kind() == Kind.ROLES) {
            return store.settings().getString(s.key()).orElse(null);
        }
        if (s.kind() == Kind.DURATION) {
            Duration d = store.settings().getDuration(s.key(), null);
            return d == null ? null : d.toString();
        }
        long absent = Long.MIN_VALUE;
        long v = store.settings().getLong(s.key(), absent);
        return v == absent ? null : Long.toString(v);
    }

    /**
     * Turns what the administrator typed into the stored form: an amount in yuan ({@code 150} or {@code 150.00}), a
     * count, or an ISO-8601 duration ({@code PT10M}, {@code PT48H}); refused outside the allowed range.
     */
    public static String parse(Setting s, String typed) {
        String t = typed == null ? "" : typed.trim();
        if (s.kind() == Kind.ROLES) {
            try {
                return Operators.formatRoles(Operators.parseRoles(t));
            } catch (StoreException e) {
                throw new SettingsException(Reason.SETTING_ROLES_INVALID, s.key(), t);
            }
        }
        long value;
        try {
            value = switch (s.kind()) {
                case AMOUNT -> Money.parse(t).fen();
                case COUNT -> Long.parseLong(t);
                case DURATION -> Duration.parse(t.toUpperCase(Locale.ROOT)).toMillis();
                case ROLES -> throw new IllegalStateException("roles are parsed above");
            };
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new SettingsException(switch (s.kind()) {
                case AMOUNT -> Reason.SETTING_NOT_AN_AMOUNT;
                case COUNT -> Reason.SETTING_NOT_A_COUNT;
                case DURATION -> Reason.SETTING_NOT_A_DURATION;
                case ROLES -> Reason.SETTING_ROLES_INVALID;
            }, s.key(), t);
        }
        if (value < s.min || value > s.max) {
            throw new SettingsException(Reason.SETTING_OUT_OF_RANGE, s.key(), t, shown(s, s.minimum()),
                    shown(s, s.maximum()));
        }
        return s.stored(value);
    }

    /** A stored value as the administrator reads it: yuan for amounts. */
    public static String shown(Setting s, String stored) {
        return s.kind() == Kind.AMOUNT ? Money.ofFen(Long.parseLong(stored)).toString() : stored;
    }

    /** Administrator A proposes a change; returns the approval id. Nothing changes until a second administrator approves. */
    public long propose(Setting s, String typed) {
        String value = parse(s, typed);
        Session a = authorizer.require(Permission.CORE_CONFIGURATION, "propose " + s.key() + "=" + value);
        return store.operators().requestApproval(a.operatorId(), ACTION, s.key() + "=" + value);
    }

    /** The proposals not yet used (pending or approved), oldest first. */
    public List<Proposal> open() {
        authorizer.require(Permission.CONFIGURATION, "setting proposals");
        Instant now = clock.instant();
        List<Proposal> out = new ArrayList<>();
        for (Operators.Approval a : store.operators().openApprovals(ACTION)) {
            int eq = a.subject().indexOf('=');
            Optional<Setting> s = eq < 0 ? Optional.empty() : Setting.byKey(a.subject().substring(0, eq));
            s.ifPresent(setting -> out.add(new Proposal(a.id(), setting, a.subject().substring(eq + 1), a.requestedBy(),
                    a.requestedAt(), a.state(), a.decidedBy(), a.requestedAt().plus(PROPOSAL_VALIDITY).isBefore(now))));
        }
        return out;
    }

    /** The logged-in administrator (not the proposer) approves; the proposer applies it. */
    public Proposal approve(long id) {
        Session b = authorizer.require(Permission.CORE_CONFIGURATION, "approve #" + id);
        approveBy(proposal(id), b.operatorId());
        return proposal(id);
    }

    /**
     * A second administrator approves on the proposer's session by entering their own id, password and, where their
     * log-in needs one, the code of their second factor (checked by the store: wrong ones count toward the lock; null
     * when none was typed); the change is applied at once by the logged-in proposer.
     */
    public Proposal approve(long id, String approverId, char[] password, char[] code) {
        Session a = authorizer.require(Permission.CORE_CONFIGURATION, "approve #" + id + " by " + approverId);
        Proposal p = proposal(id);
        SecondAdministrator.confirm(store, a, approverId, password, code, SettingsException::new);
        approveBy(p, approverId);
        if (p.requestedBy().equals(a.operatorId())) {
            apply(id);
        }
        return proposal(id);
    }

    /** A second administrator (the logged-in one, not the proposer) or the proposer withdraws: nothing changes. */
    public void reject(long id) {
        Session s = authorizer.require(Permission.CORE_CONFIGURATION, "reject #" + id);
        Proposal p = proposal(id);
        if (p.state() != Operators.ApprovalState.PENDING) {
            throw new SettingsException(Reason.SETTING_PROPOSAL_NOT_PENDING, String.valueOf(id), p.state().name());
        }
        if (s.operatorId().equals(p.requestedBy())) {
            throw new SettingsException(Reason.SETTING_PROPOSAL_YOURS, String.valueOf(id), PROPOSAL_VALIDITY.toHours());
        }
        store.operators().decide(s.operatorId(), id, false);
    }

    /** The proposer applies an approved change: stored (audited with the approval), applied at the next start. */
    public void apply(long id) {
        Session a = authorizer.require(Permission.CORE_CONFIGURATION, "apply #" + id);
        Proposal p = proposal(id);
        if (p.expired()) {
            throw new SettingsException(Reason.SETTING_PROPOSAL_EXPIRED, String.valueOf(id), PROPOSAL_VALIDITY.toHours());
        }
        if (p.state() != Operators.ApprovalState.APPROVED) {
            throw new SettingsException(Reason.SETTING_PROPOSAL_NOT_APPROVED, String.valueOf(id), p.state().name());
        }
        store.settings().setCore(a.operatorId(), id, p.setting().key(), p.setting().type(), p.value());
        store.audit().record(a.operatorId(), "setting.dual-control", p.setting().key(), p.value() + " proposed by "
                + p.requestedBy() + ", approved by " + p.decidedBy() + ", approval #" + id);
    }

    private void approveBy(Proposal p, String approverId) {
        if (p.requestedBy().equals(approverId)) {
            throw new SettingsException(Reason.SETTING_TWO_ADMINISTRATORS, approverId, String.valueOf(p.id()));
        }
        if (p.state() != Operators.ApprovalState.PENDING) {
            throw new SettingsException(Reason.SETTING_PROPOSAL_NOT_PENDING, String.valueOf(p.id()), p.state().name());
        }
        if (p.expired()) {
            store.operators().decide(approverId, p.id(), false);
            throw new SettingsException(Reason.SETTING_PROPOSAL_EXPIRED_REJECTED, String.valueOf(p.id()),
                    PROPOSAL_VALIDITY.toHours());
        }
        store.operators().decide(approverId, p.id(), true);
    }

    private Proposal proposal(long id) {
        Operators.Approval a = store.operators().approval(id);
        int eq = a.subject().indexOf('=');
        Setting s = (eq < 0 || !ACTION.equals(a.action()) ? Optional.<Setting>empty()
                : Setting.byKey(a.subject().substring(0, eq))).orElseThrow(() -> new SettingsException(
                Reason.SETTING_NOT_A_PROPOSAL, String.valueOf(id)));
        return new Proposal(a.id(), s, a.subject().substring(eq + 1), a.requestedBy(), a.requestedAt(), a.state(),
                a.decidedBy(), a.requestedAt().plus(PROPOSAL_VALIDITY).isBefore(clock.instant()));
    }
}
