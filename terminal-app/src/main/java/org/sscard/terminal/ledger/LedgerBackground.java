package org.sscard.terminal.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.terminal.LogText;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/**
 * A running station's link to the hospital ledger: on its own thread, it brings the ledger's schema up to date, then
 * replicates the station's books ({@link LedgerReplicator}) and takes the hospital catalogue's changes
 * ({@link HospitalCatalog#pull}) every period and whenever {@link #kick} asks (after a settlement), so the counter
 * never waits for PostgreSQL. A ledger that cannot be reached is a {@link Status} for the status bar, not an error:
 * nothing is lost, the next pass catches up. Kicks while a pass is waiting to run add nothing.
 */
public final class LedgerBackground implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerBackground.class);

    /** Where the station stands with the ledger. */
    public enum State {
        /** no pass has finished yet */
        STARTING,
        /** the last pass copied everything final and took the catalogue */
        SYNCED,
        /** the last pass failed (the ledger could not be reached, or refused); the station works on */
        FAILED
    }

    /**
     * After a pass: the state, when it finished, the replication cursor, rows the pass added, catalogue items it took,
     * and for FAILED what went wrong (worded by the reader in their language).
     */
    public record Status(State state, Instant at, long cursor, int added, int catalogItems, Problem problem) {
    }

    private final Ledger ledger;
    private final LedgerReplicator replicator;
    private final HospitalCatalog catalog;
    private final Clock clock;
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ledger");
        t.setDaemon(true);
        return t;
    });
    private volatile Status status;
    private boolean migrated;

    public LedgerBackground(Ledger ledger, LedgerReplicator replicator, HospitalCatalog catalog, Clock clock) {
        this.ledger = ledger;
        this.replicator = replicator;
        this.catalog = catalog;
        this.clock = clock;
        this.status = new Status(State.STARTING, clock.instant(), replicator.cursor(), 0, 0, null);
    }

    /** Runs a pass now and then every {@code period}. */
    public void start(Duration period) {
        thread.scheduleWithFixedDelay(this::kick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon, without waiting for it. */
    public void kick() {
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::pass);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false); // closed
            }
        }
    }

    /** Called with every pass's status, on the ledger thread. */
    public void addListener(Consumer<Status> listener) {
        listeners.add(listener);
        listener.accept(status);
    }

    public Status status() {
        return status;
    }

    /** The hospital catalogue the passes pull (for the screen where it is published). */
    public HospitalCatalog catalog() {
        return catalog;
    }

    private void pass() {
        queued.set(false);
        Status next;
        try {
            if (!migrated) {
                ledger.migrate();
                migrated = true;
            }
            LedgerReplicator.Pass p = replicator.runOnce();
            HospitalCatalog.Pulled pulled = catalog.pull();
            next = new Status(State.SYNCED, clock.instant(), p.cursor(), p.added(), pulled.items(), null);
        } catch (LedgerException e) {
            LOG.warn("hospital ledger pass failed (the station works on, the next pass catches up): {}", e.getMessage());
            next = new Status(State.FAILED, clock.instant(), replicator.cursor(), 0, 0, e.problem());
        } catch (RuntimeException e) {
            LOG.error("hospital ledger pass failed", e);
            next = new Status(State.FAILED, clock.instant(), replicator.cursor(), 0, 0,
                    Problem.of(Reason.LEDGER_PASS_ERROR, LogText.redact(String.valueOf(e.getMessage()))));
        }
        status = next;
        for (Consumer<Status> l : listeners) {
            l.accept(next);
        }
    }

    /** Stops passes; one running finishes (its work is committed or not, never half). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
