package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscard.card.CardFileNotFoundException;
import org.sscard.card.session.Application;
import org.sscard.card.tlv.Codecs;
import org.sscard.card.session.MedicalData;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MedType;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.receipt.Receipt;

/**
 * The station killed at each step of a hospital visit and started again: the killed station's objects are dropped
 * where they stand (the step listener throws an {@link Error} that no station code catches, so no close, no outbox
 * transition and no clean-up run), a new station is built over the same store file, the forwarder runs and the
 * visit is resumed. The visit must end settled exactly once in the central service's own records, every message
 * the killed station had stored must still be there and delivered, the card must carry the settlement once, and
 * 3201 must balance.
 */
class KilledVisitRecoveryTest {
    /** Stands for the process dying: an Error passes every {@code catch (RuntimeException)} of the station. */
    private static final class Killed extends Error {
        Killed(String point) {
            super("killed at " + point, null, false, false);
        }
    }

    @org.junit.jupiter.api.io.TempDir
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

    /**
     * Every {@link Counter.Step}, and {@value #ANSWER_ON_ITS_WAY}: the 2207 claimed and sent, booked by the central
     * service, the station killed as the answer arrives, before the outbox records it (IN_FLIGHT at the restart).
     */
    static Stream<String> killPoints() {
        return Stream.concat(Arrays.stream(Counter.Step.values()).map(Enum::name), Stream.of(ANSWER_ON_ITS_WAY));
    }

    private static final String ANSWER_ON_ITS_WAY = "2207_ANSWER_ON_ITS_WAY";

    @ParameterizedTest
    @MethodSource("killPoints")
    void aStationKilledHereResumesAndSettlesTheVisitExactlyOnce(String killedAt) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        MedicalData before = card.session().readMedicalData();
        String[] mdtrtId = new String[1];
        boolean[] settlementSent = new boolean[1];
        f.counter.onStep((step, id) -> {
            mdtrtId[0] = id;
            if (step.name().equals(killedAt)) {
                throw new Killed(killedAt);
            }
            settlementSent[0] = step == Counter.Step.SETTLEMENT_QUEUED;
        });
        f.link.addOutcomeListener(outcome -> {
            if (settlementSent[0] && killedAt.equals(ANSWER_ON_ITS_WAY)) {
                throw new Killed(killedAt);
            }
        });
        assertThrows(Killed.class, () -> {
            Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
            f.counter.uploadAndPreSettle(v);
            f.counter.settle(v);
        });
        Set<String> storedBeforeKill = f.store.outbox().stream(Visit.streamOf(mdtrtId[0])).stream()
                .map(OutboxEntry::msgid).collect(Collectors.toSet());

        f.restartStation();
        f.login("cashier");
        new Forwarder(f.link, f.store).runOnce();
        f.insert(1);
        PresentedCard again = f.presentation.present(demo.pin().toCharArray());

        String settledVisit;
        Receipt receipt;
        if (killedAt.equals(Counter.Step.REGISTERED.name())) {
            assertTrue(storedBeforeKill.isEmpty());
            assertTrue(f.counter.visits(true).stream().noneMatch(o -> o.mdtrtId().equals(mdtrtId[0])),
                    "a visit with nothing uploaded is not listed");
            Visit v = f.counter.register(again, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
            f.counter.uploadAndPreSettle(v);
            f.counter.settle(v);
            assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
            assertEquals(0, f.centralSettlements(mdtrtId[0]), "the abandoned registration was never settled");
            settledVisit = v.mdtrtId();
            receipt = v.receipt();
        } else {
            assertTrue(f.counter.visits(true).stream().anyMatch(o -> o.mdtrtId().equals(mdtrtId[0])),
                    "the killed visit is listed as open");
            Visit v = f.counter.resume(mdtrtId[0], again);
            if (killedAt.equals(ANSWER_ON_ITS_WAY)) {
                assertTrue(f.store.outbox().stream(Visit.streamOf(mdtrtId[0])).stream().anyMatch(e -> e.state()
                        == OutboxState.RESOLVED && e.resolution().contains("undone by 2601")), "the forwarder's 2601"
                        + " undid the settlement the killed station never recorded");
            }
            if (v.state() == VisitState.PRE_SETTLED) {
                f.counter.settle(v);
            }
            assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
            assertTrue(f.counter.visits(true).stream().noneMatch(o -> o.mdtrtId().equals(mdtrtId[0])));
            assertThrows(CounterException.class, () -> f.counter.resume(mdtrtId[0], again), "nothing left to resume");
            settledVisit = v.mdtrtId();
            receipt = v.receipt();
        }

        assertEquals(1, f.centralSettlements(settledVisit), "one live settlement of the visit at the central service");
        List<OutboxEntry> stream = f.store.outbox().stream(Visit.streamOf(mdtrtId[0]));
        Set<String> nowStored = stream.stream().map(OutboxEntry::msgid).collect(Collectors.toSet());
        assertTrue(nowStored.containsAll(storedBeforeKill), "nothing stored before the kill is lost: " + stream);
        assertTrue(f.store.outbox().pendingStreams().isEmpty(), "nothing left to send: " + f.store.outbox().pendingStreams());
        assertTrue(f.store.outbox().unknown().isEmpty());
        assertTrue(f.store.outbox().dead().isEmpty());
        assertEquals(1, f.counter.records().between(LocalDate.now(f.clock), LocalDate.now(f.clock)).size());

        MedicalData after = again.session().readMedicalData();
        assertTrue(receipt.amounts().actPayDedc().fen() > 0, "the visit consumes deductible, so counting it twice would show");
        assertEquals(receipt.amounts().balance().fen(), after.balance().fen());
        assertEquals(before.yearToDate().fen() + receipt.amounts().actPayDedc().fen(), after.yearToDate().fen(),
                "the deductible is counted once");
        byte[] latest = again.session().readCyclicRecord(Application.EF08, 1);
        assertArrayEquals(settlementIdField(receipt.setlId()), Arrays.copyOf(latest, 20));
        try {
            byte[] previous = again.session().readCyclicRecord(Application.EF08, 2);
            assertFalse(Arrays.equals(Arrays.copyOf(latest, 20), Arrays.copyOf(previous, 20)),
                    "the settlement is written to the card once");
        } catch (CardFileNotFoundException onlyOneRecord) {
            // the card's first transaction record: nothing written twice
        }
        again.close();

        f.login("supervisor");
        LocalDate today = LocalDate.now(f.clock);
        Reconciliation.Result r = f.reconciliation().reconcile(today, today);
        assertTrue(r.balanced(), r.toString());
        assertTrue(r.differences().isEmpty(), r.toString());
    }

    private List<CounterItem> items() {
        return List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1));
    }

    private static byte[] settlementIdField(String setlId) {
        String id = setlId.length() > 20 ? setlId.substring(setlId.length() - 20) : setlId;
        return Codecs.encodeAn(id, 20, "settlement id");
    }
}
