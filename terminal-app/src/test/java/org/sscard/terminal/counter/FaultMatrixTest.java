package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.MedicalData;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.card.transport.CardTransports;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.CardService;
import org.sscard.protocol.CardState;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.terminal.card.CardPresentationException;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.sync.Sync;
import org.sscard.terminal.sync.SyncException;
import org.sscard.values.Money;

/**
 * Every message a station sends in its workflows, cut by each of central-sim's faults: before (close-before),
 * during (a delay longer than the station's read timeout: the central service still processes the request after
 * the station gave up), after (drop-after-commit: processed and committed, the answer lost), and HTTP 503. Each cell
 * arms the fault once, runs the workflow step, clears the fault and lets the station recover the documented way
 * (the counter's retry, the forwarder's 2601 or resend, resuming the visit, or repeating the step), then asserts:
 * the operator was told what happened and what to do; every outbox message stored is still there and ends DONE or
 * RESOLVED, nothing dead, unknown or pending; exactly one effect in central-sim's own database (one live settlement
 * per visit, one cancel, one C110 booking, one loss or lift row); 3201 balanced where settlements are involved.
 * One central service and one station serve the whole matrix; every cell leaves the station with nothing pending.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixTest {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(2000);
    private static final long DELAY_MS = 2600;
    /** Past the outbox's first retry back-off (5 s), well inside the station's idle lock (5 minutes). */
    private static final Duration RETRY_DUE = Duration.ofSeconds(20);

    /** Where the link is cut, as central-sim's fault modes. */
    enum Cut {
        BEFORE("close-before"), DURING("delay:" + DELAY_MS), AFTER("drop-after-commit"), HTTP_503("fail-5xx");

        final String mode;

        Cut(String mode) {
            this.mode = mode;
        }

        /** The answer may be lost although the central service did (or will do) the work. */
        boolean outcomeUnknown() {
            return this != HTTP_503;
        }
    }

    @TempDir
    static Path dir;
    CounterFixture f;
    CardOffice office;
    Sync sync;
    SimulatedCard offlineCard;
    DemoCard offlineDemo;
    private long delayedUntil;

    @BeforeAll
    void start() throws Exception {
        f = new CounterFixture(dir, null, READ_TIMEOUT);
        office = new CardOffice(f.config, f.store, f.cardKeys, f.link, f.authorizer, f.clock);
        sync = new Sync(f.link, f.store, f.authorizer, f.clock);
        sync.blacklist(Sync.SYSTEM);
        offlineDemo = Stream.of(2, 3, 4).map(f.cards::card).filter(c -> c.insurance().balanceFen() >= 1_000)
                .findFirst().orElseThrow();
        offlineCard = new CardFactory().issue(offlineDemo);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @AfterEach
    void clearFaults() {
        f.central.faults().clearAll();
    }

    static Stream<Arguments> cells() {
        return Stream.of("9001", "1101", "2201", "2204", "2206", "2207", "2208", "2601", "3201", "1312", "C108", "C110",
                "C102", "C103").flatMap(infno -> Arrays.stream(Cut.values()).map(cut -> Arguments.of(infno, cut)));
    }

    @ParameterizedTest(name = "{0} cut {1}")
    @MethodSource("cells")
    void aCutLinkLosesNothingAndDoesNothingTwice(String infno, Cut cut) throws Exception {
        delayedUntil = 0;
        switch (infno) {
            case "9001" -> signIn(cut);
            case "1101" -> personInfo(cut);
            case "2201" -> registration(cut);
            case "2204" -> feeUpload(cut);
            case "2206" -> preSettlement(cut);
            case "2207" -> settlement(cut);
            case "2208" -> cancel(cut);
            case "2601" -> reversal(cut);
            case "3201" -> reconciliation(cut);
            case "1312" -> catalog(cut);
            case "C108" -> blacklist(cut);
            case "C110" -> offlineDebit(cut);
            case "C102" -> lossReport(cut);
            case "C103" -> liftLoss(cut);
            default -> throw new IllegalArgumentException(infno);
        }
        assertTrue(f.store.outbox().pendingStreams().isEmpty(), "nothing left to send: " + f.store.outbox().pendingStreams());
        assertTrue(f.store.outbox().unknown().isEmpty(), "nothing of unknown outcome: " + f.store.outbox().unknown());
        assertTrue(f.store.outbox().dead().isEmpty(), "nothing dead: " + f.store.outbox().dead());
    }

    // --- the cells -------------------------------------------------------------------------------------------------

    private void signIn(Cut cut) throws Exception {
        Opter opter = new Opter("supervisor", "钱主管");
        int before = count("SELECT count(*) FROM sign_in");
        arm("9001", cut);
        LinkOutcome<?> failed = f.link.signIn(opter, "00-1A-2B-3C-4D-5E", "127.0.0.1");
        assertFalse(failed instanceof LinkOutcome.Answered<?>, failed.message());
        assertTrue(failed.message().contains("central service") || failed.message().contains("no answer"),
                failed.message());
        clear();
        LinkOutcome<?> again = f.link.signIn(opter, "00-1A-2B-3C-4D-5E", "127.0.0.1");
        assertInstanceOf(LinkOutcome.Answered.class, again, again.message());
        String signNo = f.link.signNo().orElseThrow();
        awaitDelayed();
        assertEquals(1, count("SELECT count(*) FROM sign_in WHERE sign_no = ?", signNo), "the station's sign_no is known");
        assertEquals(before + (cut.outcomeUnknown() && cut != Cut.BEFORE ? 2 : 1), count("SELECT count(*) FROM sign_in"),
                "a sign-in whose answer was lost is simply not used");
        sync.blacklist(Sync.SYSTEM);
    }

    private void personInfo(Cut cut) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        arm("1101", cut);
        CardPresentationException e = assertThrows(CardPresentationException.class,
                () -> f.presentation.present(demo.pin().toCharArray()));
        assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
        clear();
        f.insert(1);
        try (PresentedCard card = f.presentation.present(demo.pin().toCharArray())) {
            assertEquals(demo.cardNumber().toString(), card.cardNumber());
        }
        awaitDelayed();
    }

    private void registration(Cut cut) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        int visitsBefore = count("SELECT count(*) FROM visit WHERE psn_no = ?", card.personNumber());
        int settledBefore = liveSettlementsOf(card.personNumber());
        arm("2201", cut);
        CounterException e = assertThrows(CounterException.class,
                () -> f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items())));
        assertTrue(e.getMessage().contains("Nothing was booked; try again"), e.getMessage());
        clear();
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
        f.counter.uploadAndPreSettle(v);
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        awaitDelayed();
        assertEquals(visitsBefore + (cut == Cut.AFTER || cut == Cut.DURING ? 2 : 1),
                count("SELECT count(*) FROM visit WHERE psn_no = ?", card.personNumber()),
                "a registration whose answer was lost stays at the central service without fees");
        assertEquals(settledBefore + 1, liveSettlementsOf(card.personNumber()));
        assertEquals(1, liveSettlements(v.mdtrtId()));
        assertCardCarries(v);
        card.close();
        reconcileBalanced();
    }

    private void feeUpload(Cut cut) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
        arm("2204", cut);
        f.counter.uploadAndPreSettle(v);
        List<String> stored = msgids(v.stream());
        assertEquals(1, stored.size());
        clear();
        Visit settled;
        if (cut.outcomeUnknown()) {
            assertEquals(VisitState.OUTCOME_UNKNOWN, v.state());
            assertTrue(v.reason().contains("reversal (2601)"), v.reason());
            assertThrows(CounterException.class, () -> f.counter.settle(v));
            forward();
            f.counter.refresh(v);
            assertEquals(VisitState.REFUSED, v.state(), String.valueOf(v.reason()));
            assertTrue(v.reason().contains("Register the visit again"), v.reason());
            assertTrue(f.counter.visits(true).stream().noneMatch(o -> o.mdtrtId().equals(v.mdtrtId())));
            settled = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
            f.counter.uploadAndPreSettle(settled);
        } else {
            assertEquals(VisitState.PENDING, v.state());
            assertTrue(v.reason().contains("It is kept; retry"), v.reason());
            forward();
            assertEquals(OutboxState.DONE, f.store.outbox().find(stored.get(0)).orElseThrow().state(),
                    "the forwarder delivered the kept 2204");
            f.counter.retry(v);
            settled = v;
        }
        assertEquals(VisitState.PRE_SETTLED, settled.state(), String.valueOf(settled.reason()));
        f.counter.settle(settled);
        assertEquals(VisitState.SETTLED, settled.state(), String.valueOf(settled.reason()));
        awaitDelayed();
        assertStoredAndEnded(stored);
        if (settled != v) {
            assertEquals(0, count("SELECT count(*) FROM fee WHERE mdtrt_id = ?", v.mdtrtId()),
                    "the reversed upload left no fees");
            assertEquals(0, liveSettlements(v.mdtrtId()));
        }
        assertEquals(1, liveSettlements(settled.mdtrtId()));
        assertCardCarries(settled);
        card.close();
        reconcileBalanced();
    }

    private void preSettlement(Cut cut) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
        arm("2206", cut);
        CounterException e = assertThrows(CounterException.class, () -> f.counter.uploadAndPreSettle(v));
        assertTrue(e.getMessage().contains("Nothing was booked; pre-settle again"), e.getMessage());
        assertEquals(VisitState.FEES_UPLOADED, v.state());
        clear();
        Visit resumed = f.counter.resume(v.mdtrtId(), card);
        assertEquals(VisitState.PRE_SETTLED, resumed.state(), String.valueOf(resumed.reason()));
        f.counter.settle(resumed);
        assertEquals(VisitState.SETTLED, resumed.state(), String.valueOf(resumed.reason()));
        awaitDelayed();
        assertEquals(1, liveSettlements(v.mdtrtId()));
        assertCardCarries(resumed);
        card.close();
        reconcileBalanced();
    }

    private void settlement(Cut cut) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = preSettled(card);
        arm("2207", cut);
        f.counter.settle(v);
        List<String> stored = msgids(v.stream());
        clear();
        if (cut.outcomeUnknown()) {
            assertEquals(VisitState.OUTCOME_UNKNOWN, v.state(), String.valueOf(v.reason()));
            assertTrue(v.reason().contains("Do not settle this visit again"), v.reason());
            assertThrows(CounterException.class, () -> f.counter.settle(v));
            forward();
            f.counter.refresh(v);
            assertEquals(VisitState.REVERSED, v.state(), String.valueOf(v.reason()));
            assertEquals(0, liveSettlements(v.mdtrtId()), "the 2601 left nothing booked");
            f.counter.preSettleAgain(v);
            f.counter.settle(v);
        } else {
            assertEquals(VisitState.PENDING, v.state(), String.valueOf(v.reason()));
            assertTrue(v.reason().contains("It is kept; retry"), v.reason());
            f.clock.advance(RETRY_DUE);
            f.counter.retry(v);
        }
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        awaitDelayed();
        assertStoredAndEnded(stored);
        assertEquals(1, liveSettlements(v.mdtrtId()));
        assertCardCarries(v);
        card.close();
        reconcileBalanced();
    }

    private void cancel(Cut cut) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = preSettled(card);
        f.counter.settle(v);
        card.close();
        String setlId = v.receipt().setlId();
        arm("2208", cut);
        CounterException e = assertThrows(CounterException.class, () -> f.counter.cancel(setlId, null));
        List<String> stored = msgids(v.stream());
        clear();
        assertTrue(e.getMessage().contains(cut.outcomeUnknown()
                ? "The station sends the same message again" : "it is kept and will be sent again"), e.getMessage());
        CounterException blocked = assertThrows(CounterException.class, () -> f.counter.cancel(setlId, null));
        assertTrue(blocked.getMessage().contains("must be delivered or resolved"), blocked.getMessage());
        forward();
        assertTrue(f.counter.records().findCancelOf(setlId).isPresent(), "the forwarder delivered the same 2208");
        assertThrows(CounterException.class, () -> f.counter.cancel(setlId, null), "already cancelled");
        awaitDelayed();
        assertStoredAndEnded(stored);
        assertEquals(1, count("SELECT count(*) FROM settlement WHERE orig_setl_id = ? AND reversed = 0", setlId),
                "one live cancel at the central service");
        assertEquals(1, count("SELECT count(*) FROM settlement WHERE setl_id = ? AND cancelled_by IS NOT NULL", setlId));
        assertEquals(1, f.store.outbox().stream(v.stream()).stream().filter(x -> x.state() == OutboxState.DONE
                && Transaction.SETTLEMENT_CANCEL.infno().equals(x.infno())).count(), "one cancel in the station's records");
        reconcileBalanced();
    }

    private void reversal(Cut cut) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = preSettled(card);
        f.central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
        f.counter.settle(v);
        assertEquals(VisitState.OUTCOME_UNKNOWN, v.state(), String.valueOf(v.reason()));
        String settlementMsgid = v.settlementMsgid();
        arm("2601", cut);
        new Forwarder(f.link, f.store).runOnce();
        assertEquals(OutboxState.UNKNOWN, f.store.outbox().find(settlementMsgid).orElseThrow().state(),
                "the 2207 stays unknown until a 2601 is answered");
        List<String> stored = new ArrayList<>(msgids(v.stream()));
        stored.addAll(msgids(Forwarder.REVERSAL_STREAM));
        clear();
        forward();
        f.counter.refresh(v);
        assertEquals(VisitState.REVERSED, v.state(), String.valueOf(v.reason()));
        assertTrue(v.reason().contains("undone by 2601"), v.reason());
        f.counter.preSettleAgain(v);
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        awaitDelayed();
        assertStoredAndEnded(stored);
        assertEquals(1, count("SELECT count(*) FROM reversal WHERE omsgid = ?", settlementMsgid));
        assertEquals(1, count("SELECT count(*) FROM settlement WHERE msgid = ? AND reversed = 1", settlementMsgid));
        assertEquals(1, liveSettlements(v.mdtrtId()));
        assertCardCarries(v);
        card.close();
        reconcileBalanced();
    }

    private void reconciliation(Cut cut) throws Exception {
        if (f.counter.records().between(today(), today()).isEmpty()) {
            f.login("cashier");
            DemoCard demo = f.insert(1);
            try (PresentedCard card = f.presentation.present(demo.pin().toCharArray())) {
                f.counter.settle(preSettled(card));
            }
        }
        f.login("supervisor");
        arm("3201", cut);
        CounterException e = assertThrows(CounterException.class, () -> f.reconciliation().reconcile(today(), today()));
        assertTrue(e.getMessage().contains("Reconciliation 3201 failed") && e.getMessage().contains("try again"),
                e.getMessage());
        clear();
        Reconciliation.Result r = f.reconciliation().reconcile(today(), today());
        assertTrue(r.balanced(), r.toString());
        awaitDelayed();
    }

    private void catalog(Cut cut) throws Exception {
        f.login("cashier");
        var before = f.store.catalog().status();
        arm("1312", cut);
        SyncException e = assertThrows(SyncException.class, () -> sync.catalog());
        assertTrue(e.getMessage().contains("run the sync again"), e.getMessage());
        assertEquals(before, f.store.catalog().status(), "nothing applied from a failed page");
        clear();
        sync.catalog();
        awaitDelayed();
        var after = f.store.catalog().status();
        assertEquals(count("SELECT count(*) FROM catalog"), after.nationalItems());
        assertEquals(before.nationalItems(), after.nationalItems());
        assertTrue(before.updatedThrough() == null || after.updatedThrough().compareTo(before.updatedThrough()) >= 0,
                "the 1312 cursor never moves back");
        for (String infno : List.of("1312", "1318", "1319")) {
            assertEquals(1, f.store.catalog().download(infno).orElseThrow().nextPage(), infno + " finished its run");
        }
    }

    private void blacklist(Cut cut) throws Exception {
        f.login("cashier");
        arm("C108", cut);
        SyncException e = assertThrows(SyncException.class, () -> sync.blacklist());
        assertTrue(e.getMessage().contains("run the sync again"), e.getMessage());
        clear();
        sync.blacklist();
        awaitDelayed();
        assertEquals(count("SELECT max(ver) FROM blacklist"), f.store.blacklist().status().version());
        for (DemoCard listed : List.of(f.cards.card(7), f.cards.card(8))) {
            assertTrue(f.store.blacklist().findByCardNumber(listed.cardNumber().toString()).isPresent());
        }
    }

    private void offlineDebit(Cut cut) throws Exception {
        f.login("pharmacist");
        OfflineSale sale = new OfflineSale(f.config, f.store, f.link,
                new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock), f.authorizer, f.clock);
        CardSession session = new CardSession(CardTransports.standard(new InProcessTransport(offlineCard)), f.cardKeys);
        OfflineSale.Receipt paid = sale.debit(session, offlineDemo.pin().toCharArray(), Money.ofFen(100));
        arm("C110", cut);
        new Forwarder(f.link, f.store).runOnce();
        assertFalse(f.store.outbox().find(paid.msgid()).orElseThrow().state() == OutboxState.DONE);
        clear();
        forward();
        awaitDelayed();
        OutboxEntry sent = f.store.outbox().find(paid.msgid()).orElseThrow();
        assertEquals(OutboxState.DONE, sent.state(), "the C110 is sent again under its own msgid");
        assertEquals(List.of(OfflineDebitResult.ACCEPTED), MessageCodec.readResponse(sent.response(),
                Transaction.OFFLINE_DEBITS).output().result().stream().map(CardService.OfflineDebitRow::rslt).toList());
        assertEquals(1, count("SELECT count(*) FROM offline_debit WHERE upper(term_id) = upper(?) AND term_seq = ?",
                paid.termId(), paid.termSeq()), "booked once");
        assertEquals(1, count("SELECT count(*) FROM offline_debit WHERE msgid = ?", paid.msgid()));
    }

    private void lossReport(Cut cut) throws Exception {
        f.login("clerk");
        DemoCard demo = f.cards.card(5);
        String no = demo.cardNumber().toString();
        int lost = count("SELECT count(*) FROM blacklist WHERE card_no = ? AND card_stas = ?", no,
                CardState.LOST.code());
        arm("C102", cut);
        assertEquals(CardState.LOST, office.reportLoss(no, demo.holder().certificateNumber(), "lost").cardStas(),
                "answered by the office's one resend under the same msgid");
        clear();
        awaitDelayed();
        assertEquals(CardState.LOST.code(), text("SELECT card_stas FROM card WHERE card_no = ?", no));
        assertEquals(lost + 1, count("SELECT count(*) FROM blacklist WHERE card_no = ? AND card_stas = ?", no,
                CardState.LOST.code()),
                "one loss report");
        assertEquals(CardState.ACTIVE, office.liftLoss(no, demo.holder().certificateNumber()).cardStas());
    }

    private void liftLoss(Cut cut) throws Exception {
        f.login("clerk");
        DemoCard demo = f.cards.card(6);
        String no = demo.cardNumber().toString();
        assertEquals(CardState.LOST, office.reportLoss(no, demo.holder().certificateNumber(), "lost").cardStas());
        int lifted = count("SELECT count(*) FROM blacklist WHERE card_no = ? AND card_stas = ?", no,
                CardState.ACTIVE.code());
        arm("C103", cut);
        assertEquals(CardState.ACTIVE, office.liftLoss(no, demo.holder().certificateNumber()).cardStas());
        clear();
        awaitDelayed();
        assertEquals(CardState.ACTIVE.code(), text("SELECT card_stas FROM card WHERE card_no = ?", no));
        assertEquals(CardState.ACTIVE, office.status(no).cardStas());
        assertEquals(lifted + 1, count("SELECT count(*) FROM blacklist WHERE card_no = ? AND card_stas = ?", no,
                CardState.ACTIVE.code()),
                "one lift");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private void arm(String infno, Cut cut) {
        f.central.faults().arm(Fault.parse(infno + ":" + cut.mode + ":1"));
        if (cut == Cut.DURING) {
            delayedUntil = System.nanoTime() + Duration.ofMillis(DELAY_MS + 300).toNanos();
        }
    }

    private void clear() {
        f.central.faults().clearAll();
    }

    /** Waits until a delayed request has been processed by the central service, before counting its effects. */
    private void awaitDelayed() throws InterruptedException {
        long left = delayedUntil - System.nanoTime();
        if (delayedUntil != 0 && left > 0) {
            Thread.sleep(left / 1_000_000 + 1);
        }
    }

    /** The forwarder's passes, {@link #RETRY_DUE} apart, until nothing is left to send or resolve. */
    private void forward() {
        for (int pass = 0; pass < 5; pass++) {
            f.clock.advance(RETRY_DUE);
            new Forwarder(f.link, f.store).runOnce();
            if (f.store.outbox().pendingStreams().isEmpty() && f.store.outbox().unknown().isEmpty()) {
                return;
            }
        }
    }

    private Visit preSettled(PresentedCard card) {
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
        f.counter.uploadAndPreSettle(v);
        assertEquals(VisitState.PRE_SETTLED, v.state(), String.valueOf(v.reason()));
        return v;
    }

    private List<CounterItem> items() {
        return List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 1),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1));
    }

    private List<String> msgids(String stream) {
        return f.store.outbox().stream(stream).stream().map(OutboxEntry::msgid).toList();
    }

    /** Every message stored before is still in the outbox and ended answered or resolved. */
    private void assertStoredAndEnded(List<String> stored) {
        assertFalse(stored.isEmpty());
        Set<OutboxState> ended = Set.of(OutboxState.DONE, OutboxState.RESOLVED);
        for (String msgid : stored) {
            OutboxEntry e = f.store.outbox().find(msgid).orElseThrow(() -> new AssertionError(msgid + " lost"));
            assertTrue(ended.contains(e.state()), msgid + " " + e.infno() + " is " + e.state());
        }
    }

    /** The card's balance is the settlement's (the settlement written to the card once). */
    private void assertCardCarries(Visit v) {
        MedicalData after = v.card().session().readMedicalData();
        assertNotNull(v.receipt());
        assertEquals(v.receipt().amounts().balance().fen(), after.balance().fen());
    }

    private void reconcileBalanced() {
        f.login("supervisor");
        Reconciliation.Result r = f.reconciliation().reconcile(today(), today());
        assertTrue(r.balanced(), r.toString());
        assertTrue(r.differences().isEmpty(), r.toString());
        f.login("cashier");
    }

    private LocalDate today() {
        return LocalDate.now(f.clock);
    }

    private int liveSettlements(String mdtrtId) throws SQLException {
        return count("SELECT count(*) FROM settlement WHERE mdtrt_id = ? AND orig_setl_id IS NULL AND reversed = 0"
                + " AND cancelled_by IS NULL", mdtrtId);
    }

    private int liveSettlementsOf(String psnNo) throws SQLException {
        return count("SELECT count(*) FROM settlement WHERE psn_no = ? AND orig_setl_id IS NULL AND reversed = 0"
                + " AND cancelled_by IS NULL", psnNo);
    }

    private Connection central() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("central").resolve("central.db"));
    }

    private int count(String sql, Object... args) throws SQLException {
        String value = text(sql, args);
        return value == null ? 0 : Integer.parseInt(value);
    }

    private String text(String sql, Object... args) throws SQLException {
        try (Connection c = central(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
