package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.card.session.CardSession;
import org.sscard.card.transport.CardTransports;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.vpcd.VpcdBridge;
import org.sscard.protocol.CardService;
import org.sscard.protocol.CardState;
import org.sscard.protocol.MedType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.AuditEntry;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardPresentationException;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.CounterFixture;
import org.sscard.terminal.counter.CounterItem;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.Visit;
import org.sscard.terminal.counter.VisitState;
import org.sscard.terminal.forward.ForwardReport;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.offline.OfflinePolicy;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.sync.Sync;
import org.sscard.values.Money;

/**
 * The station's workflows with the card in a real PC/SC reader: the machine's pcscd with vsmartcard's vpcd driver,
 * demo card 1 plugged into {@value PcscReaders#CARD_READER} by card-sim's {@link VpcdBridge}, reached through
 * card-lib's {@link ReaderManager} with the default provider (the production path), against central-sim over HTTPS.
 * Skipped with the reason printed without pcscd + vpcd, mandatory under CI.
 */
class PcscWorkflowsEndToEndTest {
    private static final String READER = PcscReaders.CARD_READER;

    @TempDir
    Path dir;
    LiveCentral live;
    ReaderManager readers;
    DemoCard demo;
    SimulatedCard card;
    VpcdBridge bridge;
    Counter counter;
    CardPresentation presentation;

    @BeforeEach
    void start() throws Exception {
        PcscReaders.require();
        readers = new ReaderManager();
        assertTrue(readers.readers().contains(READER), "pcscd lists " + READER + ": " + readers.readers());
        assertTrue(readers.waitForCardAbsent(READER, Duration.ofSeconds(5)), "the reader starts empty");
        live = new LiveCentral(dir);
        Operators ops = live.station.store.operators();
        ops.create("admin1", "cashier1", "王收费", Role.CASHIER, "Temp-Pass-9".toCharArray());
        ops.changePassword("cashier1", "Temp-Pass-9".toCharArray(), LiveCentral.PASSWORD.clone());
        CounterFixture.loadCatalog(live.station.store.catalog());
        demo = live.cards.card(1);
        card = new CardFactory().issue(demo);
        insertCard();
        station();
    }

    @AfterEach
    void stop() throws IOException {
        if (bridge != null) {
            bridge.close();
            assertTrue(readers.waitForCardAbsent(READER, Duration.ofSeconds(5)), "the reader is left empty");
        }
        if (live != null) {
            live.close();
        }
    }

    /** The counter and the card presentation over the current link (it changes when the central comes back). */
    private void station() {
        counter = new Counter(live.station.config, live.station.store, live.link, live.authorizer, live.station.clock);
        presentation = new CardPresentation(new CardSlot(readers, READER), live.station.module, live.station.store,
                live.link, live.authorizer);
    }

    private void insertCard() throws IOException {
        bridge = VpcdBridge.insert("127.0.0.1", VpcdBridge.FIRST_SLOT_PORT, card, Duration.ofSeconds(5));
        assertTrue(readers.waitForCardPresent(READER, Duration.ofSeconds(5)), "the inserted card is seen by pcscd");
    }

    private void removeCard() throws IOException {
        bridge.close();
        bridge = null;
        assertTrue(readers.waitForCardAbsent(READER, Duration.ofSeconds(5)), "pcscd sees the card gone");
    }

    /** The card's medical EF05 balance, read afresh over a new connection to the reader. */
    private long balanceOnCard() {
        try (CountingTransport transport = CardTransports.standard(readers.connect(READER))) {
            return new CardSession(transport, live.station.module).readCard().medical().balance().fen();
        }
    }

    private PresentedCard present() {
        return presentation.present(demo.pin().toCharArray());
    }

    private List<CounterItem> items(int count) {
        var national = live.station.store.catalog().searchNational("", 1000);
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new CounterItem("L" + national.get(i * 37).code(), 1 + i % 2)).toList();
    }

    private Reconciliation.Result reconcile() {
        live.login("sup1");
        LocalDate today = LocalDate.now(live.station.clock);
        return new Reconciliation(live.station.store, live.link, live.authorizer, counter.records()).reconcile(today, today);
    }

    @Test
    void everyCounterWorkflowThroughPcscd() throws Exception {
        // Card read and 1101.
        live.login("cashier1");
        PresentedCard presented = present();
        assertEquals(demo.cardNumber().value(), presented.cardNumber());
        assertEquals(demo.holder().name(), presented.holder().name());
        assertTrue(presented.transport().count() >= 25, "the card was read through the reader");

        // A hospital visit settled and written to the card.
        Visit visit = counter.register(presented, MedType.OUTPATIENT, "D01", "李医生", counter.basket(items(3)));
        counter.uploadAndPreSettle(visit);
        counter.settle(visit);
        assertEquals(VisitState.SETTLED, visit.state(), String.valueOf(visit.reason()));
        Receipt settled = visit.receipt();
        assertTrue(settled.cardUpdated());
        presented.close();
        assertEquals(settled.amounts().balance().fen(), balanceOnCard(), "EF05 carries the central service's balance after");

        // A pharmacy sale, paid from the personal account.
        live.login("pharm1");
        presented = present();
        String amoxicillin = live.station.store.catalog().searchLocal("AMXL", 5).get(0).localCode();
        Visit sale = counter.register(presented, MedType.PHARMACY, "PHARMACY", "药师",
                counter.basket(List.of(new CounterItem(amoxicillin, 2))));
        counter.uploadAndPreSettle(sale);
        counter.settle(sale);
        assertEquals(VisitState.SETTLED, sale.state(), String.valueOf(sale.reason()));
        assertTrue(sale.receipt().amounts().acctPay().isPositive());
        assertTrue(sale.receipt().cardUpdated());
        presented.close();
        long beforeOffline = balanceOnCard();
        assertEquals(sale.receipt().amounts().balance().fen(), beforeOffline);

        // An offline pharmacy debit: link down, debited on the card, queued; forwarded when the link is back.
        new Sync(live.link, live.station.store, live.authorizer, live.station.clock).blacklist(Sync.SYSTEM);
        live.linkDown();
        OfflineSale offline = new OfflineSale(live.station.config, live.station.store, live.link,
                new OfflinePolicy(live.station.config.offline(), live.station.store, live.station.clock), live.authorizer,
                live.station.clock);
        OfflineSale.Receipt debit;
        try (CountingTransport transport = new CardSlot(readers, READER).connect()) {
            debit = offline.debit(new CardSession(transport, live.station.module), demo.pin().toCharArray(), Money.ofFen(1_250));
        }
        assertTrue(debit.mac2Verified());
        assertEquals(beforeOffline - 1_250, debit.balanceAfter().fen());
        assertEquals(beforeOffline - 1_250, balanceOnCard());
        live.station.clock.advance(Duration.ofMinutes(10));
        live.linkUp();
        station();
        ForwardReport forwarded = new Forwarder(live.link, live.station.store).runOnce();
        assertEquals(1, forwarded.delivered(), forwarded.toString());
        byte[] answer = live.station.store.outbox().find(debit.msgid()).orElseThrow().response();
        assertEquals(List.of(OfflineDebitResult.ACCEPTED), MessageCodec.readResponse(answer, Transaction.OFFLINE_DEBITS)
                .output().result().stream().map(CardService.OfflineDebitRow::rslt).toList(), "one C110, TAC verified");
        assertEquals(0, new Forwarder(live.link, live.station.store).runOnce().sent(), "nothing sent twice");

        // 2208: the cashier cancels the visit with the card presented; the card's balance is written back.
        live.login("cashier1");
        presented = present();
        Receipt cancel = counter.cancel(settled.setlId(), presented);
        assertEquals(settled.setlId(), cancel.origSetlId());
        assertEquals(settled.amounts().medfeeSumamt().negate(), cancel.amounts().medfeeSumamt());
        assertTrue(cancel.cardUpdated());
        presented.close();
        assertEquals(cancel.amounts().balance().fen(), balanceOnCard());

        // A loss report at the card office; the card is then refused online.
        live.login("clerk1");
        CardOffice office = new CardOffice(live.station.config, live.station.store, live.station.module, live.link,
                live.authorizer, live.station.clock);
        assertEquals(CardState.LOST, office.reportLoss(demo.cardNumber().toString(), demo.holder().certificateNumber(),
                "lost at the market").cardStas());
        live.login("cashier1");
        CardPresentationException refused = assertThrows(CardPresentationException.class, this::present);
        assertTrue(refused.getMessage().contains("reported lost"), refused.getMessage());

        Reconciliation.Result day = reconcile();
        assertTrue(day.balanced(), day.toString());
        assertTrue(day.differences().isEmpty(), day.toString());
    }

    @Test
    void aCardRemovedMidVisitIsAClearErrorAndTheSettlementIsKept() throws Exception {
        live.login("cashier1");
        long before = balanceOnCard();
        PresentedCard presented = present();
        Visit visit = counter.register(presented, MedType.OUTPATIENT, "D01", "李医生", counter.basket(items(2)));
        counter.uploadAndPreSettle(visit);
        removeCard();

        counter.settle(visit);
        assertEquals(VisitState.SETTLED, visit.state(), "the settlement stands");
        assertEquals("settled, but the card's medical data were not updated", visit.reason());
        assertFalse(visit.receipt().cardUpdated());
        assertNotNull(visit.receipt().setlId());
        List<AuditEntry> failures = live.station.store.audit().query("cashier1", Instant.EPOCH,
                live.station.clock.instant().plusSeconds(1), "card.update.failed", 10);
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).detail().contains("The card was removed from reader '" + READER + "'"),
                failures.get(0).detail());
        presented.close();

        CardPresentationException noCard = assertThrows(CardPresentationException.class, this::present);
        assertTrue(noCard.getMessage().startsWith("The card cannot be read: "), noCard.getMessage());

        insertCard();
        assertEquals(before, balanceOnCard(), "nothing was written to the card");
        PresentedCard again = present();
        assertEquals(demo.cardNumber().value(), again.cardNumber());
        again.close();
        LocalDate today = LocalDate.now(live.station.clock);
        assertEquals(1, counter.records().between(today, today).size(), "the settlement is booked once");
        Reconciliation.Result day = reconcile();
        assertTrue(day.balanced(), day.toString());
    }
}
