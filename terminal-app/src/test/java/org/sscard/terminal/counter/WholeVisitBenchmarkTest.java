package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MedType;
import org.sscard.store.Catalog;
import org.sscard.store.WriteStatistics;
import org.sscard.terminal.card.PresentedCard;

/**
 * A whole hospital visit with 10 items, from the card presented (PIN entered) to the receipt data, in process:
 * demo cards in jCardSim's terminal, central-sim over loopback HTTPS, the station store on disk. Run with
 * {@code -Dsscard.bench=N} (N ≥ 50 measured visits after 10 warm-ups); prints the median and p99 of the whole visit
 * and the split: card (card-lib's {@code CountingTransport}: time inside transmit), network (an OkHttp interceptor
 * around each exchange, response body read: TLS, the central service's work and loopback), store (every write
 * transaction of the station store, fsync included), other (the rest: signing and verifying messages, JSON, pricing,
 * store reads, audit formatting).
 */
class WholeVisitBenchmarkTest {
    private static final int WARM_UPS = 10;
    private static final int ITEMS = 10;

    @TempDir
    Path dir;

    private final LongAdder networkNanos = new LongAdder();

    private final Interceptor networkTimer = chain -> {
        long start = System.nanoTime();
        try {
            Response response = chain.proceed(chain.request());
            response.peekBody(Long.MAX_VALUE);
            return response;
        } finally {
            networkNanos.add(System.nanoTime() - start);
        }
    };

    private record Sample(long totalNanos, long cardNanos, long networkNanos, long storeNanos, int cardCommands,
                          long storeWrites) {
    }

    @Test
    @EnabledIfSystemProperty(named = "sscard.bench", matches = "[0-9]+")
    void wholeVisit() throws Exception {
        int n = Integer.parseInt(System.getProperty("sscard.bench"));
        assertTrue(n >= 50, "measure at least 50 visits (-Dsscard.bench=50 or more)");
        try (CounterFixture f = new CounterFixture(dir, networkTimer)) {
            f.login("cashier");
            List<CounterItem> items = tenItems(f);
            List<Integer> activeCards = f.cards.cards().stream().filter(c -> c.status() == DemoCard.Status.ACTIVE)
                    .map(DemoCard::number).toList();
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < WARM_UPS + n; i++) {
                Sample s = visit(f, activeCards.get(i % activeCards.size()), items);
                if (i >= WARM_UPS) {
                    samples.add(s);
                }
            }
            report(samples);
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

    private Sample visit(CounterFixture f, int cardNumber, List<CounterItem> items) {
        DemoCard demo = f.insert(cardNumber);
        char[] pin = demo.pin().toCharArray();
        long network0 = networkNanos.sum();
        WriteStatistics store0 = f.store.writeStatistics();
        long start = System.nanoTime();

        PresentedCard card = f.presentation.present(pin);
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生");
        f.counter.uploadAndPreSettle(v, items);
        f.counter.settle(v);
        Receipt receipt = v.receipt();

        long total = System.nanoTime() - start;
        WriteStatistics store = f.store.writeStatistics().minus(store0);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(ITEMS, receipt.items().size());
        assertTrue(receipt.cardUpdated());
        Sample s = new Sample(total, card.transport().totalNanos(), networkNanos.sum() - network0, store.nanos(),
                card.transport().count(), store.transactions());
        card.close();
        return s;
    }

    private static void report(List<Sample> samples) {
        System.out.printf("whole hospital visit (%d items), %d visits after %d warm-ups, in ms:%n", ITEMS,
                samples.size(), WARM_UPS);
        System.out.printf("%-8s %8s %8s %8s %8s%n", "", "median", "p99", "mean", "max");
        row("total", samples.stream().mapToLong(Sample::totalNanos).toArray());
        row("card", samples.stream().mapToLong(Sample::cardNanos).toArray());
        row("network", samples.stream().mapToLong(Sample::networkNanos).toArray());
        row("store", samples.stream().mapToLong(Sample::storeNanos).toArray());
        row("other", samples.stream().mapToLong(s -> s.totalNanos() - s.cardNanos() - s.networkNanos() - s.storeNanos())
                .toArray());
        System.out.printf("per visit: %d card commands, %d store write transactions%n", samples.get(0).cardCommands(),
                samples.get(0).storeWrites());
    }

    private static void row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-8s %8.1f %8.1f %8.1f %8.1f%n", name, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6,
                Arrays.stream(sorted).average().orElseThrow() / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
