package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;

class RecoveryTest {
    @TempDir
    Path dir;
    final SoftwareSecurityModule module = Fixtures.module();
    final Fixtures.TestClock clock = new Fixtures.TestClock();
    static final byte[] ANSWER = "{\"infcode\":0,\"output\":{\"setlinfo\":{\"setl_id\":\"S1\"}}}".getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void freeSpace() {
        FullDisk.spaceFreed(dir.resolve("s.db"));
    }

    private StationStore inFlight(Path file) {
        StationStore store = Fixtures.open(file, module, clock);
        store.outbox().enqueue("c", Fixtures.message("M1", "visit.1", 100));
        store.outbox().claimNext("visit.1").orElseThrow();
        return store;
    }

    @Test
    void theReserveIsMadeAtFullSizeWhenTheStoreOpens() throws Exception {
        Path file = dir.resolve("s.db");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            Path reserve = RecoveryReserve.fileFor(file);
            assertEquals((long) RecoveryReserve.SLOTS * RecoveryReserve.SLOT_BYTES, Files.size(reserve));
            assertFalse(store.recovery().behind());
        }
    }

    @Test
    void aFullDiskIsSQLitesOwnErrorAndAnAnswerIsKeptInTheReserveUntilTheNextWrite() {
        Path file = dir.resolve("s.db");
        try (StationStore store = inFlight(file)) {
            FullDisk.after(file, 0);
            StoreFullException full = assertThrows(StoreFullException.class, () -> store.outbox().markDone("M1", ANSWER));
            assertTrue(String.valueOf(full.getCause().getMessage()).contains("SQLITE_FULL"), full.getCause().getMessage());
            assertEquals(Recovery.Recorded.RESERVED, store.recovery().record("answer of M1",
                    new RecoveryOp.Done("M1", ANSWER), new RecoveryOp.Audit("c", "visit.settled", "1", "setl_id=S1")));
            assertTrue(store.recovery().behind());
            assertEquals(OutboxState.IN_FLIGHT, store.outbox().find("M1").orElseThrow().state(), "not yet in the database");
            assertThrows(StoreFullException.class, () -> store.audit().record("c", "other", "x", ""),
                    "other writes wait for the records first, and the disk is still full");

            FullDisk.spaceFreed(file);
            store.audit().record("c", "next.operation", "x", "");
            OutboxEntry m = store.outbox().find("M1").orElseThrow();
            assertEquals(OutboxState.DONE, m.state());
            assertArrayEquals(ANSWER, m.response());
            assertFalse(store.recovery().behind());
            assertTrue(store.audit().verify().intact());
            assertTrue(store.audit().query("c", java.time.Instant.EPOCH, clock.instant().plusSeconds(60), "visit.settled", 10)
                    .get(0).detail().contains("recorded late"));
        }
    }

    @Test
    void aRestartEntersTheRecordsBeforeMessagesInFlightBecomeUnknownAndOnlyOnce() throws Exception {
        Path file = dir.resolve("s.db");
        StationStore store = inFlight(file);
        FullDisk.after(file, 0);
        store.recovery().record("answer of M1", new RecoveryOp.Done("M1", ANSWER));
        store.close();
        StoreFullException stillFull = assertThrows(StoreFullException.class, () -> Fixtures.open(file, module, clock));
        assertTrue(stillFull.getMessage().contains("recovery reserve"), stillFull.getMessage());
        assertTrue(stillFull.getMessage().contains("Do not repeat"), stillFull.getMessage());

        long seq = RecoveryReserve.open(file).read().get(0).seq();
        FullDisk.spaceFreed(file);
        try (StationStore reopened = Fixtures.open(file, module, clock)) {
            assertEquals(OutboxState.DONE, reopened.outbox().find("M1").orElseThrow().state(),
                    "answered, not turned into an unknown outcome");
            assertEquals(seq, reopened.counters().value(StationCounters.Counter.RECOVERY_APPLIED),
                    "the record counted as entered");
            assertTrue(reopened.outbox().unknown().isEmpty());
            assertTrue(RecoveryReserve.open(file).read().isEmpty(), "the slot is cleared");
        }
        try (StationStore again = Fixtures.open(file, module, clock)) {
            assertEquals(1, audit(again, "recovery.replay"), "the record is entered once");
        }
    }

    @Test
    void aChangeTheStoreHasOvertakenIsSkippedAndAudited() {
        Path file = dir.resolve("s.db");
        try (StationStore store = inFlight(file)) {
            FullDisk.after(file, 0);
            store.recovery().record("answer of M1 and of a message not stored",
                    new RecoveryOp.Done("M1", ANSWER), new RecoveryOp.Done("NOT-STORED", ANSWER));
            FullDisk.spaceFreed(file);
            assertTrue(store.recovery().catchUp());
            assertEquals(OutboxState.DONE, store.outbox().find("M1").orElseThrow().state());
            assertEquals(1, audit(store, "recovery.skip"));
        }
    }

    @Test
    void whenNeitherTheDatabaseNorTheReserveCanTakeItTheCallerIsTold() throws Exception {
        Path file = dir.resolve("s.db");
        try (StationStore store = inFlight(file)) {
            FullDisk.after(file, 0);
            for (int i = 0; i < RecoveryReserve.SLOTS; i++) {
                store.recovery().record("audit " + i, new RecoveryOp.Audit("c", "a", "s", "d"));
            }
            RecoveryException e = assertThrows(RecoveryException.class,
                    () -> store.recovery().record("answer of M1", new RecoveryOp.Done("M1", ANSWER)));
            assertTrue(e.getMessage().contains("answer of M1"), e.getMessage());
        }
    }

    private long audit(StationStore store, String action) {
        return store.audit().query("c", java.time.Instant.EPOCH, clock.instant().plusSeconds(60), action, 100).stream()
                .filter(e -> e.action().equals(action)).count();
    }
}
