package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.store.Catalog;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.sync.Sync;
import org.sscard.terminal.sync.SyncException;
import org.sscard.terminal.sync.SyncResult;

/** Catalog (1312) and blacklist (C108) downloads from central-sim, on demand and on the clock. */
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
    void theCatalogArrivesInPagesAndTheNextRunAsksOnlyForNewerRows() {
        Sync sync = new Sync(live.link, live.station.store, live.authorizer, live.station.clock, 100);
        assertThrows(AccessDeniedException.class, sync::catalog, "nobody logged in");
        live.login("pharm1");
        SyncResult first = sync.catalog();
        assertEquals(340, first.rows());
        assertEquals(4, first.requests());
        Catalog.Status status = live.station.store.catalog().status();
        assertEquals(340, status.nationalItems());
        assertEquals(first.through(), status.updatedThrough());
        Catalog.NationalItem any = live.station.store.catalog().searchNational("阿莫西林", 1).get(0);
        assertTrue(any.selfpayRatio().scale() >= 2, any.toString());
        SyncResult second = sync.catalog();
        assertEquals(0, second.rows());
        assertEquals(1, second.requests());
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
