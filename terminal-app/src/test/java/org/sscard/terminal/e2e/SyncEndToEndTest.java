package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.CatalogGenerator;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.PriceCapQuery;
import org.sscard.protocol.Ratio;
import org.sscard.store.Catalog;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.sync.Sync;
import org.sscard.terminal.sync.SyncException;
import org.sscard.terminal.sync.SyncResult;
import org.sscard.values.Money;

/** Catalog (1312, 1318, 1319) and blacklist (C108) downloads from central-sim, on demand and on the clock. */
class SyncEndToEndTest {
    @TempDir
    Path dir;
    LiveCentral live;

    @BeforeEach
    void start() throws Exception {
        live = new LiveCentral(dir);
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void theCatalogArrivesInPagesWithTheCapsAndRatiosTheCentralAppliesAndTheNextRunAsksOnlyForNewerRows() {
        Sync sync = new Sync(live.link, live.station.store, live.authorizer, live.station.clock, 100);
        assertThrows(AccessDeniedException.class, sync::catalog, "nobody logged in");
        live.login("pharm1");
        SyncResult first = sync.catalog();
        List<CatalogGenerator.Entry> entries = CatalogGenerator.entries();
        long capped = entries.stream().filter(e -> e.capFen() != null).count();
        assertEquals(List.of("1312", "1318", "1319"), first.parts().stream().map(SyncResult.Part::infno).toList());
        assertEquals(List.of(entries.size(), (int) capped, entries.size()),
                first.parts().stream().map(SyncResult.Part::rows).toList());
        assertEquals(4, first.parts().get(0).requests());
        Catalog.Status status = live.station.store.catalog().status();
        assertEquals(340, status.nationalItems());
        assertEquals(first.through(), status.updatedThrough());
        assertEquals("2025-01-02", first.through(), "every row of 2025-01-01 is in, and a change now is dated later");
        for (CatalogGenerator.Entry e : entries) {
            Catalog.NationalItem item = live.station.store.catalog().national(e.code()).orElseThrow();
            assertEquals(e.capFen() == null ? null : Money.ofFen(e.capFen()), item.priceCap(), e.code());
            assertEquals(0, BigDecimal.valueOf(e.selfpayBp(), 4).compareTo(item.selfpayRatio()), e.code());
            assertTrue(item.selfpayRatio().scale() >= 2, item.toString());
        }
        SyncResult second = sync.catalog();
        assertEquals(0, second.rows());
        assertEquals(3, second.requests(), "one empty page of each");
    }

    @Test
    void aChangedCapAWithdrawnCapAndAChangedRatioArriveWithTheNextRun() {
        Sync sync = new Sync(live.link, live.station.store, live.authorizer, live.station.clock, 100);
        sync.catalog(Sync.SYSTEM);
        List<CatalogGenerator.Entry> capped = CatalogGenerator.entries().stream().filter(e -> e.capFen() != null
                && e.selfpayBp() > 0 && e.selfpayBp() < 10_000).toList();
        String withdrawn = capped.get(0).code();
        String lowered = capped.get(1).code();
        live.central.changePriceCap(withdrawn, null);
        live.central.changePriceCap(lowered, Money.parse("4.56"));
        live.central.changeSelfpayRatio(lowered, Ratio.ofBasisPoints(1_250));
        live.station.clock.advance(Duration.ofDays(1));
        SyncResult next = sync.catalog(Sync.SYSTEM);
        assertEquals(List.of(0, 3, 2), next.parts().stream().map(SyncResult.Part::rows).toList(),
                "1318: two caps ended and one begun; 1319: one ratio ended and one begun");
        Catalog catalog = live.station.store.catalog();
        assertNull(catalog.national(withdrawn).orElseThrow().priceCap(), "a cap with vali_flag 0 is no cap");
        assertEquals(Money.parse("4.56"), catalog.national(lowered).orElseThrow().priceCap());
        assertEquals(new BigDecimal("0.125"), catalog.national(lowered).orElseThrow().selfpayRatio());
    }

    @Test
    void aRunStoppedMidWayGoesOnFromThePageItDidNotStoreAndSkipsNothing() {
        Sync sync = new Sync(live.link, live.station.store, live.authorizer, live.station.clock, 100);
        AtomicInteger capPages = new AtomicInteger();
        live.link.addOutcomeListener(outcome -> {
            if (outcome instanceof LinkOutcome.Answered<?> a && a.output() instanceof PriceCapQuery.Output
                    && capPages.incrementAndGet() == 1) {
                live.central.faults().arm(Fault.parse("1318:close-before:1"));
            }
        });
        SyncException e = assertThrows(SyncException.class, () -> sync.catalog(Sync.SYSTEM));
        assertTrue(e.getMessage().contains("1318"), e.getMessage());
        Catalog.Download stopped = live.station.store.catalog().download("1318").orElseThrow();
        assertEquals(2, stopped.nextPage(), "the first page is stored, the second is next");
        assertEquals(Sync.CATALOG_START, stopped.updtTime());
        String onFirstPage = CatalogGenerator.entries().stream().filter(x -> x.capFen() != null).map(
                CatalogGenerator.Entry::code).sorted().findFirst().orElseThrow();
        live.central.changePriceCap(onFirstPage, Money.parse("7.77"));

        SyncResult resumed = sync.catalog(Sync.SYSTEM);
        long capped = CatalogGenerator.entries().stream().filter(x -> x.capFen() != null).count();
        assertEquals(capped - 100 + 1, resumed.parts().get(1).rows(),
                "the pages not stored, then the new cap; the ended one keeps its place on the stored first page");
        assertEquals(capped, countCapped(live.station.store.catalog()), "every cap, none skipped");
        assertEquals(1, live.station.store.catalog().download("1318").orElseThrow().nextPage());

        SyncResult after = sync.catalog(Sync.SYSTEM);
        assertEquals(2, after.parts().get(1).rows(), "the next run asks from the day of the change: both records");
        assertEquals(Money.parse("7.77"), live.station.store.catalog().national(onFirstPage).orElseThrow().priceCap());
    }

    private static long countCapped(Catalog catalog) {
        return catalog.searchNational("", 1000).stream().filter(i -> i.priceCap() != null).count();
    }

    @Test
    void theBlacklistIsIncrementalAndScheduledRunsFollowTheClock() {
        Sync sync = new Sync(live.link, live.station.store, live.authorizer, live.station.clock);
        List<SyncResult> ran = sync.runDue(Duration.ofHours(1), Duration.ofDays(1));
        assertEquals(2, ran.size(), "both due at first");
        long version = live.station.store.blacklist().status().version();
        assertTrue(version > 0);
        DemoCard lost = live.cards.cards().stream().filter(c -> c.status() == DemoCard.Status.LOST).findFirst().orElseThrow();
        assertTrue(live.station.store.blacklist().find(lost.identification()).isPresent());
        assertTrue(live.station.store.blacklist().status().freshAt(live.station.clock.instant(), Duration.ofHours(24)));

        assertEquals(List.of(), sync.runDue(Duration.ofHours(1), Duration.ofDays(1)), "nothing due yet");
        live.station.clock.advance(Duration.ofMinutes(61));
        List<SyncResult> hourly = sync.runDue(Duration.ofHours(1), Duration.ofDays(1));
        assertEquals(1, hourly.size());
        assertEquals("blacklist", hourly.get(0).kind());
        assertEquals(version, hourly.get(0).fromVersion());
        assertEquals(0, hourly.get(0).rows(), "nothing changed since");

        live.linkDown();
        live.station.clock.advance(Duration.ofMinutes(61));
        assertEquals(List.of(), sync.runDue(Duration.ofHours(1), Duration.ofDays(1)), "a failed run is logged, not thrown");
        live.login("pharm1");
        SyncException e = assertThrows(SyncException.class, sync::blacklist);
        assertTrue(e.getMessage().contains("run the sync again"), e.getMessage());
    }
}
