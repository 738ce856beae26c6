package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CardTransports;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.InProcessTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.CardService;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.Fields;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.Catalog;
import org.sscard.store.ItemClass;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.link.LinkMonitor;
import org.sscard.terminal.link.LinkState;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.terminal.offline.DeferredReceipt;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.DeferredVisits;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.sync.Sync;
import org.sscard.values.Money;

/**
 * A day of one station against central-sim with every kind of payment — online settlements, a cancel, a hospital
 * visit taken offline and settled on replay, a pharmacy offline debit of 35.50 taken with the link down and
 * accepted, a debit the central service refuses and one still queued — and its books: reconciliation (3201 and
 * 3202), the daily, monthly and statistics reports, and the shift closes.
 */
class DayBooksEndToEndTest {
    private static final Opter SUPERVISOR = new Opter("supervisor", "钱主管");
    private static final Opter PHARMACIST = new Opter("pharmacist", "赵药师");

    @TempDir
    Path dir;
    CounterFixture f;
    LinkMonitor monitor;

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir);
        new Sync(f.link, f.store, f.authorizer, f.clock).blacklist(SUPERVISOR);
        monitor = LinkMonitor.of(f.link);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** What the day left: the accepted debit and the debit still queued. */
    private record Day(OfflineSale.Receipt paid, OfflineSale.Receipt queued) {
    }

    /**
     * Plays the day: two settlements and a cancel, the link down, a deferred visit and an offline debit, a forged
     * debit, the link back and the queue forwarded, one more debit queued and not forwarded.
     */
    private Day playTheDay() throws Exception {
        f.login("cashier");
        String cancelled = null;
        for (int n : new int[] {1, 2}) {
            DemoCard demo = f.insert(n);
            try (PresentedCard card = f.presentation.present(demo.pin().toCharArray())) {
                Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生",
                        f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(n * 7).code(), n))));
                f.counter.uploadAndPreSettle(v);
                f.counter.settle(v);
                assertEquals(VisitState.SETTLED, v.state());
                cancelled = cancelled == null ? v.receipt().setlId() : cancelled;
            }
        }
        f.counter.cancel(cancelled, null);

        // The link drops: a hospital visit is taken as deferred, the pharmacy debits 35.50 from a card offline.
        f.central.faults().arm(Fault.parse("9001:close-before:1"));
        f.link.signIn(SUPERVISOR, "00-1A-2B-3C-4D-5E", "127.0.0.1");
        assertEquals(LinkState.OFFLINE, monitor.state());
        DemoCard patient = f.insert(1);
        DeferredReceipt deferred;
        try (CountingTransport t = f.cardTransport()) {
            deferred = deferredVisits().take(new CardSession(t, f.cardKeys()), patient.pin().toCharArray(),
                    deferredItems(), "D01", "李医生");
        }
        f.login("pharmacist");
        DemoCard buyer = java.util.stream.Stream.of(3, 4, 5, 6).map(f.cards::card)
                .filter(c -> c.status() == DemoCard.Status.ACTIVE && c.insurance().balanceFen() >= 10_000)
                .findFirst().orElseThrow();
        SimulatedCard buyerCard = new CardFactory().issue(buyer);
        OfflineSale.Receipt paid = sale().debit(session(buyerCard), buyer.pin().toCharArray(), Money.ofFen(3_550));
        String refused = queueForgedDebit(buyer);

        assertEquals(LinkState.ONLINE, monitor.probeNow());
        new Forwarder(f.link, f.store).runOnce();
        assertEquals(OutboxState.DONE, f.store.outbox().find(paid.msgid()).orElseThrow().state());
        assertEquals(OfflineDebitResult.TAC_INVALID, MessageCodec.readResponse(f.store.outbox().find(refused)
                .orElseThrow().response(), Transaction.OFFLINE_DEBITS).output().result().get(0).rslt());
        f.login("cashier");
        DeferredVisit settled = deferredVisits().list().stream().filter(v -> v.ref().equals(deferred.ref()))
                .findFirst().orElseThrow();
        assertEquals(DeferredState.SETTLED, settled.state(), String.valueOf(settled.reason()));
        // One more debit after the link came back, not yet forwarded: pending, in no books.
        f.login("pharmacist");
        OfflineSale.Receipt queued = sale().debit(session(buyerCard), buyer.pin().toCharArray(), Money.ofFen(1_200));

        return new Day(paid, queued);
    }

    @Test
    void everyAcceptedPaymentIsInTheDaysBooksAndNothingElse() throws Exception {
        LocalDate today = LocalDate.now(f.clock);
        Day day = playTheDay();
        OfflineSale.Receipt paid = day.paid();
        OfflineSale.Receipt queued = day.queued();
        String debitId = CardService.offlineDebitId(paid.termId(), paid.termSeq());
        SettledRecords.Record debit = f.counter.records().between(today, today).stream()
                .filter(r -> r.setlId().equals(debitId)).findFirst().orElseThrow();
        assertEquals(SettledRecords.Kind.OFFLINE_DEBIT, debit.kind());
        assertEquals(Money.parse("35.50"), debit.medfee());
        assertEquals(Money.parse("35.50"), debit.acct());
        assertEquals(Money.ZERO, debit.fund());
        assertEquals(paid.msgid(), debit.msgid());
        assertEquals(LocalDateTime.parse(paid.txnTime(), Fields.DATE_TIME), debit.setlTime());
        assertFalse(f.counter.records().between(today, today).stream()
                .anyMatch(r -> r.setlId().equals(CardService.offlineDebitId(queued.termId(), queued.termSeq()))));

        f.login("supervisor");
        Reconciliation.Result books = f.reconciliation().reconcile(today, today);
        assertTrue(books.balanced(), books.toString());
        assertEquals(new SettledRecords.DebitsOutside(1, Money.parse("12.00"), 1), books.debitsOutside());
        long records = books.types().stream().mapToLong(t -> t.totals().count()).sum();
        assertEquals(2 + 1 + 1 + 1, records, "two settlements, the cancel, the deferred visit, the accepted debit");
        InsuType debitType = debit.insutype();
        Reconciliation.TypeResult ofDebit = books.types().stream().filter(t -> t.totals().insutype() == debitType
                && t.clrType() == ClrType.PHARMACY).findFirst().orElseThrow();
        assertEquals(1, ofDebit.totals().count(), "the debit alone is cleared under clr_type 41");
        assertTrue(ofDebit.description().contains("1 offline debits"), ofDebit.description());
        assertEquals(List.of(), f.reconciliation().detail(today, today), "3202: every row matches");

        Reports reports = new Reports(f.store, f.authorizer, f.counter.records());
        String daily = Reports.csv(reports.daily(today));
        assertTrue(daily.contains("," + debitId + ",脱机扣款," + debitType.code() + ",41,pharmacist,35.50,0.00,35.50,0.00,1\r\n"),
                daily);
        assertTrue(daily.contains(",补结算,"), daily);
        assertTrue(daily.contains("小计,,脱机扣款,,,,35.50,0.00,35.50,0.00,1\r\n"), daily);
        assertTrue(daily.contains("小计,,补结算,"), daily);
        for (Reconciliation.Totals s : books.byInsutype().values()) {
            assertTrue(daily.contains("合计,,," + s.insutype().code() + ",,," + s.medfee() + "," + s.fund() + ","
                    + s.acct() + "," + s.cash() + "," + s.count() + "\r\n"), daily);
        }
        assertTrue(daily.contains("未入账,金额 12.00," + Reports.PENDING_DEBITS + ",,,,,,,,1\r\n"), daily);
        assertTrue(daily.contains("未入账,," + Reports.REFUSED_DEBITS + ",,,,,,,,1\r\n"), daily);
        String monthly = Reports.csv(reports.monthly(YearMonth.from(today)));
        assertTrue(monthly.contains(today + "," + debitType.code() + ",脱机扣款,1,35.50,0.00,35.50,0.00\r\n"), monthly);
        assertTrue(monthly.contains("小计,,补结算,1,"), monthly);
        String stats = Reports.csv(reports.stats(today, today));
        assertTrue(stats.contains("类型,脱机扣款,1,35.50\r\n"), stats);
        assertTrue(stats.contains("类型,补结算,1,"), stats);

        f.login("pharmacist");
        ShiftSummary pharmacy = f.counter.closeShift();
        assertEquals(1, pharmacy.offlineDebits());
        assertEquals(0, pharmacy.settlements());
        assertEquals(Money.parse("35.50"), pharmacy.acct());
        assertEquals(Money.parse("35.50"), pharmacy.medfee());
        assertEquals(new SettledRecords.DebitsOutside(1, Money.parse("12.00"), 1), pharmacy.debitsOutside());
        f.login("cashier");
        ShiftSummary cashier = f.counter.closeShift();
        assertEquals(2, cashier.settlements());
        assertEquals(1, cashier.cancels());
        assertEquals(1, cashier.deferred());
        assertEquals(0, cashier.offlineDebits());
    }

    /**
     * The same day copied to the hospital ledger (real PostgreSQL, scripts/pg-up): every record of the books once —
     * settlements, the cancel, the deferred visit, the accepted debit — and nothing else; the queued debit holds the
     * cursor back until it is answered, and the next pass adds just it. The institution's 3201 from the ledger balances.
     */
    @Test
    void theDaysBooksReachTheHospitalLedgerWholeAndOnce() throws Exception {
        Ledger ledger = LedgerDatabase.ledger(LedgerDatabase.require());
        LocalDate today = LocalDate.now(f.clock);
        Day day = playTheDay();
        LedgerReplicator replicator = new LedgerReplicator(f.store, ledger, CounterFixture.INSTITUTION,
                f.config.deviceNumber());
        LedgerReplicator.Pass first = replicator.runOnce();
        assertEquals(5, first.added(), "two settlements, the cancel, the deferred visit, the accepted debit");
        assertEquals(f.store.outbox().find(day.queued().msgid()).orElseThrow().id() - 1, first.cursor(),
                "the queued debit holds the cursor");
        assertEquals(ledgerForm(f.counter.records().between(today, today)), ledger.between(CounterFixture.INSTITUTION,
                today, today));
        assertEquals(0, replicator.runOnce().added(), "what is behind the queued debit is not copied twice");

        new Forwarder(f.link, f.store).runOnce();
        LedgerReplicator.Pass second = replicator.runOnce();
        assertEquals(1, second.added(), "the debit answered since");
        assertTrue(second.cursor() > first.cursor());
        List<SettledRecords.Record> books = f.counter.records().between(today, today);
        assertEquals(6, books.size());
        assertEquals(ledgerForm(books), ledger.between(CounterFixture.INSTITUTION, today, today));
        f.login("supervisor");
        assertTrue(f.reconciliation().reconcileInstitution(today, today, ledger.between(CounterFixture.INSTITUTION,
                today, today)).balanced());
    }

    private List<SettledRecords.Record> ledgerForm(List<SettledRecords.Record> books) {
        return books.stream().map(r -> Ledger.asKept(r, f.config.deviceNumber())).toList();
    }

    private DeferredVisits deferredVisits() {
        return new DeferredVisits(f.config, f.store, f.link, new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock),
                monitor, f.authorizer, f.clock);
    }

    private OfflineSale sale() {
        return new OfflineSale(f.config, f.store, f.link, new OfflinePolicy(OfflineLimits.DEFAULTS, f.store, f.clock),
                f.authorizer, f.clock);
    }

    private CardSession session(SimulatedCard card) {
        return new CardSession(CardTransports.standard(new InProcessTransport(card)), f.cardKeys());
    }

    /** A class A service item priced so that the visit exceeds any deductible left (the fund pays a share). */
    private List<CounterItem> deferredItems() {
        Catalog.NationalItem n = f.nationalItems().stream()
                .filter(i -> i.itemClass() == ItemClass.A && !i.code().startsWith("X") && i.priceCap() != null)
                .max(java.util.Comparator.comparing(Catalog.NationalItem::priceCap)).orElseThrow();
        long price = f.store.catalog().local("L" + n.code()).orElseThrow().price().fen();
        return List.of(new CounterItem("L" + n.code(), Math.max(1, 250_000 / price)));
    }

    /** A C110 of today with a made-up TAC, queued as the pharmacist's: the central service answers TAC invalid. */
    private String queueForgedDebit(DemoCard card) {
        String now = Fields.DATE_TIME.format(LocalDateTime.now(f.clock).withNano(0));
        CardService.OfflineDebits in = new CardService.OfflineDebits(List.of(new CardService.OfflineDebit("0000000000A1",
                1L, card.cardNumber().toString(), card.identification().hex().toUpperCase(), 1L, now, Money.ofFen(800),
                Money.ofFen(1_000), "1A2B3C4D")));
        PreparedMessage m = f.link.prepare(Transaction.OFFLINE_DEBITS, in, PHARMACIST);
        f.store.outbox().enqueue("pharmacist", new OutboxMessage(m.msgid(), OfflineSale.STREAM, m.infno(), m.body(),
                true, null, Money.ofFen(800)));
        return m.msgid();
    }
}
