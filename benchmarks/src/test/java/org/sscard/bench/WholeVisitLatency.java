package org.sscard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.vpcd.VpcdBridge;
import org.sscard.protocol.MedType;
import org.sscard.store.Catalog;
import org.sscard.store.WriteStatistics;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.counter.CounterFixture;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.receipt.Receipt;

/**
 * A whole hospital visit with 10 items, from the card presented (PIN entered) to the receipt data: read card with
 * mutual authentication, blacklist look-up, VERIFY PIN, 1101, 2201, 2204 through the outbox, 2206, 2207 through the
 * outbox, the card updated with secure messaging, the receipt. One station (terminal-app's {@code CounterFixture}:
 * enrolled, store on disk) against central-sim in the same JVM over loopback HTTPS, the six ACTIVE demo cards in
 * turn. Each round does one visit with the card in jCardSim's in-process reader (the baseline) and one with the card
 * in pcscd's "Virtual PCD 00 00" through vpcd and card-sim's bridge, reached by card-lib's {@link ReaderManager} with
 * the default PC/SC provider; the card is inserted before and removed after each pcscd visit, outside the timing.
 *
 * <p>The split: card = time inside card-lib's counting decorator (every APDU round trip); network = an OkHttp
 * interceptor around each exchange with the central service, response body read (TLS, loopback and all of the
 * central service's work); store = every write transaction of the station store, fsync included; other = the rest.
 * In the test sources because it drives terminal-app's test fixture; scripts/bench-visit runs it (and scripts/pcsc-up).
 * Usage: WholeVisitLatency [visits per path, default 100] [warm-up visits, default 10] [--in-process: the in-process
 * path alone, no pcscd needed (to compare two versions of the station on a machine whose pcscd is in use)]
 */
public final class WholeVisitLatency {
    private static final String READER = "Virtual PCD 00 00";
    private static final int ITEMS = 10;

    private final LongAdder networkNanos = new LongAdder();
    private final LongAdder exchanges = new LongAdder();

    private record Sample(long totalNanos, long cardNanos, long networkNanos, long storeNanos, int cardCommands,
                          long storeWrites, long exchanges) {
        long otherNanos() {
            return totalNanos - cardNanos - networkNanos - storeNanos;
        }
    }

    private WholeVisitLatency() {
    }

    public static void main(String[] args) throws Exception {
        int visits = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmUps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        boolean inProcessOnly = args.length > 2 && args[2].equals("--in-process");
        if (visits < 1 || warmUps < 0) {
            throw new IllegalArgumentException("usage: WholeVisitLatency [visits ≥ 1] [warm-ups ≥ 0]");
        }
        Path dir = Files.createTempDirectory("sscard-visit-bench");
        try {
            new WholeVisitLatency().run(dir, visits, warmUps, inProcessOnly);
        } finally {
            deleteTree(dir);
        }
    }

    private void run(Path dir, int visits, int warmUps, boolean inProcessOnly) throws Exception {
        Interceptor networkTimer = chain -> {
            long start = System.nanoTime();
            try {
                Response response = chain.proceed(chain.request());
                response.peekBody(Long.MAX_VALUE);
                return response;
            } finally {
                networkNanos.add(System.nanoTime() - start);
                exchanges.increment();
            }
        };
        ReaderManager readers = inProcessOnly ? null : new ReaderManager();
        if (inProcessOnly) {
            inProcessOnly(dir, networkTimer, visits, warmUps);
            return;
        }
        if (!readers.readers().contains(READER)) {
            throw new IllegalStateException("pcscd does not list " + READER + " (readers: " + readers.readers()
                    + "); start pcscd with the virtual readers: scripts/pcsc-up");
        }
        if (!readers.waitForCardAbsent(READER, Duration.ofSeconds(5))) {
            throw new IllegalStateException(READER + " holds a card: another program is using it; try again later");
        }
        try (CounterFixture f = new CounterFixture(dir, networkTimer)) {
            f.login("cashier");
            List<CounterItem> items = tenItems(f);
            List<Integer> active = f.cards.cards().stream().filter(c -> c.status() == DemoCard.Status.ACTIVE)
                    .map(DemoCard::number).toList();
            List<Sample> inProcess = new ArrayList<>();
            List<Sample> pcscd = new ArrayList<>();
            long bridgeApdus = 0;
            for (int i = -warmUps; i < visits; i++) {
                int number = active.get(Math.floorMod(i, active.size()));
                Sample direct = visit(f, f.insert(number), items);
                VpcdBridge bridge = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, f.card(number),
                        Duration.ofSeconds(5));
                Sample reader;
                try {
                    if (!readers.waitForCardPresent(READER, Duration.ofSeconds(5))) {
                        throw new IllegalStateException("the card did not appear in " + READER);
                    }
                    f.presentIn(new CardSlot(readers, READER));
                    reader = visit(f, f.cards.card(number), items);
                    bridgeApdus += bridge.apduCount();
                } finally {
                    bridge.close();
                }
                if (!readers.waitForCardAbsent(READER, Duration.ofSeconds(5))) {
                    throw new IllegalStateException("the card did not leave " + READER);
                }
                if (i >= 0) {
                    inProcess.add(direct);
                    pcscd.add(reader);
                }
            }
            System.out.printf(Locale.ROOT, "whole hospital visit, %d items, card presented → receipt data; %d visits per"
                    + " path after %d warm-up rounds; cards %s in turn; ms%n", ITEMS, visits, warmUps, active);
            report("in process (jCardSim javax.smartcardio terminal)", inProcess);
            report("through pcscd + vpcd + bridge (\"" + READER + "\")", pcscd);
            System.out.printf(Locale.ROOT, "pcscd / in process, median: total %.2f ×, card %.1f ×; p99: total %.2f ×%n",
                    ratio(pcscd, inProcess, Sample::totalNanos, 50), ratio(pcscd, inProcess, Sample::cardNanos, 50),
                    ratio(pcscd, inProcess, Sample::totalNanos, 99));
            System.out.printf(Locale.ROOT, "bridge APDUs answered: %d%n", bridgeApdus);
        }
    }

    private void inProcessOnly(Path dir, Interceptor networkTimer, int visits, int warmUps) throws Exception {
        try (CounterFixture f = new CounterFixture(dir, networkTimer)) {
            f.login("cashier");
            List<CounterItem> items = tenItems(f);
            List<Integer> active = f.cards.cards().stream().filter(c -> c.status() == DemoCard.Status.ACTIVE)
                    .map(DemoCard::number).toList();
            List<Sample> inProcess = new ArrayList<>();
            for (int i = -warmUps; i < visits; i++) {
                Sample direct = visit(f, f.insert(active.get(Math.floorMod(i, active.size()))), items);
                if (i >= 0) {
                    inProcess.add(direct);
                }
            }
            System.out.printf(Locale.ROOT, "whole hospital visit, %d items, card presented → receipt data; %d visits"
                    + " after %d warm-ups, in process only; ms%n", ITEMS, visits, warmUps);
            report("in process (jCardSim javax.smartcardio terminal)", inProcess);
        }
    }

    private static List<CounterItem> tenItems(CounterFixture f) {
        List<Catalog.NationalItem> national = f.nationalItems();
        List<CounterItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(new CounterItem("L" + national.get(i * (national.size() / ITEMS)).code(), 1));
        }
        return items;
    }

    private Sample visit(CounterFixture f, DemoCard demo, List<CounterItem> items) {
        char[] pin = demo.pin().toCharArray();
        long network0 = networkNanos.sum();
        long exchanges0 = exchanges.sum();
        WriteStatistics store0 = f.store.writeStatistics();
        long start = System.nanoTime();

        PresentedCard card = f.presentation.present(pin);
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items));
        f.counter.uploadAndPreSettle(v);
        f.counter.settle(v);
        Receipt receipt = v.receipt();

        long total = System.nanoTime() - start;
        WriteStatistics store = f.store.writeStatistics().minus(store0);
        try (card) {
            if (v.state() != VisitState.SETTLED || !receipt.cardUpdated() || receipt.lines().size() != ITEMS) {
                throw new IllegalStateException("visit " + v.mdtrtId() + " ended " + v.state() + " (" + v.reason() + ")");
            }
            return new Sample(total, card.transport().totalNanos(), networkNanos.sum() - network0, store.nanos(),
                    card.transport().count(), store.transactions(), exchanges.sum() - exchanges0);
        }
    }

    private interface Part {
        long nanos(Sample s);
    }

    private static void report(String path, List<Sample> samples) {
        Sample first = samples.get(0);
        System.out.printf(Locale.ROOT, "%s: %d card commands, %d store write transactions, %d HTTPS exchanges per visit%n",
                path, first.cardCommands(), first.storeWrites(), first.exchanges());
        System.out.printf(Locale.ROOT, "  %-8s %8s %8s %8s %8s%n", "", "median", "p99", "mean", "max");
        row("total", samples, Sample::totalNanos);
        row("card", samples, Sample::cardNanos);
        row("network", samples, Sample::networkNanos);
        row("store", samples, Sample::storeNanos);
        row("other", samples, Sample::otherNanos);
    }

    private static void row(String name, List<Sample> samples, Part part) {
        long[] sorted = sorted(samples, part);
        System.out.printf(Locale.ROOT, "  %-8s %8.1f %8.1f %8.1f %8.1f%n", name, percentile(sorted, 50) / 1e6,
                percentile(sorted, 99) / 1e6, Arrays.stream(sorted).average().orElseThrow() / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static double ratio(List<Sample> over, List<Sample> base, Part part, int p) {
        return (double) percentile(sorted(over, part), p) / percentile(sorted(base, part), p);
    }

    private static long[] sorted(List<Sample> samples, Part part) {
        long[] values = samples.stream().mapToLong(part::nanos).toArray();
        Arrays.sort(values);
        return values;
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
