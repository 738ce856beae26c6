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
import org.sscard.card.CardRemovedException;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.DebitOutcomeUnknownException;
import org.sscard.card.transport.CardTransport;
import org.sscard.card.transport.CardTransports;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.CardService;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.FullDisk;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.counter.Records;
import org.sscard.terminal.forward.ForwardReport;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineRefusal;
import org.sscard.terminal.offline.OfflineRefusedException;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.sync.Sync;
import org.sscard.values.Money;

/** Pharmacy offline debits with simulated cards, forwarded to central-sim when the link is back. */
class OfflineDebitEndToEndTest {
    @TempDir
    Path dir;
    LiveCentral live;
    DemoCard demo;
    LiveCentral.Slot slot;

    @BeforeEach
    void start() throws Exception {
        live = new LiveCentral(dir);
        new Sync(live.link, live.station.store, live.authorizer, live.station.clock).blacklist(Sync.SYSTEM);
        demo = live.cards.card(1);
        slot = LiveCentral.issue(demo);
        live.login("pharm1");
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private OfflineSale sale(OfflineLimits limits) {
        return new OfflineSale(live.station.config, live.station.store, live.link,
                new OfflinePolicy(limits, live.station.store, live.station.clock), live.authorizer, live.station.clock);
    }

    private OfflineSale sale() {
        return sale(OfflineLimits.DEFAULTS);
    }

    private CardSession session(CardTransport transport) {
        return new CardSession(transport, live.station.module);
    }

    private OfflineSale.Receipt pay(OfflineSale sale, long fen) {
        return sale.debit(session(slot.transport()), demo.pin().toCharArray(), Money.ofFen(fen));
    }

    private List<OutboxEntry> queued() {
        return live.station.store.outbox().pendingStreams().contains(OfflineSale.STREAM)
                ? List.of(live.station.store.outbox().head(OfflineSale.STREAM).orElseThrow()) : List.of();
    }

    private List<OfflineDebitResult> results(String msgid) {
        byte[] response = live.station.store.outbox().find(msgid).orElseThrow().response();
        return MessageCodec.readResponse(response, Transaction.OFFLINE_DEBITS).output().result().stream()
                .map(CardService.OfflineDebitRow::rslt).toList();
    }

    @Test
    void linkDownDebitsQueuedThenForwardedInOrderAndAcceptedOnceWithTheTacVerified() throws Exception {
        live.linkDown();
        OfflineSale sale = sale();
        long before = demo.insurance().balanceFen();
        OfflineSale.Receipt first = pay(sale, 1_250);
        OfflineSale.Receipt second = pay(sale, 830);
        assertEquals(before - 1_250, first.balanceAfter().fen());
        assertEquals(before - 2_080, second.balanceAfter().fen());
        assertTrue(first.mac2Verified());
        assertEquals(first.termSeq() + 1, second.termSeq());
        assertEquals(1, queued().size(), "the stream head is the first debit");
        assertTrue(sale.pending().isEmpty(), "nothing left in the journal");

        ForwardReport down = new Forwarder(live.link, live.station.store).runOnce();
        assertTrue(down.stoppedReason() != null, "link down: " + down);

        live.station.clock.advance(Duration.ofMinutes(30));
        live.linkUp();
        ForwardReport up = new Forwarder(live.link, live.station.store).runOnce();
        assertEquals(2, up.delivered(), up.toString());
        assertEquals(List.of(OfflineDebitResult.ACCEPTED), results(first.msgid()), "TAC verified by the central");
        assertEquals(List.of(OfflineDebitResult.ACCEPTED), results(second.msgid()));
        assertEquals(0, new Forwarder(live.link, live.station.store).runOnce().sent(), "nothing sent twice");
    }

    @Test
    void aDiskThatFillsUpAfterTheDebitNeverAsksForItAgainAndItsC110IsQueuedOnceSpaceReturns() throws Exception {
        live.linkDown();
        OfflineSale sale = sale();
        long before = demo.insurance().balanceFen();
        Path storeFile = live.station.config.storeFile();
        FullDisk.at(storeFile, what -> what.startsWith("queue the C110 of debit"), 1);
        OfflineSale.Receipt debited;
        try {
            debited = pay(sale, 1_250);
            assertEquals(Records.IN_RESERVE, debited.records());
            assertEquals(before - 1_250, debited.balanceAfter().fen());
            String advice = debited.advice().english();
            assertTrue(advice.contains("The card is debited") && advice.contains("Do not debit this sale again"), advice);
            assertTrue(advice.contains("recovery reserve"), advice);
            assertTrue(!advice.toLowerCase(java.util.Locale.ROOT).contains("repeat"), advice);
            assertTrue(queued().isEmpty(), "the C110 waits in the reserve");
        } finally {
            FullDisk.spaceFreed(storeFile);
        }
        assertTrue(live.station.store.recovery().catchUp());
        assertEquals(debited.msgid(), queued().get(0).msgid(), "the C110 entered once space is back");

        OfflineSale.Receipt next = pay(sale, 100);
        assertEquals(before - 1_350, next.balanceAfter().fen(), "the first debit counted once on the card");
        assertTrue(sale.pending().isEmpty(), "the journal entry left behind was recognised as queued");
        live.station.clock.advance(Duration.ofMinutes(30));
        live.linkUp();
        ForwardReport up = new Forwarder(live.link, live.station.store).runOnce();
        assertEquals(2, up.delivered(), up.toString());
        assertEquals(List.of(OfflineDebitResult.ACCEPTED), results(debited.msgid()));
        assertEquals(List.of(OfflineDebitResult.ACCEPTED), results(next.msgid()));
    }

    @Test
    void eachLimitRefusesAndNothingIsDoneToTheCard() {
        assertRefused(sale(), 20_001, OfflineRefusal.OVER_TRANSACTION_LIMIT);
        assertRefused(sale(), 0, OfflineRefusal.AMOUNT_NOT_POSITIVE);
        pay(sale(), 20_000);
        pay(sale(), 20_000);
        assertRefused(sale(), 10_001, OfflineRefusal.OVER_CARD_DAILY_LIMIT);
        OfflineLimits d = OfflineLimits.DEFAULTS;
        assertRefused(sale(new OfflineLimits(d.perTransaction(), d.perCardPerDay(), d.queuedAmount(), 2,
                d.maxQueuedAge(), d.blacklistMaxAge())), 100, OfflineRefusal.QUEUE_RECORDS_FULL);
        assertRefused(sale(new OfflineLimits(d.perTransaction(), d.perCardPerDay(), Money.ofFen(40_099), d.queuedRecords(),
                d.maxQueuedAge(), d.blacklistMaxAge())), 100, OfflineRefusal.QUEUE_AMOUNT_FULL);
        assertRefused(sale(new OfflineLimits(d.perTransaction(), d.perCardPerDay(), d.queuedAmount(),
                d.queuedRecords(), Duration.ofMinutes(10), Duration.ofDays(3))), 100, null);
        live.station.clock.advance(Duration.ofMinutes(11));
        assertRefused(sale(new OfflineLimits(d.perTransaction(), d.perCardPerDay(), d.queuedAmount(),
                d.queuedRecords(), Duration.ofMinutes(10), Duration.ofDays(3))), 100, OfflineRefusal.QUEUE_TOO_OLD);
        live.station.clock.advance(Duration.ofHours(24));
        live.login("pharm1");
        assertRefused(sale(), 100, OfflineRefusal.BLACKLIST_STALE);
    }

    private void assertRefused(OfflineSale sale, long fen, OfflineRefusal expected) {
        if (expected == null) {
            pay(sale, fen);
            return;
        }
        int queuedBefore = count();
        OfflineRefusedException e = assertThrows(OfflineRefusedException.class, () -> pay(sale, fen));
        assertEquals(expected, e.decision().reason(), e.getMessage());
        assertEquals(queuedBefore, count());
    }

    private int count() {
        return live.station.store.outbox().offlineTotals().count() > Integer.MAX_VALUE ? -1
                : (int) live.station.store.outbox().offlineTotals().count();
    }

    @Test
    void aLostCardIsRefusedOffline() {
        DemoCard lost = live.cards.cards().stream().filter(c -> c.status() == DemoCard.Status.LOST).findFirst().orElseThrow();
        LiveCentral.Slot lostSlot = LiveCentral.issue(lost);
        OfflineRefusedException e = assertThrows(OfflineRefusedException.class,
                () -> sale().debit(session(lostSlot.transport()), lost.pin().toCharArray(), Money.ofFen(100)));
        assertEquals(OfflineRefusal.CARD_BLACKLISTED, e.decision().reason());
        assertEquals(0, count());
    }

    /** Passes DEBIT to the card, then loses the answer as a pulled card does. */
    private CardTransport pulledAfterDebit(boolean cardGetsTheCommand) {
        CardTransport raw = new CardTransport() {
            @Override
            public byte[] transmit(byte[] command) {
                if ((command[1] & 0xFF) == 0x54) {
                    if (cardGetsTheCommand) {
                        slot.raw.transmit(command);
                    }
                    slot.raw.remove();
                    throw new CardRemovedException();
                }
                return slot.raw.transmit(command);
            }

            @Override
            public void close() {
            }
        };
        return CardTransports.standard(raw);
    }

    @Test
    void aCardPulledMidDebitIsRecoveredFromItsRecordsAfterARestartAndForwardedOnce() throws Exception {
        live.linkDown();
        OfflineSale sale = sale();
        DebitOutcomeUnknownException e = assertThrows(DebitOutcomeUnknownException.class,
                () -> sale.debit(session(pulledAfterDebit(true)), demo.pin().toCharArray(), Money.ofFen(990)));
        assertTrue(e.getMessage().contains("insert the card again"), e.getMessage());
        assertEquals(1, sale.pending().size());
        String recovered = sale.pending().get(0).msgid();
        assertEquals(0, count());

        // The station process starts again: new objects over the same store file.
        live.station.reopenStore();
        live.newSessions();
        live.link = live.station.link();
        live.login("pharm1");
        OfflineSale restarted = sale();
        assertEquals("UNKNOWN", restarted.pending().get(0).state());
        slot.raw.insert();
        OfflineSale.Receipt next = pay(restarted, 100);
        assertTrue(restarted.pending().isEmpty());
        assertEquals(2, count(), "the recovered debit and the new one");
        assertEquals(demo.insurance().balanceFen() - 1_090, next.balanceAfter().fen());

        live.linkUp();
        ForwardReport r = new Forwarder(live.link, live.station.store).runOnce();
        assertEquals(2, r.delivered(), r.toString());
        assertEquals(List.of(OfflineDebitResult.ACCEPTED), results(recovered));
        assertEquals(0, new Forwarder(live.link, live.station.store).runOnce().sent());
    }

    @Test
    void aCardPulledBeforeTheDebitReachedItIsNotCharged() {
        OfflineSale sale = sale();
        assertThrows(DebitOutcomeUnknownException.class,
                () -> sale.debit(session(pulledAfterDebit(false)), demo.pin().toCharArray(), Money.ofFen(990)));
        slot.raw.insert();
        OfflineSale.Receipt next = pay(sale, 100);
        assertEquals(demo.insurance().balanceFen() - 100, next.balanceAfter().fen());
        assertEquals(1, count(), "only the new debit is queued");
        assertTrue(sale.pending().isEmpty());
    }
}
