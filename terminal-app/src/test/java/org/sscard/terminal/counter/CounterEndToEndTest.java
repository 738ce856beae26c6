package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.card.CardRetainedException;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.store.Blacklist;
import java.time.Duration;
import java.time.LocalDate;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.CitizenId;

class CounterEndToEndTest {
    @TempDir
    Path dir;
    CounterFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aFullVisitSettlesUpdatesTheCardAndReconciles() {
        DemoCard demo = f.insert(1);
        f.login("cashier");
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        assertEquals(demo.cardNumber().value(), card.holder().cardNumber());
        assertFalse(card.holder().toString().contains(demo.cardNumber().value()), "masked: " + card.holder());
        assertEquals(CitizenId.mask(demo.holder().certificateNumber()), card.holder().maskedIdNumber());
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(List.of(
                new CounterItem("L" + f.nationalItems().get(0).code(), 2),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1))));
        f.counter.uploadAndPreSettle(v);
        assertEquals(VisitState.PRE_SETTLED, v.state());
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        Receipt r = v.receipt();
        assertNotNull(r.setlId());
        assertTrue(r.cardUpdated());
        Receipt.Amounts a = r.amounts();
        assertEquals(a.medfeeSumamt(), a.fundPaySumamt().plus(a.acctPay()).plus(a.psnCashPay()));
        assertEquals(2, r.lines().size());
        assertEquals(r.amounts().balance().fen(), card.session().readMedicalData().balance().fen());
        card.close();
    }

    @Test
    void aDepartmentOrDoctorTheSettingsDoNotListIsRefusedBeforeAnythingIsSent() throws Exception {
        DemoCard demo = f.insert(1);
        f.login("cashier");
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        int before = f.centralMessages();
        CounterException dept = assertThrows(CounterException.class,
                () -> f.counter.register(card, MedType.OUTPATIENT, "D99", "李医生", f.counter.basket(items())));
        assertEquals(Reason.DEPARTMENT_UNKNOWN, dept.problem().reason());
        CounterException doctor = assertThrows(CounterException.class,
                () -> f.counter.register(card, MedType.OUTPATIENT, "D01", "赵医生", f.counter.basket(items())));
        assertEquals(Reason.DOCTOR_UNKNOWN, doctor.problem().reason());
        assertEquals(before, f.centralMessages(), "nothing was sent");
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
        assertEquals(VisitState.REGISTERED, v.state());
        card.close();
    }

    private List<CounterItem> items() {
        return List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1));
    }

    private Visit preSettled(int cardNumber, MedType medType) {
        DemoCard demo = f.insert(cardNumber);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = f.counter.register(card, medType, "D01", "李医生", f.counter.basket(items()));
        return f.counter.uploadAndPreSettle(v);
    }

    private void reconcileBalanced() {
        f.login("supervisor");
        LocalDate today = LocalDate.now(f.clock);
        Reconciliation.Result r = f.reconciliation().reconcile(today, today);
        assertTrue(r.balanced(), r.toString());
        assertTrue(r.differences().isEmpty(), r.toString());
    }

    @Test
    void aCashierCancelsOwnSettlementAnotherCashierMayNotAndReconcileBalances() {
        f.login("cashier");
        Visit v = f.counter.settle(preSettled(1, MedType.OUTPATIENT));
        String setlId = v.receipt().setlId();
        f.login("cashier2");
        assertThrows(AccessDeniedException.class, () -> f.counter.cancel(setlId, null));
        f.login("cashier");
        Receipt cancel = f.counter.cancel(setlId, null);
        assertEquals(v.receipt().amounts().medfeeSumamt().negate(), cancel.amounts().medfeeSumamt());
        assertEquals(setlId, cancel.origSetlId());
        assertThrows(CounterException.class, () -> f.counter.cancel(setlId, null));
        reconcileBalanced();
    }

    @Test
    void aPharmacySaleIsPaidFromThePersonalAccount() {
        f.login("pharmacist");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        String amoxicillin = f.store.catalog().searchLocal("AMXL", 5).get(0).localCode();
        Visit v = f.counter.register(card, MedType.PHARMACY, "PHARMACY", "药师",
                f.counter.basket(List.of(new CounterItem(amoxicillin, 2))));
        f.counter.uploadAndPreSettle(v);
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state());
        assertEquals(0, v.receipt().amounts().hifpPay().fen());
        assertTrue(v.receipt().amounts().acctPay().isPositive());
        CounterException tooMany = assertThrows(CounterException.class,
                () -> new ItemPricing(f.store.catalog()).price(List.of(new CounterItem(amoxicillin, 11))));
        assertTrue(tooMany.getMessage().contains("exceeds the limit"), tooMany.getMessage());
        String barcode = f.store.catalog().local(amoxicillin).orElseThrow().barcodes().get(0);
        assertEquals(2, new ItemPricing(f.store.catalog()).price(List.of(new CounterItem(amoxicillin, 5),
                new CounterItem(barcode, 5))).lines().size());
        CounterException acrossLines = assertThrows(CounterException.class, () -> new ItemPricing(f.store.catalog())
                .price(List.of(new CounterItem(amoxicillin, 6), new CounterItem(barcode, 5))));
        assertTrue(acrossLines.getMessage().contains("11 in all lines together exceeds the limit of 10"),
                acrossLines.getMessage());
        CounterException unmapped = assertThrows(CounterException.class,
                () -> new ItemPricing(f.store.catalog()).price(List.of(new CounterItem("LOCAL-UNMAPPED", 1))));
        assertTrue(unmapped.getMessage().contains("not mapped"), unmapped.getMessage());
        reconcileBalanced();
    }

    @Test
    void aBlacklistedCardIsBlockedAndRetained() {
        DemoCard demo = f.insert(2);
        f.store.blacklist().replaceAll(1, List.of(new Blacklist.Entry(demo.identification().hex().toUpperCase(),
                demo.cardNumber().value(), "lost")));
        f.login("cashier");
        CardRetainedException e = assertThrows(CardRetainedException.class,
                () -> f.presentation.present(demo.pin().toCharArray()));
        assertTrue(e.blocked());
        assertThrows(CardRetainedException.class, () -> f.presentation.present(demo.pin().toCharArray()));
    }

    @Test
    void aWrongPinSaysHowManyTriesAreLeft() {
        f.insert(1);
        f.login("cashier");
        var e = assertThrows(org.sscard.terminal.card.CardPresentationException.class,
                () -> f.presentation.present("000000".toCharArray()));
        assertTrue(e.getMessage().contains("tries left"), e.getMessage());
    }

    @Test
    void aServerErrorOn2207KeepsTheVisitPendingAndTheRetrySettlesItOnce() {
        f.login("cashier");
        Visit v = preSettled(1, MedType.OUTPATIENT);
        f.central.faults().arm(Fault.parse("2207:fail-5xx:1"));
        f.counter.settle(v);
        assertEquals(VisitState.PENDING, v.state());
        f.clock.advance(Duration.ofSeconds(6));
        f.counter.retry(v);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        reconcileBalanced();
    }

    @Test
    void aConnectionClosedBefore2207IsResolvedByReversalAndSettledAgainOnce() {
        f.login("cashier");
        Visit v = preSettled(1, MedType.OUTPATIENT);
        f.central.faults().arm(Fault.parse("2207:close-before:1"));
        f.counter.settle(v);
        assertEquals(VisitState.OUTCOME_UNKNOWN, v.state(), String.valueOf(v.reason()));
        assertThrows(CounterException.class, () -> f.counter.preSettleAgain(v));
        new Forwarder(f.link, f.store).runOnce();
        f.counter.refresh(v);
        assertEquals(VisitState.REVERSED, v.state());
        assertTrue(v.reason().contains("had not taken effect"), v.reason());
        f.counter.preSettleAgain(v);
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(1, f.counter.records().between(LocalDate.now(f.clock), LocalDate.now(f.clock)).size());
        reconcileBalanced();
    }

    @Test
    void anAnswerLostAfterCommitIsReversedNeverSettledTwice() {
        f.login("cashier");
        Visit v = preSettled(1, MedType.OUTPATIENT);
        f.central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
        f.counter.settle(v);
        assertEquals(VisitState.OUTCOME_UNKNOWN, v.state());
        assertThrows(CounterException.class, () -> f.counter.settle(v));
        new Forwarder(f.link, f.store).runOnce();
        f.counter.refresh(v);
        assertEquals(VisitState.REVERSED, v.state());
        assertTrue(v.reason().contains("undone by 2601"), v.reason());
        assertTrue(f.counter.records().between(LocalDate.now(f.clock), LocalDate.now(f.clock)).isEmpty());
        f.login("supervisor");
        reconcileBalanced();
        f.login("cashier");
        f.counter.preSettleAgain(v);
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state());
        assertEquals(1, f.counter.records().between(LocalDate.now(f.clock), LocalDate.now(f.clock)).size());
        reconcileBalanced();
    }
}
