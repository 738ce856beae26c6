package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.JobRuns.Job;
import org.sscard.store.StationCounters.Counter;

/**
 * The tables of schema 14: the ledger position (cursors move forward only, except falling back to the ledger's or a
 * rewind; the catalogue version with its publication), the station's counters (read-modify-write in one write, no
 * value taken twice) and the scheduled jobs' last runs.
 */
class StationPositionTablesTest {
    @TempDir
    Path dir;
    private final SoftwareSecurityModule module = Fixtures.module();
    private final Fixtures.TestClock clock = new Fixtures.TestClock();

    @Test
    void theLedgerCursorsMoveForwardOnlyExceptBackToTheLedgersOrARewind() {
        Path file = dir.resolve("l.db");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            LedgerPosition position = store.ledgerPosition();
            assertEquals(new LedgerPosition.Position(0, 0, 0, null), position.current(), "all zero before a pass");
            long writes = store.writeStatistics().transactions();
            assertEquals(40, position.advanceOutbox(40));
            assertEquals(1, store.writeStatistics().transactions() - writes, "one write");
            assertEquals(40, position.advanceOutbox(12), "an older cursor does not move it back");
            assertEquals(7, position.advanceAudit(7));
            assertEquals(7, position.advanceAudit(3));
            assertEquals(new LedgerPosition.Position(40, 7, 0, null), position.current());

            writes = store.writeStatistics().transactions();
            assertEquals(new LedgerPosition.Position(30, 7, 0, null), position.fallBackTo(30, 9),
                    "each cursor falls back only where the ledger holds less");
            assertEquals(1, store.writeStatistics().transactions() - writes, "both cursors in one write");

            position.holdCatalog(5, "PUB-5");
            assertEquals(new LedgerPosition.Position(30, 7, 5, "PUB-5"), position.current());
            position.rewindCursors();
            assertEquals(new LedgerPosition.Position(0, 0, 5, "PUB-5"), position.current(),
                    "a rewind leaves the catalogue");
            position.holdCatalog(0, null);
            position.advanceOutbox(2);
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(new LedgerPosition.Position(2, 0, 0, null), store.ledgerPosition().current(), "kept");
        }
    }

    @Test
    void aCounterIsTakenInOneWriteAndNoValueTwice() throws Exception {
        Path file = dir.resolve("c.db");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            StationCounters counters = store.counters();
            assertEquals(0, counters.value(Counter.CARD_NO), "unset reads 0");
            long writes = store.writeStatistics().transactions();
            assertEquals(1, counters.update(Counter.CARD_NO, last -> last + 1));
            assertEquals(1, store.writeStatistics().transactions() - writes, "one write");
            assertEquals(0, counters.value(Counter.OFFLINE_TERM), "each counter on its own");
            RuntimeException refused = new IllegalStateException("used up");
            assertEquals(refused, assertThrows(IllegalStateException.class, () -> counters.update(Counter.CARD_NO, last -> {
                throw refused;
            })));
            assertEquals(1, counters.value(Counter.CARD_NO), "a failed update leaves it");

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> taken = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    taken.add(pool.submit(() -> counters.update(Counter.CARD_NO, last -> last + 1)));
                }
                List<Long> values = new ArrayList<>();
                for (Future<Long> f : taken) {
                    values.add(f.get());
                }
                assertEquals(40, values.stream().distinct().count(), "no value taken twice");
                assertEquals(41, counters.value(Counter.CARD_NO));
            } finally {
                pool.shutdownNow();
            }
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(41, store.counters().value(Counter.CARD_NO), "kept");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.executeUpdate(
                    "INSERT INTO station_counter (name, value) VALUES ('OTHER', 1)"), "the names are a closed set");
        }
    }

    @Test
    void aJobsLastRunReplacesTheOneBefore() {
        Path file = dir.resolve("j.db");
        Instant first = Instant.ofEpochMilli(1_740_794_400_123L);
        try (StationStore store = Fixtures.open(file, module, clock)) {
            JobRuns runs = store.jobRuns();
            assertTrue(runs.last(Job.CATALOG_SYNC).isEmpty(), "never ran");
            runs.record(Job.CATALOG_SYNC, new JobRuns.Run(first, null));
            runs.record(Job.BACKUP_VERIFIED, new JobRuns.Run(first, "station-1.bak"));
            runs.record(Job.BACKUP_VERIFIED, new JobRuns.Run(first.plusSeconds(60), "station-2.bak"));
            assertEquals(Optional.of(new JobRuns.Run(first, null)), runs.last(Job.CATALOG_SYNC));
            assertTrue(runs.last(Job.BLACKLIST_SYNC).isEmpty(), "each job on its own");
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(Optional.of(new JobRuns.Run(first.plusSeconds(60), "station-2.bak")),
                    store.jobRuns().last(Job.BACKUP_VERIFIED));
        }
    }
}
