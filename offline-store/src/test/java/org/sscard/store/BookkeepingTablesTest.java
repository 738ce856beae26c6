package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The station's bookkeeping tables of schema 13: the msgid block (read-modify-write in one write, the stored block
 * handed to the next taker), the unprinted receipts (rows in queue order, one write each) and the operators' last
 * shift closes (the row and its audit entry in one write).
 */
class BookkeepingTablesTest {
    @TempDir
    Path dir;
    private final SoftwareSecurityModule module = Fixtures.module();
    private final Fixtures.TestClock clock = new Fixtures.TestClock();

    @Test
    void aMsgIdBlockIsTakenInOneWriteAndTheNextTakerSeesIt() {
        Path file = dir.resolve("m.db");
        MsgIdBlocks.Block first = new MsgIdBlocks.Block("H44010600001202503011000000010", "20250301100500");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            MsgIdBlocks blocks = store.msgIdBlocks();
            assertTrue(blocks.current().isEmpty(), "no id issued yet");
            long writes = store.writeStatistics().transactions();
            List<MsgIdBlocks.Block> seen = new ArrayList<>();
            assertEquals(first, blocks.take(stored -> {
                seen.add(stored);
                return first;
            }));
            assertEquals(1, store.writeStatistics().transactions() - writes, "one write for the block");
            assertEquals(Optional.of(first), blocks.current());
            assertEquals(1, store.writeStatistics().transactions() - writes, "reading it writes nothing");
            assertEquals(1, seen.size());
            assertNull(seen.get(0), "the first taker finds none");

            RuntimeException refused = new IllegalStateException("mark file not written");
            assertEquals(refused, assertThrows(IllegalStateException.class, () -> blocks.take(stored -> {
                throw refused;
            })));
            assertEquals(Optional.of(first), blocks.current(), "a failed reservation leaves the block as it was");
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            MsgIdBlocks.Block second = new MsgIdBlocks.Block("H44010600001202503011005010010", "20250301101001");
            assertEquals(second, store.msgIdBlocks().take(stored -> {
                assertEquals(first, stored, "the block survives a restart and is handed to the next taker");
                return second;
            }));
        }
    }

    @Test
    void blocksTakenAtOnceFollowEachOther() throws Exception {
        try (StationStore store = Fixtures.open(dir.resolve("c.db"), module, clock)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<MsgIdBlocks.Block>> taken = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    taken.add(pool.submit(() -> store.msgIdBlocks().take(stored -> {
                        int n = stored == null ? 0 : Integer.parseInt(stored.firstMsgid());
                        return new MsgIdBlocks.Block(Integer.toString(n + 1), "20250301100500");
                    })));
                }
                for (Future<MsgIdBlocks.Block> f : taken) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals("40", store.msgIdBlocks().current().orElseThrow().firstMsgid(),
                    "each taker saw the block before it: none lost");
        }
    }

    @Test
    void unprintedReceiptsAreRowsInQueueOrder() {
        Path file = dir.resolve("r.db");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            UnprintedReceipts receipts = store.unprintedReceipts();
            assertEquals(List.of(), receipts.keys());
            long writes = store.writeStatistics().transactions();
            receipts.queue("ST1");
            clock.advance(Duration.ofSeconds(1));
            receipts.queue("ST2/cancel");
            receipts.queue("ST3");
            assertEquals(3, store.writeStatistics().transactions() - writes, "one write per receipt");
            receipts.queue("ST1");
            assertEquals(List.of("ST1", "ST2/cancel", "ST3"), receipts.keys(), "a waiting receipt keeps its place");
            assertTrue(receipts.remove("ST2/cancel"));
            assertFalse(receipts.remove("ST2/cancel"), "no longer waiting");
            receipts.queue("ST4");
            assertThrows(StoreException.class, () -> receipts.queue(" "));
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(List.of("ST1", "ST3", "ST4"), store.unprintedReceipts().keys(), "the queue survives a restart");
        }
    }

    @Test
    void aShiftCloseIsTheRowAndItsAuditEntryInOneWrite() {
        Path file = dir.resolve("s.db");
        Instant first = Instant.parse("2025-03-01T10:00:00Z");
        Instant second = Instant.parse("2025-03-01T18:30:00.250Z");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            ShiftCloses shifts = store.shiftCloses();
            assertTrue(shifts.last("cashier").isEmpty(), "never closed");
            long seq = store.audit().head().seq();
            long writes = store.writeStatistics().transactions();
            shifts.close("cashier", first);
            assertEquals(1, store.writeStatistics().transactions() - writes, "the row and its entry in one write");
            shifts.close("cashier2", first);
            shifts.close("cashier", second);
            assertEquals(Optional.of(second), shifts.last("cashier"), "the last close replaces the one before");
            assertEquals(Optional.of(first), shifts.last("cashier2"));
            List<AuditEntry> entries = store.audit().after(seq, ShiftCloses.AUDIT_ACTION, 10);
            assertEquals(List.of("cashier", "cashier2", "cashier"), entries.stream().map(AuditEntry::operator).toList());
            assertEquals("at " + second, entries.get(2).detail());
            assertThrows(StoreException.class, () -> shifts.close(" ", first));
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(Optional.of(second), store.shiftCloses().last("cashier"));
        }
    }
}
