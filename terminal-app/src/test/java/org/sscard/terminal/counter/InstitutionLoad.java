package org.sscard.terminal.counter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.values.Money;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.ledger.LedgerReplicator;

/**
 * Many windows of one hospital under load against the hospital ledger on a real PostgreSQL: {@code stations} stations
 * ({@link CounterFixture} siblings in one JVM, one central-sim) settle {@code visits} full outpatient visits each at
 * the same time (card presented, 2201, 2204, 2206, 2207, card update) while each station's replicator copies its books
 * to the ledger in the background every {@value #PASS_EVERY_MS} ms, as a station's background replication would.
 * Baseline in the same run: the first station alone settling the same number of visits, replicating the same way.
 * Checked: every visit settled; no msgid used twice across the stations; every station's outbox drained (nothing
 * queued, in flight or unknown) and its replication cursor at its last book message; the ledger holds each station's
 * books exactly once; the institution's day balanced to the fen (3201 from the ledger, and the ledger's totals equal to
 * the sum of the stations' own books).
 * <p>
 * Then, when {@code dayRows} &gt; 0, a settlement day of that many rows spread over the stations is written to the
 * ledger (500 per transaction, as a pass does) and to central-sim's own database (the same settlements, as the
 * central service would hold them), and the institution's reconciliation of that day is timed: reading the day from the
 * ledger, and the 3201s against central-sim. {@code scripts/bench-ledger} runs it full size; {@code
 * InstitutionLoadTest} bounded.
 */
final class InstitutionLoad {
    static final int PASS_EVERY_MS = 200;
    private static final int SET_UP_THREADS = 5;
    /** Demo cards 1-4: valid and unblocked (others of the demo set are lost or cancelled on purpose). */
    private static final int CARDS = 4;

    record Plan(int stations, int visits, int dayRows) {
    }

    record Report(Plan plan, double setupSeconds, double baselineSeconds, double loadSeconds, int passes,
            int presentedAgain, int settled, int ledgerRows, long dayWriteMillis, long dayReadMillis, long dayReconcileMillis,
            boolean dayBalanced, List<String> problems) {
        double baselineRate() {
            return plan.visits() / baselineSeconds;
        }

        double loadRate() {
            return plan.stations() * (double) plan.visits() / loadSeconds;
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "institution load: %d stations x %d visits, ledger replicated every %d ms"
                    + " per station (%d passes)%n", plan.stations(), plan.visits(), PASS_EVERY_MS, passes));
            b.append(String.format(Locale.ROOT, "  set-up of %d stations (enrolled, catalog): %.1f s%n", plan.stations(),
                    setupSeconds));
            b.append(String.format(Locale.ROOT, "  baseline, 1 station alone: %d visits in %.1f s = %.2f visits/s%n",
                    plan.visits(), baselineSeconds, baselineRate()));
            b.append(String.format(Locale.ROOT, "  %d stations at once: %d visits in %.1f s = %.2f visits/s"
                    + " (%.2f x the baseline)%n", plan.stations(), plan.stations() * plan.visits(), loadSeconds,
                    loadRate(), loadRate() / baselineRate()));
            b.append(String.format(Locale.ROOT, "  settled %d, ledger rows of the day %d; cards presented again after"
                    + " the card presentation's link call failed: %d%n", settled, ledgerRows, presentedAgain));
            if (plan.dayRows() > 0) {
                b.append(String.format(Locale.ROOT, "  a %,d-settlement day: written to the ledger in %.1f s (%.0f rows/s),"
                        + " read back in %.2f s, reconciled (3201 per insurance type) in %.2f s: %s%n", plan.dayRows(),
                        dayWriteMillis / 1000.0, plan.dayRows() * 1000.0 / dayWriteMillis, dayReadMillis / 1000.0,
                        dayReconcileMillis / 1000.0, dayBalanced ? "balanced" : "NOT balanced"));
            }
            b.append(problems.isEmpty() ? "  checks: all passed\n" : "  PROBLEMS: " + String.join("; ", problems) + "\n");
            return b.toString();
        }
    }

    private InstitutionLoad() {
    }

    static Report run(Path dir, String ledgerUrl, Plan plan) throws Exception {
        Ledger ledger = LedgerDatabase.ledger(ledgerUrl);
        List<CounterFixture> windows = new ArrayList<>();
        ScheduledExecutorService replication = Executors.newScheduledThreadPool(4);
        List<String> problems = new ArrayList<>();
        AtomicInteger passes = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try {
            long t0 = System.nanoTime();
            // The first window reconciles the big day: central-sim sums all of it for each 3201, so it waits long.
            CounterFixture first = new CounterFixture(Files.createDirectories(dir.resolve("window-1")), null,
                    Duration.ofMinutes(5));
            windows.add(first);
            // The others set up side by side: most of a set-up is waiting for the disk (the catalog's commits).
            ExecutorService setUp = Executors.newFixedThreadPool(SET_UP_THREADS);
            List<Future<CounterFixture>> siblings = new ArrayList<>();
            for (int i = 2; i <= plan.stations(); i++) {
                Path home = Files.createDirectories(dir.resolve("window-" + i));
                String device = String.format("DEV-%04d", i);
                siblings.add(setUp.submit(() -> new CounterFixture(home, first, device)));
            }
            for (Future<CounterFixture> f : siblings) {
                windows.add(f.get(10, TimeUnit.MINUTES));
            }
            setUp.shutdown();
            double setup = seconds(t0);
            LocalDate day = LocalDate.now(windows.get(0).clock);

            replicateInBackground(replication, first, ledger, passes, failures);
            t0 = System.nanoTime();
            for (int v = 0; v < plan.visits(); v++) {
                HospitalLedgerEndToEndTest.settle(first, 1 + v % CARDS);
            }
            double baseline = seconds(t0);

            for (CounterFixture w : windows.subList(1, windows.size())) {
                replicateInBackground(replication, w, ledger, passes, failures);
            }
            AtomicInteger presentedAgain = new AtomicInteger();
            ExecutorService counters = Executors.newFixedThreadPool(plan.stations());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < windows.size(); i++) {
                CounterFixture w = windows.get(i);
                int offset = i;
                running.add(counters.submit(() -> {
                    start.await();
                    for (int v = 0; v < plan.visits(); v++) {
                        settle(w, 1 + (offset + v) % CARDS, presentedAgain);
                    }
                    return null;
                }));
            }
            t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : running) {
                try {
                    f.get(30, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    problems.add("a station's visit failed: " + e.getCause());
                }
            }
            double load = seconds(t0);
            counters.shutdown();
            replication.shutdown();
            replication.awaitTermination(5, TimeUnit.MINUTES);
            if (!failures.isEmpty()) {
                problems.add(failures.size() + " background passes failed, first: " + failures.peek());
            }
            for (CounterFixture w : windows) {
                HospitalLedgerEndToEndTest.replicator(w, ledger).runOnce();
            }

            int settled = check(windows, ledger, day, problems);
            int ledgerRows = ledger.between(CounterFixture.INSTITUTION, day, day).size();

            long write = 0;
            long read = 0;
            long reconcile = 0;
            boolean dayBalanced = false;
            if (plan.dayRows() > 0) {
                LocalDate bigDay = day.minusDays(7);
                List<SettledRecords.Record> rows = syntheticDay(bigDay, plan.dayRows(), plan.stations());
                seedCentral(first, rows);
                t0 = System.nanoTime();
                for (int i = 0; i < rows.size(); i += 500) {
                    List<SettledRecords.Record> batch = rows.subList(i, Math.min(rows.size(), i + 500));
                    ledger.write(CounterFixture.INSTITUTION, batch.get(0).stream(), batch);
                }
                write = millis(t0);
                first.login("supervisor");
                t0 = System.nanoTime();
                List<SettledRecords.Record> held = ledger.between(CounterFixture.INSTITUTION, bigDay, bigDay);
                read = millis(t0);
                t0 = System.nanoTime();
                Reconciliation.Result result = first.reconciliation().reconcileInstitution(bigDay, bigDay, held);
                reconcile = millis(t0);
                dayBalanced = result.balanced();
                if (held.size() != rows.size()) {
                    problems.add("the big day: the ledger holds " + held.size() + " of " + rows.size() + " rows");
                }
                if (!dayBalanced) {
                    problems.add("the big day does not balance: " + result.types());
                }
            }
            return new Report(plan, setup, baseline, load, passes.get(), presentedAgain.get(), settled, ledgerRows, write,
                    read, reconcile, dayBalanced, problems);
        } finally {
            replication.shutdownNow();
            for (int i = windows.size() - 1; i >= 0; i--) {
                windows.get(i).close();
            }
        }
    }

    /**
     * One visit; when the card presentation fails (before anything is registered: e.g. central-sim closed a kept-alive
     * connection under the load and the 1101 got no answer), the cashier presents the card again, up to 3 times.
     */
    private static void settle(CounterFixture w, int card, AtomicInteger presentedAgain) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                HospitalLedgerEndToEndTest.settle(w, card);
                return;
            } catch (org.sscard.terminal.card.CardPresentationException e) {
                if (attempt == 3) {
                    throw e;
                }
                presentedAgain.incrementAndGet();
            }
        }
    }

    private static void replicateInBackground(ScheduledExecutorService replication, CounterFixture w, Ledger ledger,
            AtomicInteger passes, ConcurrentLinkedQueue<String> failures) {
        LedgerReplicator replicator = HospitalLedgerEndToEndTest.replicator(w, ledger);
        replication.scheduleWithFixedDelay(() -> {
            try {
                replicator.runOnce();
                passes.incrementAndGet();
            } catch (LedgerException e) {
                failures.add(w.config.deviceNumber() + ": " + e.getMessage());
            }
        }, 0, PASS_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** The checks of the class comment; returns the number of visits settled. */
    private static int check(List<CounterFixture> windows, Ledger ledger, LocalDate day, List<String> problems) {
        Set<String> msgids = new HashSet<>();
        List<String> infnos = Transaction.all().values().stream().map(Transaction::infno).distinct().toList();
        List<SettledRecords.Record> all = new ArrayList<>();
        List<SettledRecords.Record> rows = ledger.between(CounterFixture.INSTITUTION, day, day);
        int settled = 0;
        for (CounterFixture w : windows) {
            String device = w.config.deviceNumber();
            long lastBook = 0;
            for (OutboxEntry e : w.store.outbox().after(0, infnos, Integer.MAX_VALUE)) {
                if (!msgids.add(e.msgid())) {
                    problems.add("msgid " + e.msgid() + " used twice (again by " + device + ")");
                }
                if (SettledRecords.BOOK_INFNOS.contains(e.infno())) {
                    lastBook = e.id();
                }
            }
            Map<OutboxState, Long> states = w.store.outbox().countsByState();
            long pending = states.entrySet().stream().filter(s -> s.getKey().pending()).mapToLong(Map.Entry::getValue).sum();
            if (pending != 0) {
                problems.add(device + ": " + pending + " messages still pending " + states);
            }
            long cursor = HospitalLedgerEndToEndTest.replicator(w, ledger).cursor();
            if (cursor != lastBook) {
                problems.add(device + ": replication cursor " + cursor + ", last book message " + lastBook);
            }
            List<SettledRecords.Record> books = w.counter.records().between(day, day);
            settled += (int) books.stream().filter(r -> !r.isCancel()).count();
            List<SettledRecords.Record> kept = books.stream().map(r -> Ledger.asKept(r, device)).toList();
            if (!kept.equals(rows.stream().filter(r -> r.stream().equals(device)).toList())) {
                problems.add(device + ": the ledger does not hold exactly its books");
            }
            all.addAll(kept);
        }
        if (!Reconciliation.totals(all).equals(Reconciliation.totals(rows))) {
            problems.add("the ledger's totals differ from the stations' books: " + Reconciliation.totals(rows));
        }
        CounterFixture any = windows.get(0);
        any.login("supervisor");
        Reconciliation.Result result = any.reconciliation().reconcileInstitution(day, day, rows);
        if (!result.balanced()) {
            problems.add("the institution's day does not balance: " + result.types() + " " + result.differences());
        }
        return settled;
    }

    /** {@code count} settlements on {@code day}, spread over the stations, both insurance types, amounts in fen. */
    private static List<SettledRecords.Record> syntheticDay(LocalDate day, int count, int stations) {
        List<SettledRecords.Record> rows = new ArrayList<>(count);
        LocalDateTime opening = day.atTime(7, 30);
        for (int i = 0; i < count; i++) {
            String device = String.format("DEV-%04d", 1 + i % stations);
            InsuType insutype = i % 3 == 0 ? InsuType.RESIDENT : InsuType.EMPLOYEE;
            long medfee = 1_000 + (i * 7_919L) % 90_000;
            long fund = medfee * (insutype == InsuType.EMPLOYEE ? 70 : 55) / 100;
            long acct = (medfee - fund) / 2;
            String n = String.format("%08d", i);
            rows.add(new SettledRecords.Record("BIGSETL" + n, null, "BIG" + device + n, "BIGMDTRT" + n, "PSN" + n,
                    insutype, MedType.OUTPATIENT, opening.plusSeconds(i * 50_400L / count), Money.ofFen(medfee), null,
                    null, null, null, null, null, Money.ofFen(fund), Money.ofFen(acct), Money.ofFen(medfee - fund - acct),
                    "cashier", null, null, null, device, null, SettledRecords.Kind.SETTLEMENT));
        }
        return rows;
    }

    /** The same settlements in central-sim's own database, as its 2207 would have stored them. */
    private static void seedCentral(CounterFixture f, List<SettledRecords.Record> rows) throws Exception {
        DateTimeFormatter text = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.centralDatabase())) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlement(setl_id, msgid, mdtrt_id, chrg_bchno,"
                    + " psn_no, fixmedins_code, insutype, med_type, year, setl_time, medfee_fen, fulamt_fen, overlmt_fen,"
                    + " preselfpay_fen, inscp_fen, dedc_fen, hifp_fen, pool_self_fen, fund_fen, psn_part_fen, acct_fen,"
                    + " cash_fen, balc_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, 0, ?, 0, ?, ?, ?, ?, 0)")) {
                for (SettledRecords.Record r : rows) {
                    int i = 1;
                    ps.setString(i++, r.setlId());
                    ps.setString(i++, r.msgid());
                    ps.setString(i++, r.mdtrtId());
                    ps.setString(i++, r.mdtrtId() + "-1");
                    ps.setString(i++, r.psnNo());
                    ps.setString(i++, CounterFixture.INSTITUTION);
                    ps.setString(i++, r.insutype().code());
                    ps.setString(i++, r.medType().code());
                    ps.setInt(i++, r.setlTime().getYear());
                    ps.setString(i++, text.format(r.setlTime()));
                    ps.setLong(i++, r.medfee().fen());
                    ps.setLong(i++, r.medfee().fen());
                    ps.setLong(i++, r.fund().fen());
                    ps.setLong(i++, r.fund().fen());
                    ps.setLong(i++, r.medfee().fen() - r.fund().fen());
                    ps.setLong(i++, r.acct().fen());
                    ps.setLong(i, r.cash().fen());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static long millis(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    /** Usage: InstitutionLoad [stations, default 20] [visits per station, default 25] [day rows, default 100000]. */
    public static void main(String[] args) throws Exception {
        Plan plan = new Plan(args.length > 0 ? Integer.parseInt(args[0]) : 20,
                args.length > 1 ? Integer.parseInt(args[1]) : 25, args.length > 2 ? Integer.parseInt(args[2]) : 100_000);
        Path dir = Files.createTempDirectory("sscard-institution-load");
        Report report;
        try {
            report = run(dir, LedgerDatabase.require(), plan);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.print(report.describe());
        System.exit(report.problems().isEmpty() ? 0 : 1);
    }
}
