package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscard.card.session.MedicalData;
import org.sscard.centralsim.Fault;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MedType;
import org.sscard.store.FullDisk;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.StoreFullException;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.forward.Forwarder;

/**
 * The disk under the station store fills up at each store write a visit makes after its 2207 was answered (SQLite
 * itself refuses them with SQLITE_FULL, {@link FullDisk}), and stays full: the visit must end SETTLED with its
 * receipt and the card updated, the advice must say so and never to repeat it, and once space returns the station's
 * records must catch up — the 2207 DONE once, the visit finished and not open, one station record — with exactly one
 * settlement in central-sim's own database. The write points are counted on a visit with space to spare, so a new
 * write after the 2207 is covered without changing this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullAfterSettlementTest {
    @TempDir
    static Path dir;
    CounterFixture f;
    DemoCard demo;
    /** Store writes of a visit from the 2207's answer to its end, on a disk with space. */
    int writePoints;

    @BeforeAll
    void start() throws Exception {
        f = new CounterFixture(dir);
        f.login("cashier");
        demo = f.insert(1);
        long[] atAnswer = new long[1];
        Visit v = settle(() -> atAnswer[0] = f.store.writeStatistics().transactions());
        assertEquals(VisitState.SETTLED, v.state());
        writePoints = (int) (f.store.writeStatistics().transactions() - atAnswer[0]);
        assertTrue(writePoints >= 2, "2207 DONE with the card's values, the finished mark: " + writePoints);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @AfterEach
    void spaceBack() {
        FullDisk.spaceFreed(f.config.storeFile());
        f.central.faults().clearAll();
    }

    Stream<Integer> points() {
        return IntStream.range(0, writePoints).boxed();
    }

    @ParameterizedTest(name = "disk full from write {0} after the 2207 answer")
    @MethodSource("points")
    void aFullDiskAfterTheSettlementNeverAdvisesARepeatAndTheRecordsCatchUp(int point) throws Exception {
        f.login("cashier");
        MedicalData before = presentedBalance();
        Visit v = settle(() -> FullDisk.after(f.config.storeFile(), point));

        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(Known.SETTLED, v.known());
        assertEquals(Records.IN_RESERVE, v.records());
        String advice = v.advice().english();
        assertNotNull(advice);
        assertTrue(advice.contains("is settled (setl_id " + v.settlement().setlinfo().setlId()), advice);
        assertTrue(advice.contains("Do not settle this visit again"), advice);
        assertTrue(advice.contains("recovery reserve"), advice);
        assertFalse(advice.toLowerCase(Locale.ROOT).contains("repeat"), advice);
        assertNotNull(v.receipt(), "the receipt is made from memory");
        assertTrue(v.receipt().cardUpdated(), "the card is written whatever the store");
        assertEquals(v.receipt().amounts().balance().fen(), v.card().session().readMedicalData().balance().fen());
        assertTrue(before.balance().fen() >= v.receipt().amounts().balance().fen());
        assertEquals(1, f.centralSettlements(v.mdtrtId()));
        assertThrows(StoreFullException.class, () -> f.store.audit().record("cashier", "x", "y", ""),
                "the disk is still full");

        FullDisk.spaceFreed(f.config.storeFile());
        List<OpenVisits.OpenVisit> open = f.counter.visits(true);
        caughtUp(v, open);
    }

    @Test
    void aStationRestartedOnAFullDiskRefusesToStartAndEntersTheRecordsFirstWhenSpaceReturns() throws Exception {
        f.login("cashier");
        Visit v = settle(() -> FullDisk.after(f.config.storeFile(), 0));
        assertEquals(VisitState.SETTLED, v.state());
        assertEquals(Records.IN_RESERVE, v.records());

        StoreFullException refused = assertThrows(StoreFullException.class, f::restartStation);
        assertTrue(refused.getMessage().contains("recovery reserve"), refused.getMessage());
        assertFalse(refused.getMessage().contains("repeat the operation"), refused.getMessage());
        FullDisk.spaceFreed(f.config.storeFile());
        f.restartStation();
        assertEquals(OutboxState.DONE, f.store.outbox().find(v.settlementMsgid()).orElseThrow().state(),
                "answered: not taken for a message in flight, so no 2601 undoes it");
        new Forwarder(f.link, f.store).runOnce();
        f.login("cashier");
        caughtUp(v, f.counter.visits(true));
    }

    @Test
    void aLostAnswerOnAFullDiskIsUnknownNeverRepeatedAndResolvedOnceSpaceReturns() throws Exception {
        f.login("cashier");
        f.central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
        Visit v = settle(() -> FullDisk.after(f.config.storeFile(), 0));
        assertEquals(VisitState.OUTCOME_UNKNOWN, v.state());
        assertEquals(Known.UNKNOWN, v.known());
        assertEquals(Records.IN_RESERVE, v.records());
        String unknown = v.advice().english();
        assertTrue(unknown.contains("not known"), unknown);
        assertTrue(unknown.contains("Do not settle this visit again"), unknown);

        FullDisk.spaceFreed(f.config.storeFile());
        f.login("supervisor");
        new Forwarder(f.link, f.store).runOnce();
        assertEquals(OutboxState.RESOLVED, f.store.outbox().find(v.settlementMsgid()).orElseThrow().state());
        assertEquals(0, f.centralSettlements(v.mdtrtId()), "the 2601 undid it");
        f.login("cashier");
        f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit resumed = f.counter.resume(v.mdtrtId(), card);
        f.counter.settle(resumed);
        assertEquals(VisitState.SETTLED, resumed.state());
        assertEquals(1, f.centralSettlements(v.mdtrtId()));
    }

    private void caughtUp(Visit v, List<OpenVisits.OpenVisit> open) throws Exception {
        assertFalse(f.store.recovery().behind());
        assertTrue(open.stream().noneMatch(o -> o.mdtrtId().equals(v.mdtrtId())), "the visit is not left open: " + open);
        List<OutboxEntry> settlements = f.store.outbox().stream(v.stream()).stream()
                .filter(e -> e.infno().equals("2207")).toList();
        assertEquals(1, settlements.size());
        assertEquals(OutboxState.DONE, settlements.get(0).state());
        String setlId = v.settlement().setlinfo().setlId();
        assertEquals(1, f.counter.records().between(LocalDate.now(f.clock), LocalDate.now(f.clock)).stream()
                .filter(r -> r.setlId().equals(setlId)).count(), "one station record of the settlement");
        assertEquals(demo.holder().name(), f.counter.records().holderName(setlId).orElseThrow());
        assertTrue(f.store.outbox().pendingStreams().isEmpty());
        assertTrue(f.store.audit().verify().intact());
        assertEquals(1, f.centralSettlements(v.mdtrtId()), "exactly one settlement at the central service");
    }

    private MedicalData presentedBalance() {
        f.insert(1);
        try (PresentedCard card = f.presentation.present(demo.pin().toCharArray())) {
            return card.session().readMedicalData();
        }
    }

    /** A whole visit of demo card 1; {@code atAnswer} runs as the 2207's answer arrives, before it is recorded. */
    private Visit settle(Runnable atAnswer) {
        f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        boolean[] queued = new boolean[1];
        f.counter.onStep((step, id) -> queued[0] |= step == Counter.Step.SETTLEMENT_QUEUED);
        f.link.addOutcomeListener(outcome -> {
            if (queued[0]) {
                queued[0] = false;
                atAnswer.run();
            }
        });
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生",
                f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 1))));
        f.counter.uploadAndPreSettle(v);
        f.counter.settle(v);
        return v;
    }
}
