package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.CardService;
import org.sscard.protocol.Transaction;
import org.sscard.store.AuditEntry;
import org.sscard.store.Catalog;
import org.sscard.store.FullDisk;
import org.sscard.store.ItemClass;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.StoreFullException;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.forward.ForwardReport;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.DeferredSettlement;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.DeferredVisitException;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineRefusal;
import org.sscard.terminal.offline.OfflineRefusedException;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.sync.Sync;
import org.sscard.values.Money;

/**
 * Hospital deferred settlement against an in-process central-sim: a visit taken while the link is down (the station
 * saw a sign-in fail with the connection closed), then link back → forwarder → the chain 1101 → 2201 → 2204 → 2206 →
 * 2207 replayed → one settlement at the central service, the fund share due back to the patient, 3201 balanced.
 */
class DeferredVisitEndToEndTest {
    private static final Opter SUPERVISOR = new Opter("supervisor", "钱主管");

    @TempDir
    Path dir;
    CounterFixture f;
    ShapedAnswers answers;
    LinkMonitor monitor;

    @BeforeEach
    void setUp() throws Exception {
        answers = new ShapedAnswers(dir.resolve("central"));
        f = new CounterFixture(dir, answers);
        new Sync(f.link, f.store, f.authorizer, f.clock).blacklist(SUPERVISOR);
        monitor = LinkMonitor.of(f.link);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aVisitTakenOfflineIsSettledOnceWhenTheLinkReturnsAndItsFundShareIsRefunded() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(1);
        int centralBefore = f.centralMessages();
        DeferredReceipt receipt = take(demo, deferred(OfflineLimits.DEFAULTS));

        assertTrue(receipt.ref().matches("DF\\d{18}"), receipt.ref());
        assertEquals(receipt.total(), receipt.paidCash(), "the patient pays the whole total");
        assertEquals(receipt.items().stream().map(DeferredVisit.Item::amount).reduce(Money.ZERO, Money::plus), receipt.total());
        assertTrue(receipt.note().contains("fund share to be settled later"));
        assertEquals(centralBefore, f.centralMessages(), "nothing reached the central service while offline");
        DeferredVisit queued = only(deferred(OfflineLimits.DEFAULTS).list());
        assertEquals(DeferredState.QUEUED, queued.state());
        assertEquals(demo.cardNumber().value(), queued.cardNo());
        assertTrue(f.store.audit().verify().intact());

        assertEquals(LinkState.ONLINE, monitor.probeNow());
        new Forwarder(f.link, f.store).runOnce();

        DeferredVisit settled = only(deferred(OfflineLimits.DEFAULTS).list());
        assertEquals(DeferredState.SETTLED, settled.state(), String.valueOf(settled.reason()));
        assertNotNull(settled.setlId());
        assertEquals(1, f.centralSettlements(settled.mdtrtId()), "exactly one settlement at the central service");
        SettledRecords.Record record = f.counter.records().findSettlement(settled.setlId()).orElseThrow();
        assertEquals(receipt.total(), record.medfee());
        assertEquals(0, record.acct().fen(), "card not present: no personal account");
        assertTrue(record.fund().fen() > 0, "the items exceed the deductible, so the fund pays a share");
        assertEquals(record.fund(), settled.refundDue(), "refund due = fund_pay_sumamt");
        assertEquals(record.medfee().fen(), record.fund().fen() + record.cash().fen());
        assertTrue(f.store.outbox().pendingStreams().isEmpty());

        new Forwarder(f.link, f.store).runOnce();
        assertEquals(1, f.centralSettlements(settled.mdtrtId()), "a second pass settles nothing again");
        assertEquals(5, f.store.outbox().stream(DeferredSettlement.streamOf(settled.ref())).size(), "one message per step");

        DeferredVisit paid = deferred(OfflineLimits.DEFAULTS).refundPaid(settled.ref());
        assertEquals(DeferredState.REFUND_PAID, paid.state());
        assertEquals("cashier", paid.refundPaidBy());
        assertThrows(DeferredVisitException.class, () -> deferred(OfflineLimits.DEFAULTS).refundPaid(settled.ref()));
        f.login("pharmacist");
        assertThrows(AccessDeniedException.class, () -> deferred(OfflineLimits.DEFAULTS).list());

        assertBalanced();
    }

    @Test
    void aDiskThatFillsUpAsTheForwardersSettlementIsAnsweredNeitherLosesNorReversesIt() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(1);
        take(demo, deferred(OfflineLimits.DEFAULTS));
        monitor.probeNow();
        Path storeFile = f.config.storeFile();
        // the chain's outcomes are recorded in order 1101, 2201, 2204, 2206, 2207: the disk fills at the 2207's
        FullDisk.at(storeFile, what -> what.startsWith("record the outcome of message"), 5);
        try {
            ForwardReport full = new Forwarder(f.link, f.store).runOnce();
            assertNotNull(full.stoppedReason());
            assertTrue(full.stoppedReason().contains("recovery reserve"), full.stoppedReason());
            assertTrue(f.store.recovery().behind());
            StoreFullException stillFull = assertThrows(StoreFullException.class, f::restartStation);
            assertTrue(stillFull.getMessage().contains("recovery reserve"), stillFull.getMessage());
        } finally {
            FullDisk.spaceFreed(storeFile);
        }
        f.restartStation();
        assertTrue(f.store.outbox().unknown().isEmpty(), "the answered 2207 is not taken for one in flight");
        new Forwarder(f.link, f.store).runOnce();
        f.login("cashier");
        DeferredVisit v = only(deferred(OfflineLimits.DEFAULTS).list());
        assertEquals(DeferredState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(1, f.centralSettlements(v.mdtrtId()), "settled once, never reversed");
        assertEquals(5, f.store.outbox().stream(DeferredSettlement.streamOf(v.ref())).size(), "one message per step");
        assertTrue(f.store.outbox().pendingStreams().isEmpty());
    }

    @Test
    void aLostAnswerDuringTheReplayStillEndsInOneSettlement() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(1);
        take(demo, deferred(OfflineLimits.DEFAULTS));
        monitor.probeNow();
        f.central.faults().arm(Fault.parse("2207:drop-after-commit:1"));

        Forwarder forwarder = new Forwarder(f.link, f.store);
        forwarder.runOnce();
        DeferredVisit v = only(deferred(OfflineLimits.DEFAULTS).list());
        assertEquals(DeferredState.SETTLING, v.state(), "the 2207's answer was lost: outcome unknown");
        assertEquals(1, f.store.outbox().unknown().size());
        forwarder.runOnce();
        forwarder.runOnce();

        v = only(deferred(OfflineLimits.DEFAULTS).list());
        assertEquals(DeferredState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(1, f.centralSettlements(v.mdtrtId()), "the first 2207 undone by 2601, the second one stands");
        List<OutboxEntry> stream = f.store.outbox().stream(DeferredSettlement.streamOf(v.ref()));
        assertTrue(stream.stream().anyMatch(e -> e.state() == OutboxState.RESOLVED
                && e.resolution().contains("submitted again")), stream.toString());
        assertEquals(1, stream.stream().filter(e -> e.infno().equals("2207") && e.state() == OutboxState.DONE).count());
        assertTrue(f.store.outbox().pendingStreams().isEmpty());
        assertBalanced();

        f.login("supervisor");
        Receipt cancel = f.counter.cancel(v.setlId(), null);
        assertEquals(v.total().negate(), cancel.amounts().medfeeSumamt(), "a deferred settlement is cancelled like any other");
        f.login("cashier");
        String setlId = v.setlId();
        DeferredVisitException refused = assertThrows(DeferredVisitException.class,
                () -> deferred(OfflineLimits.DEFAULTS).refundPaid(only(deferred(OfflineLimits.DEFAULTS).list()).ref()));
        assertTrue(refused.getMessage().contains("was cancelled"), refused.getMessage());
        assertEquals(0, f.centralSettlements(v.mdtrtId()), "cancelled at the central service: " + setlId);
        assertBalanced();
    }

    @Test
    void aCancelledDeferredSettlementListsAsCancelledAndFinishedVisitsArePrunedAfterTheRetention() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(1);
        DeferredReceipt toCancel = take(demo, deferred(OfflineLimits.DEFAULTS));
        DeferredReceipt toRefund = take(demo, deferred(OfflineLimits.DEFAULTS));
        monitor.probeNow();
        new Forwarder(f.link, f.store).runOnce();
        DeferredVisit settled = byRef(deferred(OfflineLimits.DEFAULTS).list(), toCancel.ref());
        assertEquals(DeferredState.SETTLED, settled.state(), String.valueOf(settled.reason()));
        assertEquals(Optional.of(demo.holder().name()), f.counter.records().holderName(settled.setlId()),
                "the holder's name is kept with the settlement for a rebuilt receipt");

        f.login("supervisor");
        answers.shape("2208", ShapedAnswers::asTheTableHasIt);
        f.counter.cancel(settled.setlId(), null);
        assertEquals(1, answers.shaped("2208"));
        SettledRecords.Record original = f.counter.records().findSettlement(settled.setlId()).orElseThrow();
        SettledRecords.Record cancelRecord = f.counter.records().findCancelOf(settled.setlId()).orElseThrow();
        assertEquals(List.of(original.insutype(), original.medType(), original.psnNo()), List.of(cancelRecord.insutype(),
                cancelRecord.medType(), cancelRecord.psnNo()), "from the 2207 on the deferred visit's own stream");
        f.login("cashier");
        DeferredVisit cancelled = byRef(deferred(OfflineLimits.DEFAULTS).list(), toCancel.ref());
        assertEquals(DeferredState.CANCELLED, cancelled.state());
        assertEquals(Money.ZERO, cancelled.refundDue(), "the fund paid nothing: nothing is owed back");
        assertTrue(cancelled.reason().english().contains("2208"), cancelled.reason().english());
        assertEquals("supervisor", cancelled.closedBy());
        assertTrue(cancelled.finished());
        DeferredVisitException refund = assertThrows(DeferredVisitException.class,
                () -> deferred(OfflineLimits.DEFAULTS).refundPaid(toCancel.ref()));
        assertTrue(refund.getMessage().contains("was cancelled"), refund.getMessage());
        deferred(OfflineLimits.DEFAULTS).refundPaid(toRefund.ref());
        assertEquals(List.of(), deferred(OfflineLimits.DEFAULTS).listOpen(), "nothing left to do");
        assertEquals(1, audit("deferred.cancelled").size(), "recorded once, however often it is listed");

        f.clock.advance(DeferredVisits.RETENTION.minusDays(1));
        f.login("cashier");
        assertEquals(2, deferred(OfflineLimits.DEFAULTS).list().size(), "kept within the retention");
        f.clock.advance(Duration.ofDays(2));
        new Forwarder(f.link, f.store).runOnce();
        f.login("cashier");
        assertEquals(List.of(), deferred(OfflineLimits.DEFAULTS).list(), "pruned by the forwarder's pass");
        List<AuditEntry> prune = audit("deferred.prune");
        assertEquals(1, prune.size());
        assertTrue(prune.get(0).detail().contains(toCancel.ref() + "=CANCELLED")
                && prune.get(0).detail().contains(toRefund.ref() + "=REFUND_PAID"), prune.get(0).detail());
        assertTrue(f.counter.records().findSettlement(settled.setlId()).isPresent(), "the settlement records stay");
        assertTrue(f.store.audit().verify().intact());
    }

    @Test
    void aRefusedVisitIsAcknowledgedByASupervisorAndThenLeavesTheOpenList() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(1);
        DeferredReceipt receipt = take(demo, deferred(OfflineLimits.DEFAULTS));
        monitor.probeNow();
        assertTrue(f.link.call(Transaction.CARD_LOSS_REPORT, new CardService.LossReport(demo.cardNumber().value(),
                demo.holder().certificateNumber(), "lost after the visit"), SUPERVISOR)
                instanceof LinkOutcome.Answered<?>);
        new Forwarder(f.link, f.store).runOnce();
        f.login("cashier");
        assertEquals(DeferredState.REFUSED, only(deferred(OfflineLimits.DEFAULTS).listOpen()).state());
        assertThrows(AccessDeniedException.class,
                () -> deferred(OfflineLimits.DEFAULTS).acknowledgeRefused(receipt.ref(), "patient told"));

        f.login("supervisor");
        assertThrows(DeferredVisitException.class, () -> deferred(OfflineLimits.DEFAULTS).acknowledgeRefused(receipt.ref(), " "));
        DeferredVisit acknowledged = deferred(OfflineLimits.DEFAULTS).acknowledgeRefused(receipt.ref(),
                "patient told; the cash paid covers the visit");
        assertEquals(DeferredState.REFUSED, acknowledged.state());
        assertEquals("supervisor", acknowledged.closedBy());
        assertTrue(acknowledged.finished());
        DeferredVisitException twice = assertThrows(DeferredVisitException.class,
                () -> deferred(OfflineLimits.DEFAULTS).acknowledgeRefused(receipt.ref(), "again"));
        assertTrue(twice.getMessage().contains("already acknowledged"), twice.getMessage());
        assertEquals(List.of(), deferred(OfflineLimits.DEFAULTS).listOpen());
        assertEquals(1, deferred(OfflineLimits.DEFAULTS).list().size(), "still listed until the retention ends");
        assertTrue(audit("deferred.refusal_ack").get(0).detail().contains("reported lost"));

        f.clock.advance(DeferredVisits.RETENTION.plusDays(1));
        f.login("supervisor");
        assertEquals(List.of(), deferred(OfflineLimits.DEFAULTS).list());
    }

    private List<AuditEntry> audit(String action) {
        return f.store.audit().query("auditor", Instant.EPOCH, f.clock.instant().plusSeconds(1), action, 100);
    }

    private static DeferredVisit byRef(List<DeferredVisit> visits, String ref) {
        return visits.stream().filter(v -> v.ref().equals(ref)).findFirst().orElseThrow(() -> new AssertionError(
                ref + " not in " + visits));
    }

    /** Stands for the process dying: an Error passes every {@code catch (RuntimeException)} of the station. */
    private static final class Killed extends Error {
        Killed(String point) {
            super("killed at " + point, null, false, false);
        }
    }

    /**
     * The station killed as the answer of one replayed step arrives (booked by the central service, IN_FLIGHT in the
     * outbox), started again over the same store: the forwarder reverses the step (2601) and submits it again, and
     * the visit ends settled exactly once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2201", "2207"})
    void aStationKilledAsAReplayedStepIsAnsweredSettlesTheVisitOnce(String killedAt) throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(1);
        take(demo, deferred(OfflineLimits.DEFAULTS));
        monitor.probeNow();
        org.sscard.store.StationStore killedStore = f.store;
        f.link.addOutcomeListener(outcome -> {
            if (outcome instanceof LinkOutcome.Answered<?> && killedStore.outbox().find(outcome.msgid())
                    .map(e -> e.infno().equals(killedAt)).orElse(false)) {
                throw new Killed(killedAt);
            }
        });
        assertThrows(Killed.class, () -> new Forwarder(f.link, f.store).runOnce());
        List<String> storedBeforeKill = f.store.outbox().pendingStreams().stream().toList();

        f.restartStation();
        Forwarder forwarder = new Forwarder(f.link, f.store);
        for (int pass = 0; pass < 3; pass++) {
            forwarder.runOnce();
        }

        f.login("cashier");
        DeferredVisit v = only(deferred(OfflineLimits.DEFAULTS).list());
        assertEquals(DeferredState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(1, f.centralSettlements(v.mdtrtId()), "one settlement at the central service");
        List<OutboxEntry> stream = f.store.outbox().stream(DeferredSettlement.streamOf(v.ref()));
        assertEquals(List.of(DeferredSettlement.streamOf(v.ref())), storedBeforeKill);
        assertTrue(stream.stream().anyMatch(e -> e.infno().equals(killedAt) && e.state() == OutboxState.RESOLVED),
                stream.toString());
        assertEquals(1, stream.stream().filter(e -> e.infno().equals("2207") && e.state() == OutboxState.DONE).count());
        assertTrue(f.store.outbox().pendingStreams().isEmpty());
        assertTrue(f.store.outbox().dead().isEmpty());
        assertBalanced();
    }

    @Test
    void aCardReportedLostBeforeTheForwardEndsRefusedWithTheReason() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard demo = f.insert(1);
        take(demo, deferred(OfflineLimits.DEFAULTS));
        monitor.probeNow();
        assertTrue(f.link.call(Transaction.CARD_LOSS_REPORT, new CardService.LossReport(demo.cardNumber().value(),
                demo.holder().certificateNumber(), "lost after the visit"), SUPERVISOR)
                instanceof LinkOutcome.Answered<?>);

        new Forwarder(f.link, f.store).runOnce();

        DeferredVisit v = only(deferred(OfflineLimits.DEFAULTS).list());
        assertEquals(DeferredState.REFUSED, v.state());
        String refused = v.reason().english();
        assertTrue(refused.startsWith("1101 ") && refused.contains("reported lost"), refused);
        assertEquals(v.total(), v.items().stream().map(DeferredVisit.Item::amount).reduce(Money.ZERO, Money::plus), "nothing lost");
        assertTrue(f.store.outbox().pendingStreams().isEmpty());
        assertThrows(DeferredVisitException.class, () -> deferred(OfflineLimits.DEFAULTS).refundPaid(v.ref()));
        assertTrue(f.store.audit().verify().intact());
    }

    @Test
    void aStaleBlacklistABlacklistedCardAndAFullQueueRefuseUpFront() throws Exception {
        linkDown();
        f.login("cashier");
        DemoCard lost = f.cards.cards().stream().filter(c -> c.status() == DemoCard.Status.LOST).findFirst()
                .orElseThrow();
        f.insert(lost.number());
        assertRefused(OfflineRefusal.CARD_BLACKLISTED, () -> take(lost, deferred(OfflineLimits.DEFAULTS)));

        DemoCard demo = f.insert(1);
        OfflineLimits oneRecord = new OfflineLimits(Money.ofFen(20_000), Money.ofFen(50_000), Money.ofFen(500_000), 1,
                Duration.ofHours(72), Duration.ofHours(24));
        take(demo, deferred(oneRecord));
        assertRefused(OfflineRefusal.QUEUE_RECORDS_FULL, () -> take(demo, deferred(oneRecord)));
        assertEquals(OfflineRefusal.QUEUE_RECORDS_FULL, new OfflinePolicy(oneRecord, f.store, f.clock)
                .evaluate(f.cards.card(2).identification(), null, Money.ofFen(100)).reason(), "a deferred visit counts for offline debits too");

        f.clock.advance(Duration.ofHours(25));
        f.login("cashier");
        assertRefused(OfflineRefusal.BLACKLIST_STALE, () -> take(demo, deferred(OfflineLimits.DEFAULTS)));
        assertEquals(1, deferred(OfflineLimits.DEFAULTS).list().size(), "nothing stored by a refusal");
    }

    @Test
    void whileTheLinkIsUpAVisitIsNotTakenAsDeferred() {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        assertEquals(LinkState.ONLINE, monitor.probeNow());
        assertThrows(DeferredVisitException.class, () -> take(demo, deferred(OfflineLimits.DEFAULTS)));
        CounterException unmapped = assertThrows(CounterException.class, () -> {
            linkDown();
            f.login("cashier");
            try (CountingTransport t = f.cardTransport()) {
                deferred(OfflineLimits.DEFAULTS).take(new CardSession(t, f.cardKeys()), demo.pin().toCharArray(),
                        List.of(new CounterItem("LOCAL-UNMAPPED", 1)), "D01", "李医生");
            }
        });
        assertTrue(unmapped.getMessage().contains("not mapped"), unmapped.getMessage());
    }

    /** The station sees the link fail: a sign-in whose connection the central service closes. */
    private void linkDown() {
        f.central.faults().arm(Fault.parse("9001:close-before:1"));
        f.link.signIn(SUPERVISOR, "00-1A-2B-3C-4D-5E", "127.0.0.1");
        assertEquals(LinkState.OFFLINE, monitor.state());
    }

    private DeferredVisits deferred(OfflineLimits limits) {
        return new DeferredVisits(f.config, f.store, f.link, new OfflinePolicy(limits, f.store, f.clock), monitor,
                f.authorizer, f.clock);
    }

    private DeferredReceipt take(DemoCard demo, DeferredVisits visits) {
        try (CountingTransport t = f.cardTransport()) {
            return visits.take(new CardSession(t, f.cardKeys()), demo.pin().toCharArray(), items(), "D01", "李医生");
        }
    }

    /** A class A service item priced so that the visit (about 2,500 元) exceeds any deductible left. */
    private List<CounterItem> items() {
        Catalog.NationalItem n = f.nationalItems().stream()
                .filter(i -> i.itemClass() == ItemClass.A && !i.code().startsWith("X") && i.priceCap() != null)
                .max(java.util.Comparator.comparing(Catalog.NationalItem::priceCap)).orElseThrow();
        long price = f.store.catalog().local("L" + n.code()).orElseThrow().price().fen();
        return List.of(new CounterItem("L" + n.code(), Math.max(1, 250_000 / price)),
                new CounterItem("L" + f.nationalItems().get(0).code(), 1));
    }

    private static DeferredVisit only(List<DeferredVisit> visits) {
        assertEquals(1, visits.size(), visits.toString());
        return visits.get(0);
    }

    private static void assertRefused(OfflineRefusal expected, Runnable take) {
        OfflineRefusedException e = assertThrows(OfflineRefusedException.class, take::run);
        assertEquals(expected, e.decision().reason(), e.getMessage());
    }

    private void assertBalanced() {
        f.login("supervisor");
        LocalDate today = LocalDate.now(f.clock);
        Reconciliation.Result r = f.reconciliation().reconcile(today, today);
        assertTrue(r.balanced(), r.toString());
    }
}
