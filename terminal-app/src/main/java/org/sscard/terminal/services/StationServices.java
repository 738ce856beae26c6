package org.sscard.terminal.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.store.AuditEntry;
import org.sscard.store.BackupException;
import org.sscard.store.Backups;
import org.sscard.store.JobRuns;
import org.sscard.store.StationCounters;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.config.Schedule;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.counter.Shifts;
import org.sscard.terminal.forward.ForwardReport;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.terminal.reason.Reasoned;
import org.sscard.terminal.restore.BackupProblems;
import org.sscard.terminal.restore.RestoreRequests;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.sync.Sync;

/**
 * What a running station does without anyone at it, on one background thread of the station process, whether or not
 * an operator is logged in or the window is shown: it forwards the outbox every {@link #FORWARD_EVERY} (and at once
 * when the link comes back), syncs the blacklist and the catalog at the intervals of the station's {@link Schedule}
 * (dual-controlled settings, read at every {@link #tick}, so an approved change applies without a restart), and takes
 * a sealed backup daily at the schedule's time and after each shift close, verifies it ({@link Backups#verify}),
 * copies it to the second folder and removes backups older than the retention period.
 *
 * <p>A failed sync or backup is a {@link Status} for the status bar and a log line, never an exception to anyone: it
 * is tried again after a back-off that doubles from {@link #FIRST_RETRY} up to the shorter of its interval and
 * {@link #LONGEST_RETRY} (the link coming back, or a sign-in, retries at once: {@link #kick}). Everything runs through the one store, whose
 * writer connection serialises the writes of this thread and the counter's.
 */
public final class StationServices implements AutoCloseable {
    public static final Duration FORWARD_EVERY = Duration.ofSeconds(30);
    /** How often the background thread looks at what is due. */
    public static final Duration TICK = Duration.ofSeconds(15);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(15);
    /** A backup is "recent" while younger than a day and this margin (the daily backup may take a while). */
    static final Duration BACKUP_MARGIN = Duration.ofHours(2);
    /** The operator recorded for what the station does on its own. */
    public static final String OPERATOR = "system";
    private static final Logger LOG = LoggerFactory.getLogger(StationServices.class);

    /** How current something the station keeps is. */
    public enum Level {
        /** fresh */
        OK,
        /** older than it should be (the link or the backup folder has a problem): someone should look */
        WARNING,
        /** past its limit (a blacklist older than the offline limit: offline sales are refused) or never done */
        OVERDUE
    }

    /**
     * After a tick: when the blacklist and the catalog were last synced and the last good (verified) backup taken
     * (null: never), how current each is, and the latest problem of a job that has not succeeded since (null: none).
     */
    public record Status(Instant at, Instant blacklistAt, Level blacklist, Instant catalogAt, Level catalog,
                         Instant backupAt, Level backup, Problem problem) {
        /** How old {@code since} is at this status's time (null when never). */
        public Duration age(Instant since) {
            return since == null ? null : Duration.between(since, at);
        }
    }

    /** A backup written, verified and (when a second folder is set) copied; {@code copyProblem} null when copied. */
    public record BackupMade(Path file, Backups.Verification verification, Path copy, Problem copyProblem) {
    }

    /** A job with back-off: when it may run again and why it last failed. */
    private static final class Retry {
        Instant notBefore = Instant.EPOCH;
        int failures;
        Problem problem;

        boolean waiting(Instant now) {
            return now.isBefore(notBefore);
        }

        void failed(Instant now, Duration longest, Problem why) {
            failures++;
            Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
            notBefore = now.plus(wait.compareTo(longest) > 0 ? longest : wait);
            problem = why;
        }

        void succeeded() {
            failures = 0;
            notBefore = Instant.EPOCH;
            problem = null;
        }
    }

    private final StationConfig config;
    private final StationStore store;
    private final Forwarder forwarder;
    private final Sync sync;
    private final Authorizer authorizer;
    private final Clock clock;
    private final Retry blacklistRetry = new Retry();
    private final Retry catalogRetry = new Retry();
    private final Retry backupRetry = new Retry();
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "station-services");
        t.setDaemon(true);
        return t;
    });
    private Instant lastForward = Instant.EPOCH;
    private volatile LinkMonitor monitor;
    private volatile boolean retryNow;
    private volatile Status status;

    public StationServices(StationConfig config, StationStore store, Forwarder forwarder, Sync sync,
                           Authorizer authorizer, Clock clock) {
        this.config = config;
        this.store = store;
        this.forwarder = forwarder;
        this.sync = sync;
        this.authorizer = authorizer;
        this.clock = clock;
        this.status = status(clock.instant(), null);
    }

    /**
     * Ticks now and every {@code period} on the services' own thread; with {@code monitor}, forwarding pauses while it
     * says offline and everything due runs at once when it comes back online.
     */
    public void start(Duration period, LinkMonitor linkMonitor) {
        this.monitor = linkMonitor;
        if (linkMonitor != null) {
            linkMonitor.addListener(state -> {
                if (state == LinkState.ONLINE) {
                    kick();
                }
            });
        }
        thread.scheduleWithFixedDelay(this::tickQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks for a tick soon with the syncs' and forwarding's waits cleared, without waiting for it: the link came back,
     * or the station just signed in (a station never signed in cannot sync).
     */
    public void kick() {
        retryNow = true;
        submit(this::tickQuietly);
    }

    /** Called with every tick's status, on the services' thread (and once at once with the current one). */
    public void addListener(Consumer<Status> listener) {
        listeners.add(listener);
        listener.accept(status);
    }

    public Status status() {
        return status;
    }

    /**
     * Runs what is due by the station's clock: forwarding, the blacklist and catalog syncs, the backup. Never throws
     * for a job that fails; returns (and publishes) the status after it.
     */
    public synchronized Status tick() {
        Instant now = clock.instant();
        if (retryNow) {
            retryNow = false;
            blacklistRetry.notBefore = Instant.EPOCH;
            catalogRetry.notBefore = Instant.EPOCH;
            lastForward = Instant.EPOCH;
        }
        Schedule schedule = RuntimeSettings.schedule(store.settings());
        forward(now);
        syncIfDue(now, Reason.SERVICES_BLACKLIST_SYNC_FAILED, sync.lastBlacklist(), schedule.blacklistEvery(), blacklistRetry,
                () -> sync.blacklist(Sync.SYSTEM));
        syncIfDue(now, Reason.SERVICES_CATALOG_SYNC_FAILED, sync.lastCatalog(), schedule.catalogEvery(), catalogRetry,
                () -> sync.catalog(Sync.SYSTEM));
        Optional<String> backupReason = backupDue(now, schedule);
        if (backupReason.isPresent() && !backupRetry.waiting(now)) {
            try {
                BackupMade made = write(OPERATOR, schedule, backupReason.get());
                backupRetry.succeeded();
                if (made.copyProblem() != null) {
                    backupRetry.problem = made.copyProblem();
                }
            } catch (RuntimeException e) {
                Problem why = e instanceof BackupException b
                        ? Problem.of(Reason.SERVICES_BACKUP_FAILED, backupReason.get(), BackupProblems.of(b))
                        : e instanceof Reasoned r ? Problem.of(Reason.SERVICES_BACKUP_FAILED, backupReason.get(), r.problem())
                        : Problem.of(Reason.SERVICES_BACKUP_ERROR, backupReason.get(), LogText.redact(e.getMessage()));
                LOG.error("{}", LogText.redact(why.english()));
                backupRetry.failed(now, Duration.ofHours(1), why);
            }
        }
        return publish(clock.instant());
    }

    /**
     * A backup now, for an administrator (the backup screen): written, verified, copied and pruned as the scheduled
     * ones; a failure is thrown with its reason.
     */
    public synchronized BackupMade backupNow() {
        String operator = authorizer.require(Permission.BACKUP, "backup now").operatorId();
        BackupMade made = write(operator, RuntimeSettings.schedule(store.settings()), "administrator's");
        backupRetry.succeeded();
        backupRetry.problem = made.copyProblem();
        publish(clock.instant());
        return made;
    }

    /** Verifies a backup file as a restore would (administrator); throws naming what fails. */
    public Backups.Verification verify(Path backupFile) {
        authorizer.require(Permission.BACKUP, "verify a backup");
        return store.backups().verify(backupFile);
    }

    /** This station's backups in the backup folder, newest first. */
    public List<Backups.BackupFile> backups() {
        authorizer.require(Permission.BACKUP, "list backups");
        return store.backups().list(config.backupFolder());
    }

    /** The administrators' restore of a backup, staged for the next start ({@link RestoreRequests}). */
    public RestoreRequests restores() {
        return new RestoreRequests(config, store, authorizer, clock);
    }

    /** When the last verified backup was taken, if ever. */
    public Optional<Instant> lastGoodBackup() {
        return lastGoodBackup(store);
    }

    /** When the last verified backup of {@code store} was taken, if ever (for screens that show its age). */
    public static Optional<Instant> lastGoodBackup(StationStore store) {
        return store.jobRuns().last(JobRuns.Job.BACKUP_VERIFIED).map(JobRuns.Run::at);
    }

    private void forward(Instant now) {
        LinkMonitor m = monitor;
        if (now.isBefore(lastForward.plus(FORWARD_EVERY)) || (m != null && m.state() == LinkState.OFFLINE)) {
            return;
        }
        lastForward = now;
        try {
            ForwardReport r = forwarder.runOnce();
            if (r.sent() > 0 || r.reversalsQueued() > 0) {
                LOG.info("forwarded: {}", LogText.redact(r.toString()));
            }
        } catch (RuntimeException e) {
            LOG.warn("forwarding failed, will try again: {}", LogText.redact(e.getMessage()));
        }
    }

    private void syncIfDue(Instant now, Reason failed, Optional<Instant> last, Duration every, Retry retry,
                           Runnable run) {
        if (last.isPresent() && last.get().plus(every).isAfter(now) || retry.waiting(now)) {
            return;
        }
        try {
            run.run();
            retry.succeeded();
        } catch (RuntimeException e) {
            Problem why = Problem.of(failed, LogText.redact(e.getMessage()));
            retry.failed(now, every.compareTo(LONGEST_RETRY) < 0 ? every : LONGEST_RETRY, why);
            LOG.warn("{} (try {} again after {})", why.english(), retry.failures, retry.notBefore);
        }
    }

    /** Why a backup is due now ("daily", "shift close"), if it is. */
    private Optional<String> backupDue(Instant now, Schedule schedule) {
        ZonedDateTime today = LocalDate.ofInstant(now, clock.getZone()).atStartOfDay(clock.getZone())
                .plus(schedule.backupTimeOfDay());
        Instant slot = today.toInstant().isAfter(now) ? today.minusDays(1).toInstant() : today.toInstant();
        Optional<Instant> last = lastGoodBackup();
        if (last.isEmpty() || last.get().isBefore(slot)) {
            return Optional.of("daily");
        }
        return shiftClosesAfterCursor().isEmpty() ? Optional.empty() : Optional.of("shift close");
    }

    private List<AuditEntry> shiftClosesAfterCursor() {
        long cursor = store.counters().value(StationCounters.Counter.BACKUP_SHIFT_CLOSE);
        return store.audit().after(cursor, Shifts.CLOSE_ACTION, 100);
    }

    /**
     * Writes, verifies, copies and prunes; records the verified backup and moves the shift-close cursor. A backup that
     * fails its verification is renamed {@code *.unverified} (kept for analysis, never offered for a restore).
     */
    private BackupMade write(String operator, Schedule schedule, String reason) {
        long closesSeen = shiftClosesAfterCursor().stream().mapToLong(AuditEntry::seq).max().orElse(-1);
        Path folder = config.backupFolder();
        Path made = store.backups().backupInto(operator, folder);
        Backups.Verification verified;
        try {
            verified = store.backups().verify(made);
        } catch (RuntimeException e) {
            Path kept = made.resolveSibling(made.getFileName() + ".unverified");
            try {
                Files.move(made, kept, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                e.addSuppressed(moveFailed);
            }
            store.audit().record(operator, "backup.verify-failed", kept.getFileName().toString(),
                    LogText.redact(String.valueOf(e.getMessage())));
            throw e;
        }
        Instant at = clock.instant();
        Path copy = null;
        Problem copyProblem = null;
        if (config.backupCopyFolder().isPresent()) {
            try {
                copy = copy(made, config.backupCopyFolder().get());
            } catch (IOException | RuntimeException e) {
                copyProblem = Problem.of(Reason.BACKUP_COPY_FAILED, made.getFileName(), config.backupCopyFolder().get(),
                        e.getMessage());
                LOG.error("{}", copyProblem.english());
            }
        }
        Instant cutoff = at.minus(schedule.backupRetention());
        List<Path> removed = new ArrayList<>(store.backups().removeOlderThan(folder, cutoff));
        if (copy != null) {
            removed.addAll(store.backups().removeOlderThan(copy.getParent(), cutoff));
        }
        store.jobRuns().record(JobRuns.Job.BACKUP_VERIFIED, new JobRuns.Run(at, made.getFileName().toString()));
        if (closesSeen >= 0) {
            store.counters().update(StationCounters.Counter.BACKUP_SHIFT_CLOSE, last -> closesSeen);
        }
        store.audit().record(operator, "backup.verified", made.getFileName().toString(), reason + "; audit_head="
                + verified.audit().headSeq() + (copy != null ? "; copied" : copyProblem != null ? "; NOT copied" : "")
                + (removed.isEmpty() ? "" : "; removed " + removed.size() + " older than " + schedule.backupRetention()));
        LOG.info("{} backup {} written and verified{}", reason, made.getFileName(), copy != null ? ", copied" : "");
        return new BackupMade(made, verified, copy, copyProblem);
    }

    /** Copies through a temporary name in the target folder, so the second folder never holds half a backup. */
    private static Path copy(Path made, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(made.getFileName());
        Path tmp = folder.resolve(made.getFileName() + ".part");
        Files.copy(made, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (Files.mismatch(made, target) != -1) {
            throw new IOException("the copy differs from the backup");
        }
        return target;
    }

    private Status publish(Instant now) {
        Problem problem = blacklistRetry.problem != null ? blacklistRetry.problem
                : backupRetry.problem != null ? backupRetry.problem : catalogRetry.problem;
        Status next = status(now, problem);
        status = next;
        for (Consumer<Status> l : listeners) {
            l.accept(next);
        }
        return next;
    }

    private Status status(Instant now, Problem problem) {
        Instant blacklistAt = store.blacklist().status().syncedAt();
        Instant catalogAt = sync.lastCatalog().orElse(null);
        Instant backupAt = lastGoodBackup().orElse(null);
        Schedule schedule = RuntimeSettings.schedule(store.settings());
        Duration maxAge = RuntimeSettings.offlineLimits(config, store.settings()).blacklistMaxAge();
        Duration warnAfter = min(maxAge.dividedBy(2), schedule.blacklistEvery().multipliedBy(4));
        return new Status(now, blacklistAt, level(blacklistAt, now, warnAfter, maxAge), catalogAt,
                level(catalogAt, now, schedule.catalogEvery().plus(BACKUP_MARGIN),
                        schedule.catalogEvery().multipliedBy(7)),
                backupAt, level(backupAt, now, Duration.ofDays(1).plus(BACKUP_MARGIN), Duration.ofDays(2)), problem);
    }

    private static Level level(Instant at, Instant now, Duration warnAfter, Duration overdueAfter) {
        if (at == null) {
            return Level.OVERDUE;
        }
        Duration age = Duration.between(at, now);
        return age.compareTo(overdueAfter) >= 0 ? Level.OVERDUE : age.compareTo(warnAfter) >= 0 ? Level.WARNING : Level.OK;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("a station services tick failed; the next tick tries again", e);
        }
    }

    private void submit(Runnable r) {
        try {
            thread.execute(r);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Stops the ticks; one running finishes (its work is committed or not, never half). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
