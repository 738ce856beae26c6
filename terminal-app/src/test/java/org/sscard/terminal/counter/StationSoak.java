package org.sscard.terminal.counter;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.MedType;
import org.sscard.store.AuditVerification;
import org.sscard.store.FullDisk;
import org.sscard.store.StoreException;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineRefusedException;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.sync.Sync;

/**
 * A station driven for a simulated week ({@code scripts/soak}): one hospital window against central-sim in the same
 * JVM, the clock injected and moved on a minute or so per patient. The link flaps every few minutes (connections
 * refused for a few patients: those visits are taken as deferred visits; now and then the link drops in the middle
 * of a visit, or central-sim books a 2207 and drops the connection so the outcome is unknown); every few hundred
 * visits the station is killed at a random step of a visit (its objects abandoned where they stand, as
 * KilledVisitRecoveryTest does) and started again over the same store. The cashier carries every visit on until it
 * is settled. At the end: 0 lost (every visit the station began is settled once at the central service, every
 * deferred visit settled), 0 double (no visit with two live settlements), every day reconciled balanced (3201 and
 * 3202), the audit chain intact, and the heap after GC and the RSS sampled along the way.
 */
public final class StationSoak {
    /** What to drive: {@code visits} patients, one every {@code perVisit} of simulated time on average. */
    public record Plan(int visits, long seed, Duration perVisit, int killEvery, int flapEvery) {
        public static Plan week(int visits, long seed) {
            return new Plan(visits, seed, Duration.ofSeconds(60), 300, 6);
        }
    }

    /** Heap after GC and resident set, sampled after {@code visits} visits. */
    public record Sample(int visits, long heapBytes, long rssBytes, double msPerVisit) {
    }

    /** What happened and what was found. {@code problems} is empty when every check held. */
    public record Report(int visits, int settledOnline, int deferredSettled, int sentAway, int kills, int flaps,
                         int midVisitDrops, int unknownOutcomes, int diskFullEpisodes, int sentAwayOnFullDisk, int days,
                         long centralSettlements, List<Sample> samples, List<String> problems, Duration wallTime) {
        public String describe() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "soak: %d patients over %d simulated days in %d s%n", visits, days,
                    wallTime.toSeconds()));
            s.append(String.format(Locale.ROOT, "  settled online %d, taken deferred and settled later %d, sent away with"
                    + " nothing booked %d%n", settledOnline, deferredSettled, sentAway));
            s.append(String.format(Locale.ROOT, "  link flaps %d, drops in the middle of a visit %d, unknown 2207 outcomes"
                    + " %d, station kills %d%n", flaps, midVisitDrops, unknownOutcomes, kills));
            s.append(String.format(Locale.ROOT, "  disk-full episodes %d (a settlement finished on the full disk, %d"
                    + " patients sent away until space was freed)%n", diskFullEpisodes, sentAwayOnFullDisk));
            s.append(String.format(Locale.ROOT, "  live settlements at the central service %d%n", centralSettlements));
            for (Sample m : samples) {
                s.append(String.format(Locale.ROOT, "  after %6d visits: heap after GC %6.1f MB, RSS %6.1f MB, %6.1f ms a"
                        + " visit since the last sample%n", m.visits(), m.heapBytes() / 1e6, m.rssBytes() / 1048576.0,
                        m.msPerVisit()));
            }
            s.append(problems.isEmpty() ? "  checks: 0 lost, 0 double, every day balanced, audit chain intact\n"
                    : "  PROBLEMS:\n    " + String.join("\n    ", problems) + "\n");
            return s.toString();
        }
    }

    /** Stands for the process dying: passes every {@code catch (RuntimeException)} of the station. */
    private static final class Killed extends Error {
        Killed(String point) {
            super("killed at " + point, null, false, false);
        }
    }

    private static final Opter SUPERVISOR = new Opter("supervisor", "钱主管");
    private static final String DOCTOR = "李医生";

    private final Plan plan;
    private final Random random;
    private final AtomicBoolean linkDown = new AtomicBoolean();
    private final CounterFixture f;
    private final List<DemoCard> active;
    private final List<org.sscard.store.Catalog.NationalItem> national;
    private final List<String> problems = new ArrayList<>();
    /** Visits begun and not yet settled: mdtrt_id → the card number of the demo card that holds it. */
    private final Map<String, Integer> open = new LinkedHashMap<>();
    private final Set<String> settled = new LinkedHashSet<>();
    private final Set<LocalDate> days = new LinkedHashSet<>();
    private final List<Sample> samples = new ArrayList<>();
    private LinkMonitor monitor;
    private Forwarder forwarder;
    private volatile Counter.Step killAt;
    /** The visit whose 2207 is queued when the disk fills up; the disk stays full for a few patients after it. */
    private volatile boolean fillDiskAtSettlement;
    private volatile boolean diskFull;
    private int diskFullSince = -1;
    private int diskFullEpisodes;
    private int sentAwayOnFullDisk;
    private int kills;
    private int flaps;
    private int midVisitDrops;
    private int unknownOutcomes;
    private int sentAway;
    private int deferredTaken;

    private StationSoak(Path dir, Plan plan) throws Exception {
        this.plan = plan;
        this.random = new Random(plan.seed());
        f = new CounterFixture(dir, chain -> {
            if (linkDown.get()) {
                throw new java.net.ConnectException("soak: the link is down");
            }
            return chain.proceed(chain.request());
        });
        active = f.cards.cards().stream().filter(c -> c.status() == DemoCard.Status.ACTIVE).toList();
        national = f.nationalItems();
        startStation();
    }

    public static Report run(Path dir, Plan plan) throws Exception {
        long start = System.nanoTime();
        StationSoak soak = new StationSoak(dir, plan);
        try {
            soak.drive();
            soak.drainAndCheck();
            return soak.report(Duration.ofNanos(System.nanoTime() - start));
        } finally {
            soak.f.close();
        }
    }

    /** The station's objects after a (re)start: forwarder, link monitor, the counter's step listener, log-in. */
    private void startStation() {
        forwarder = new Forwarder(f.link, f.store);
        monitor = LinkMonitor.of(f.link);
        f.counter.onStep((step, mdtrtId) -> {
            if (step == Counter.Step.SETTLEMENT_QUEUED && fillDiskAtSettlement) {
                fillDiskAtSettlement = false;
                FullDisk.after(f.config.storeFile(), 0);
                diskFull = true;
            }
            if (step == killAt) {
                killAt = null;
                throw new Killed(step.name());
            }
        });
        f.login("cashier");
    }

    private void drive() throws Exception {
        int nextKill = plan.killEvery() / 2 + random.nextInt(plan.killEvery());
        int nextFlap = 1 + random.nextInt(plan.flapEvery());
        int flapEnds = -1;
        LocalDate day = null;
        int lastSampleVisits = 0;
        long lastSampleNanos = System.nanoTime();
        for (int i = 0; i < plan.visits(); i++) {
            f.clock.advance(Duration.ofSeconds(plan.perVisit().toSeconds() / 2 + random.nextInt((int) plan.perVisit().toSeconds())));
            if (i == flapEnds) {
                linkUp();
            }
            if (i == nextFlap) {
                linkDown.set(true);
                flaps++;
                flapEnds = i + 1 + random.nextInt(3);
                nextFlap = flapEnds + 1 + random.nextInt(2 * plan.flapEvery());
            }
            LocalDate today = LocalDate.now(f.clock);
            // a full disk refuses the sign-in's message id too: the day starts once space is freed
            if (!today.equals(day) && !linkDown.get() && !diskFull) {
                startOfDay();
                day = today;
            }
            days.add(today);
            if (i == plan.visits() / 2) {
                fillDiskAtSettlement = true;
            }
            if (diskFull && diskFullSince < 0) {
                diskFullSince = i;
                diskFullEpisodes++;
            }
            if (diskFull && i >= diskFullSince + 3) {
                FullDisk.spaceFreed(f.config.storeFile());
                diskFull = false;
                diskFullSince = -1;
            }
            if (i == nextKill && !diskFull) {
                killAt = Counter.Step.values()[random.nextInt(Counter.Step.values().length)];
                nextKill = i + plan.killEvery() / 2 + random.nextInt(plan.killEvery());
            }
            DemoCard card = active.get(i % active.size());
            try {
                f.login("cashier");
                patient(card);
            } catch (Killed killed) {
                kills++;
                f.restartStation();
                startStation();
            } catch (StoreException e) {
                if (!diskFull) {
                    throw e;
                }
                sentAwayOnFullDisk++;
            }
            if (!linkDown.get() && !diskFull) {
                carryOn();
            }
            if (i % 1000 == 999 || i == plan.visits() - 1) {
                int sinceLast = i + 1 - lastSampleVisits;
                samples.add(sample(i + 1, (System.nanoTime() - lastSampleNanos) / 1e6 / sinceLast));
                if (plan.visits() > 1000) {
                    System.out.printf(Locale.ROOT, "soak: %d visits, %d settled, %.1f ms a visit over the last %d%n", i + 1,
                            settled.size(), samples.get(samples.size() - 1).msPerVisit(), sinceLast);
                }
                lastSampleVisits = i + 1;
                lastSampleNanos = System.nanoTime();
            }
        }
        killAt = null;
        linkUp();
    }

    /** The day's first patient: a sign-in (sign_no is valid for a day) and a fresh blacklist for offline visits. */
    private void startOfDay() {
        LinkOutcome<?> signIn = f.link.signIn(SUPERVISOR, "00-1A-2B-3C-4D-5E", "127.0.0.1");
        if (!(signIn instanceof LinkOutcome.Answered<?>)) {
            problems.add("sign-in failed at the start of " + LocalDate.now(f.clock) + ": " + signIn.message());
        }
        new Sync(f.link, f.store, f.authorizer, f.clock).blacklist(SUPERVISOR);
    }

    private void linkUp() {
        linkDown.set(false);
        monitor.probeNow();
    }

    /** One patient at the window: online when the link is up, as a deferred visit when it is not. */
    private void patient(DemoCard card) {
        if (linkDown.get() || monitor.state() == LinkState.OFFLINE) {
            if (!linkDown.get()) {
                monitor.probeNow();
            }
            if (monitor.state() == LinkState.OFFLINE) {
                deferred(card);
                return;
            }
        }
        PresentedCard presented;
        f.insert(card.number());
        try {
            presented = f.presentation.present(card.pin().toCharArray());
        } catch (RuntimeException e) {
            takeOfflineOrSendAway(card);
            return;
        }
        try (presented) {
            Visit v;
            try {
                v = f.counter.register(presented, MedType.OUTPATIENT, "D01", DOCTOR, f.counter.basket(items()));
            } catch (CounterException e) {
                takeOfflineOrSendAway(card);
                return;
            }
            open.put(v.mdtrtId(), card.number());
            int fault = random.nextInt(40);
            if (fault == 0) {
                f.central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
                unknownOutcomes++;
            } else if (fault == 1) {
                linkDown.set(true);
                midVisitDrops++;
            }
            try {
                f.counter.uploadAndPreSettle(v);
                if (v.state() == VisitState.PRE_SETTLED) {
                    f.counter.settle(v);
                }
            } catch (CounterException e) {
                // left open: carried on when the link serves again
            }
            if (v.state() == VisitState.SETTLED) {
                settledVisit(v.mdtrtId());
            }
        } finally {
            if (linkDown.get() && random.nextBoolean()) {
                linkUp();
            }
        }
    }

    /** Nothing was booked for the patient: with the link found down the visit is taken as deferred, else sent away. */
    private void takeOfflineOrSendAway(DemoCard card) {
        if (monitor.state() == LinkState.OFFLINE) {
            deferred(card);
        } else {
            sentAway++;
        }
    }

    private void deferred(DemoCard card) {
        f.insert(card.number());
        DeferredVisits visits = new DeferredVisits(f.config, f.store, f.link,
                new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock), monitor, f.authorizer, f.clock);
        try (CountingTransport t = f.cardTransport()) {
            visits.take(new CardSession(t, f.cardKeys()), card.pin().toCharArray(), items(), "D01", DOCTOR);
            deferredTaken++;
        } catch (OfflineRefusedException e) {
            sentAway++;
        }
    }

    /** With the link up: the forwarder runs and the cashier carries every open visit on (resume, settle). */
    private void carryOn() {
        forwarder.runOnce();
        if (open.isEmpty()) {
            return;
        }
        Set<String> listedOpen = new java.util.HashSet<>();
        f.counter.visits(true).forEach(o -> listedOpen.add(o.mdtrtId()));
        for (String mdtrtId : new ArrayList<>(open.keySet())) {
            if (linkDown.get()) {
                return;
            }
            if (!listedOpen.contains(mdtrtId)) {
                if (isSettledHere(mdtrtId)) {
                    settledVisit(mdtrtId);
                } else {
                    open.remove(mdtrtId);
                }
                continue;
            }
            DemoCard card = f.cards.card(open.get(mdtrtId));
            f.insert(card.number());
            try (PresentedCard presented = f.presentation.present(card.pin().toCharArray())) {
                Visit v = f.counter.resume(mdtrtId, presented);
                if (v.state() == VisitState.REVERSED) {
                    f.counter.preSettleAgain(v);
                } else if (v.state() == VisitState.PENDING || v.state() == VisitState.FEES_UPLOADED) {
                    f.counter.retry(v);
                }
                if (v.state() == VisitState.PRE_SETTLED) {
                    f.counter.settle(v);
                }
                if (v.state() == VisitState.SETTLED) {
                    settledVisit(mdtrtId);
                } else if (v.state() == VisitState.REFUSED) {
                    problems.add("visit " + mdtrtId + " refused: " + v.reason());
                    open.remove(mdtrtId);
                }
            } catch (CounterException | org.sscard.terminal.card.CardPresentationException e) {
                // still open; the next round carries it on
            }
        }
    }

    private boolean isSettledHere(String mdtrtId) {
        LocalDate today = LocalDate.now(f.clock);
        return f.counter.records().between(today.minusDays(1), today).stream()
                .anyMatch(r -> r.mdtrtId().equals(mdtrtId) && !r.isCancel());
    }

    private void settledVisit(String mdtrtId) {
        open.remove(mdtrtId);
        settled.add(mdtrtId);
    }

    private List<CounterItem> items() {
        var national = this.national;
        List<CounterItem> items = new ArrayList<>();
        int lines = 1 + random.nextInt(10);
        for (int i = 0; i < lines; i++) {
            items.add(new CounterItem("L" + national.get(random.nextInt(national.size())).code(), 1 + random.nextInt(3)));
        }
        return items;
    }

    /**
     * The week's last flap ends, then the station carries on until nothing is open, queued or unknown: visits taken
     * deferred by the last patients have no message in the outbox until a forwarding pass queues their first step.
     */
    private void drainAndCheck() throws Exception {
        linkUp();
        f.login("cashier");
        for (int round = 0; round < 20 && !(open.isEmpty() && f.store.outbox().pendingStreams().isEmpty()
                && f.store.outbox().unknown().isEmpty() && DeferredVisits.queuedTotals(f.store).count() == 0); round++) {
            carryOn();
        }
        if (!open.isEmpty()) {
            problems.add(open.size() + " visits still open after the drain: " + open.keySet());
        }
        if (!f.store.outbox().pendingStreams().isEmpty() || !f.store.outbox().unknown().isEmpty()) {
            problems.add("outbox not drained: pending " + f.store.outbox().pendingStreams() + ", unknown "
                    + f.store.outbox().unknown());
        }
        if (!f.store.outbox().dead().isEmpty()) {
            problems.add("dead messages: " + f.store.outbox().dead());
        }
        DeferredVisits visits = new DeferredVisits(f.config, f.store, f.link,
                new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock), monitor, f.authorizer, f.clock);
        for (DeferredVisit d : visits.list()) {
            if (d.state() != DeferredState.SETTLED) {
                problems.add("deferred visit " + d.ref() + " ended " + d.state());
            }
        }
        long doubles = f.centralCount("SELECT count(*) FROM (SELECT mdtrt_id FROM settlement WHERE orig_setl_id IS NULL"
                + " AND reversed = 0 AND cancelled_by IS NULL GROUP BY mdtrt_id HAVING count(*) > 1)");
        if (doubles != 0) {
            problems.add(doubles + " visits settled twice at the central service");
        }
        for (String mdtrtId : settled) {
            if (f.centralSettlements(mdtrtId) != 1) {
                problems.add("visit " + mdtrtId + " settled at the station has " + f.centralSettlements(mdtrtId)
                        + " live settlements at the central service");
            }
        }
        long central = centralSettlements();
        long expected = settled.size() + visits.list().stream().filter(d -> d.state() == DeferredState.SETTLED).count();
        if (central != expected) {
            problems.add("the central service has " + central + " live settlements, the station " + expected
                    + " (" + settled.size() + " online, the rest deferred)");
        }
        startOfDay(); // the reconciliation may come more than a sign-in's validity after the day's first patient
        f.login("supervisor");
        for (LocalDate d : days) {
            Reconciliation.Result r = f.reconciliation().reconcile(d, d);
            if (!r.balanced() || !r.differences().isEmpty()) {
                problems.add("day " + d + " not balanced: " + r);
            }
        }
        AuditVerification audit = f.store.audit().verify();
        if (!audit.intact()) {
            problems.add("audit chain: " + audit);
        }
    }

    private long centralSettlements() throws java.sql.SQLException {
        return f.centralCount("SELECT count(*) FROM settlement WHERE orig_setl_id IS NULL AND reversed = 0"
                + " AND cancelled_by IS NULL");
    }

    private Report report(Duration wall) throws Exception {
        return new Report(plan.visits(), settled.size(), deferredTaken, sentAway, kills, flaps, midVisitDrops,
                unknownOutcomes, diskFullEpisodes, sentAwayOnFullDisk, days.size(), centralSettlements(),
                List.copyOf(samples), List.copyOf(problems), wall);
    }

    private static Sample sample(int visits, double msPerVisit) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return new Sample(visits, heap, rss, msPerVisit);
    }

    /** Usage: StationSoak [visits, default 10000] [seed, default 1] */
    public static void main(String[] args) throws Exception {
        int visits = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Path dir = Files.createTempDirectory("sscard-soak");
        Report report;
        try {
            report = run(dir, Plan.week(visits, seed));
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.print(report.describe());
        System.exit(report.problems().isEmpty() ? 0 : 1);
    }
}
