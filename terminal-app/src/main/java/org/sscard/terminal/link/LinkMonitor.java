package org.sscard.terminal.link;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online/offline state of the link. Offline is entered when a call is not sent, times out, loses its connection or
 * gets HTTP 5xx, or when a health probe fails; it is left only after a successful health probe. Probes run every
 * {@code onlineInterval} while online and, while offline, after a back-off that starts at {@code firstRetry} and
 * doubles up to {@code maxRetry}. Listeners are told of every change of state (the UI binds to them).
 */
public final class LinkMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(LinkMonitor.class);

    private final BooleanSupplier probe;
    private final Duration onlineInterval;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final List<Consumer<LinkState>> listeners = new CopyOnWriteArrayList<>();
    private LinkState state = LinkState.UNKNOWN;
    private int failedProbes;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> next;

    public LinkMonitor(BooleanSupplier probe, Duration onlineInterval, Duration firstRetry, Duration maxRetry) {
        this.probe = probe;
        this.onlineInterval = onlineInterval;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    /** A monitor probing {@code link}: every 30 s online; offline after 2 s, doubling to 60 s. Listens to its calls. */
    public static LinkMonitor of(CentralLink link) {
        LinkMonitor m = new LinkMonitor(link::probe, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(60));
        link.addOutcomeListener(m::onOutcome);
        return m;
    }

    public synchronized LinkState state() {
        return state;
    }

    public void addListener(Consumer<LinkState> listener) {
        listeners.add(listener);
    }

    /** Probes now and updates the state; returns the new state. */
    public LinkState probeNow() {
        boolean ok;
        try {
            ok = probe.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("health probe failed: {}", e.toString());
            ok = false;
        }
        synchronized (this) {
            failedProbes = ok ? 0 : failedProbes + 1;
        }
        return change(ok ? LinkState.ONLINE : LinkState.OFFLINE);
    }

    /** Learns from a call's outcome: NotSent, timeouts, broken connections and 5xx mean offline. */
    public void onOutcome(LinkOutcome<?> outcome) {
        if (CentralOutcome.of(outcome).linkDown()) {
            LinkState before = state();
            change(LinkState.OFFLINE);
            if (before != LinkState.OFFLINE) {
                reschedule(firstRetry);
            }
        }
    }

    /** How long until the next probe in the current state. */
    public synchronized Duration nextProbeDelay() {
        if (state == LinkState.ONLINE) {
            return onlineInterval;
        }
        if (failedProbes == 0) {
            return firstRetry;
        }
        int doublings = Math.min(failedProbes - 1, 20);
        Duration d = firstRetry.multipliedBy(1L << doublings);
        return d.compareTo(maxRetry) > 0 ? maxRetry : d;
    }

    /** Starts probing on {@code executor} (first probe at once). */
    public synchronized void start(ScheduledExecutorService executor) {
        this.scheduler = executor;
        reschedule(Duration.ZERO);
    }

    public synchronized void stop() {
        if (next != null) {
            next.cancel(false);
        }
        scheduler = null;
    }

    private synchronized void reschedule(Duration delay) {
        if (scheduler == null) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = scheduler.schedule(() -> {
            probeNow();
            reschedule(nextProbeDelay());
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private LinkState change(LinkState to) {
        LinkState from;
        synchronized (this) {
            from = state;
            state = to;
        }
        if (from != to) {
            LOG.info("central link {} -> {}", from, to);
            for (Consumer<LinkState> l : listeners) {
                l.accept(to);
            }
        }
        return to;
    }
}
