package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.values.Money;

class OutboxTest {
    @TempDir
    Path dir;
    SoftwareSecurityModule module;
    Fixtures.TestClock clock;

    @BeforeEach
    void setUp() {
        module = Fixtures.module();
        clock = new Fixtures.TestClock();
    }

    @Test
    void enqueueIsIdempotentByMsgidAndRefusesReuseWithOtherContent() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox.Enqueued first = store.outbox().enqueue("cashier1", Fixtures.message("M1", "settlement", 1234));
            Outbox.Enqueued again = store.outbox().enqueue("cashier1", Fixtures.message("M1", "settlement", 1234));
            assertFalse(first.duplicate());
            assertTrue(again.duplicate());
            assertEquals(first.entry().id(), again.entry().id());
            assertEquals(1, store.outbox().countsByState().get(OutboxState.QUEUED));
            DuplicateMessageIdException e = assertThrows(DuplicateMessageIdException.class,
                    () -> store.outbox().enqueue("cashier1", Fixtures.message("M1", "settlement", 9999)));
            assertTrue(e.getMessage().contains("never be reused"), e.getMessage());
        }
    }

    @Test
    void afterListsTheNamedCodesAboveAnIdInIdOrderWhateverTheirState() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox o = store.outbox();
            long a1 = o.enqueue("c", Fixtures.message("A1", "a", 1)).entry().id();
            o.enqueue("c", new OutboxMessage("F1", "a", "2204", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    false, null, Money.ZERO));
            o.enqueue("c", Fixtures.message("B1", "b", 1));
            o.enqueue("c", Fixtures.message("A2", "a", 1));
            o.claimNext("b").orElseThrow();
            o.markDone("B1", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(List.of("A1", "B1", "A2"), o.after(0, List.of("2207", "2208"), 10).stream()
                    .map(OutboxEntry::msgid).toList());
            assertEquals(List.of("B1", "A2"), o.after(a1, List.of("2207"), 10).stream().map(OutboxEntry::msgid).toList());
            assertEquals(List.of("B1"), o.after(a1, List.of("2207"), 1).stream().map(OutboxEntry::msgid).toList());
            assertEquals(List.of("F1"), o.after(0, List.of("2204"), 10).stream().map(OutboxEntry::msgid).toList());
        }
    }

    @Test
    void anUnknownIdempotentMessageIsRequeuedAtTheHeadOfItsStream() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox o = store.outbox();
            o.enqueue("c", Fixtures.message("A1", "a", 1));
            o.enqueue("c", Fixtures.message("A2", "a", 1));
            o.claimNext("a").orElseThrow();
            o.markUnknown("A1", "timeout");
            assertThrows(OutboxStateException.class, () -> o.requeueUnknown("forwarder", "A2", "not unknown"));
            o.requeueUnknown("forwarder", "A1", "idempotent: send again");
            OutboxEntry again = o.claimNext("a").orElseThrow();
            assertEquals("A1", again.msgid(), "the requeued message keeps its place before A2");
            assertEquals(2, again.attempts());
        }
    }

    @Test
    void headIsLatchedPerStreamInFifoOrder() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox o = store.outbox();
            o.enqueue("c", Fixtures.message("A1", "a", 1));
            o.enqueue("c", Fixtures.message("B1", "b", 1));
            o.enqueue("c", Fixtures.message("A2", "a", 1));
            OutboxEntry a1 = o.claimNext("a").orElseThrow();
            assertEquals("A1", a1.msgid());
            assertEquals(OutboxState.IN_FLIGHT, a1.state());
            assertEquals(1, a1.attempts());
            assertTrue(o.claimNext("a").isEmpty(), "A2 must wait while A1 is in flight");
            assertEquals("B1", o.claimNext("b").orElseThrow().msgid(), "another stream is independent");
            o.markDone("A1", "{\"infcode\":0}".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("{\"infcode\":0}".getBytes(StandardCharsets.UTF_8), o.find("A1").orElseThrow().response());
            assertEquals("A2", o.claimNext("a").orElseThrow().msgid());
            assertEquals(java.util.Set.of("a", "b"), o.pendingStreams());
        }
    }

    @Test
    void listsByTransactionCodeWithinATimeRangeAndByStream() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox o = store.outbox();
            Instant start = clock.instant();
            o.enqueue("c", Fixtures.message("S1", "visit.1", 100));
            o.enqueue("c", new OutboxMessage("U1", "visit.1", "2204", "{}".getBytes(StandardCharsets.UTF_8), false, null, Money.ZERO));
            clock.advance(Duration.ofHours(1));
            o.enqueue("c", Fixtures.message("S2", "visit.2", 200));
            Instant end = clock.instant().plusMillis(1);
            assertEquals(java.util.List.of("S1", "S2"), o.byInfno("2207", start, end).stream().map(OutboxEntry::msgid).toList());
            assertEquals(java.util.List.of("S1"), o.byInfno("2207", start, start.plus(Duration.ofMinutes(30)))
                    .stream().map(OutboxEntry::msgid).toList());
            assertTrue(o.byInfno("2208", start, end).isEmpty());
            assertEquals(java.util.List.of("S1", "U1"), o.stream("visit.1").stream().map(OutboxEntry::msgid).toList());
        }
    }

    @Test
    void retryBacksOffAndUnknownHoldsTheStreamUntilResolved() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox o = store.outbox();
            o.enqueue("c", Fixtures.message("M1", "s", 100));
            o.enqueue("c", Fixtures.message("M2", "s", 200));
            o.claimNext("s").orElseThrow();
            o.markRetry("M1", "connection refused");
            assertTrue(o.claimNext("s").isEmpty(), "not due before the back-off");
            clock.advance(Duration.ofSeconds(5));
            assertEquals(2, o.claimNext("s").orElseThrow().attempts());
            o.markRetry("M1", "connection refused");
            clock.advance(Duration.ofSeconds(9));
            assertTrue(o.claimNext("s").isEmpty(), "second back-off is 10 s");
            clock.advance(Duration.ofSeconds(1));
            o.claimNext("s").orElseThrow();
            o.markUnknown("M1", "timeout after sending");
            assertTrue(o.claimNext("s").isEmpty(), "an unknown outcome latches the stream");
            assertEquals("M1", o.unknown().get(0).msgid());
            assertThrows(OutboxStateException.class, () -> o.markDone("M1", null));
            o.resolve("supervisor", "M1", "reversed by 2601");
            assertEquals(OutboxState.RESOLVED, o.find("M1").orElseThrow().state());
            assertEquals("reversed by 2601", o.find("M1").orElseThrow().resolution());
            assertEquals("M2", o.claimNext("s").orElseThrow().msgid());
        }
    }

    @Test
    void backoffDoublesUpToTenMinutes() {
        assertEquals(Duration.ofSeconds(5), Outbox.backoff(1));
        assertEquals(Duration.ofSeconds(40), Outbox.backoff(4));
        assertEquals(Duration.ofMinutes(10), Outbox.backoff(12));
        assertEquals(Duration.ofMinutes(10), Outbox.backoff(1000));
    }

    @Test
    void deadMessagesAreKeptAndListedUntilAcknowledged() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox o = store.outbox();
            o.enqueue("c", Fixtures.message("M1", "s", 100));
            o.enqueue("c", Fixtures.message("M2", "s", 100));
            assertThrows(IllegalArgumentException.class, () -> o.markDead("sup", "M1", " "));
            o.markDead("sup", "M1", "refused by the central service: infcode -1 person not insured");
            assertEquals(1, o.dead().size());
            assertEquals("refused by the central service: infcode -1 person not insured", o.dead().get(0).deadReason());
            assertEquals("M2", o.claimNext("s").orElseThrow().msgid(), "a dead message releases its stream");
            o.acknowledgeDead("sup", "M1");
            assertTrue(o.dead().isEmpty());
            assertEquals(OutboxState.DEAD, o.find("M1").orElseThrow().state(), "the row is kept");
            assertThrows(OutboxStateException.class, () -> o.acknowledgeDead("sup", "M2"));
        }
    }

    @Test
    void aRefusalShownToTheOperatorIsFinalAndNotListedAsDead() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox o = store.outbox();
            o.enqueue("c", Fixtures.message("M1", "s", 100));
            o.enqueue("c", Fixtures.message("M2", "s", 100));
            assertThrows(OutboxStateException.class, () -> o.markRefusedShown("c", "M1", "infcode -5: bad data"),
                    "only a message just sent can be refused");
            o.claimNext("s");
            assertThrows(IllegalArgumentException.class, () -> o.markRefusedShown("c", "M1", ""));
            o.markRefusedShown("c", "M1", "infcode -5: bad data");
            OutboxEntry e = o.find("M1").orElseThrow();
            assertEquals(OutboxState.DEAD, e.state());
            assertEquals("infcode -5: bad data", e.deadReason());
            assertEquals("c", e.deadAcknowledgedBy());
            assertTrue(o.dead().isEmpty(), "nothing for the supervisor to do");
            assertEquals("M2", o.claimNext("s").orElseThrow().msgid(), "the refusal releases its stream");
            assertTrue(store.audit().query("auditor", Instant.EPOCH, Instant.parse("2200-01-01T00:00:00Z"), "outbox.refused", 10).stream().anyMatch(a -> a.action().equals("outbox.refused")
                    && a.subject().equals("M1") && a.detail().contains("bad data")));
        }
    }

    @Test
    void inFlightMessagesBecomeUnknownAfterRestart() {
        Path file = dir.resolve("s.db");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            store.outbox().enqueue("c", Fixtures.message("M1", "s", 100));
            store.outbox().claimNext("s").orElseThrow();
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            OutboxEntry e = store.outbox().find("M1").orElseThrow();
            assertEquals(OutboxState.UNKNOWN, e.state());
            assertTrue(e.lastError().contains("outcome must be resolved"));
            assertTrue(store.audit().verify().intact());
        }
    }

    @Test
    void offlineLimitsAreQueryable() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            Outbox o = store.outbox();
            String card = "440106D1560000050102030405060708";
            assertEquals(new OfflineTotals(0, Money.ZERO, null), o.offlineTotals());
            Instant first = clock.instant();
            o.enqueue("p", new OutboxMessage("D1", "offline", "C110", new byte[]{1}, true, card, Money.ofFen(15_000)));
            clock.advance(Duration.ofHours(1));
            o.enqueue("p", new OutboxMessage("D2", "offline", "C110", new byte[]{2}, true, card.toLowerCase(), Money.ofFen(20_000)));
            o.enqueue("p", new OutboxMessage("D3", "offline", "C110", new byte[]{3}, true, "440106D1560000059999999999999999", Money.ofFen(5_000)));
            o.enqueue("p", Fixtures.message("ONLINE", "s", 99_999));
            OfflineTotals t = o.offlineTotals();
            assertEquals(3, t.count());
            assertEquals(Money.ofFen(40_000), t.amount());
            assertEquals(first, t.oldestCreatedAt());
            LocalDate today = LocalDate.ofInstant(clock.instant(), clock.getZone());
            assertEquals(Money.ofFen(35_000), o.cardDailyOfflineAmount(card, today));
            assertEquals(Money.ZERO, o.cardDailyOfflineAmount(card, today.plusDays(1)));
            o.claimNext("offline").orElseThrow();
            o.markDone("D1", null);
            assertEquals(2, o.offlineTotals().count());
            assertEquals(Money.ofFen(35_000), o.cardDailyOfflineAmount(card, today), "a delivered debit still counts for the day");
        }
    }

    @Test
    void payloadIsSealedOnDisk() throws Exception {
        Path file = dir.resolve("s.db");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            store.outbox().enqueue("c", new OutboxMessage("M1", "s", "2207",
                    "psn_name=ZHANGSANFENG".getBytes(StandardCharsets.UTF_8), false, null, Money.ofFen(1)));
        }
        byte[] db = Files.readAllBytes(file);
        byte[] wal = Files.exists(dir.resolve("s.db-wal")) ? Files.readAllBytes(dir.resolve("s.db-wal")) : new byte[0];
        String all = new String(db, StandardCharsets.ISO_8859_1) + new String(wal, StandardCharsets.ISO_8859_1);
        assertFalse(all.contains("ZHANGSANFENG"));
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals("psn_name=ZHANGSANFENG", new String(store.outbox().find("M1").orElseThrow().payload(), StandardCharsets.UTF_8));
            Optional<OutboxEntry> none = store.outbox().find("nope");
            assertTrue(none.isEmpty());
            assertNull(store.outbox().find("M1").orElseThrow().response());
        }
    }

    @Test
    void aMessageQueuedAtTheHeadIsClaimedInTheSameWriteAndOneBehindAPendingMessageWaits() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            long writes = store.writeStatistics().transactions();
            OutboxEntry first = store.outbox().enqueueClaimed("cashier1", Fixtures.message("M1", "visit-1", 100));
            assertEquals(1, store.writeStatistics().transactions() - writes, "queued and claimed in one write");
            assertEquals(OutboxState.IN_FLIGHT, first.state());
            assertEquals(1, first.attempts());

            OutboxEntry second = store.outbox().enqueueClaimed("cashier1", Fixtures.message("M2", "visit-1", 200));
            assertEquals(OutboxState.QUEUED, second.state(), "the stream's order holds");
            assertEquals(0, second.attempts());
            assertEquals("M1", store.outbox().head("visit-1").orElseThrow().msgid());
            assertEquals(2, store.audit().after(0, "outbox.enqueue", 10).size());
            assertEquals(1, store.audit().after(0, "outbox.send", 10).size());
        }
    }
}
