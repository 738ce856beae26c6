package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.nio.file.Path;
import java.util.List;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.psam.DemoPsam;
import org.sscard.cardsim.psam.SimulatedPsam;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.CardPresentation;
import org.sscard.terminal.card.CardPresentationException;
import org.sscard.terminal.card.CardSlot;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.card.StationPsam;
import org.sscard.terminal.receipt.Receipt;

/**
 * A station whose card keys are in the demo PSAM (jCardSim, in its own reader through {@link ReaderManager}) and whose
 * key store holds only its own DATA and DEVICE_SIGN keys: a card is presented and a visit settled, the card updated
 * with secure messaging; a PSAM pulled from its reader gives a clear error.
 */
class PsamCounterTest {
    private static final String PSAM_READER = "PSAM reader";

    @TempDir
    Path dir;
    CounterFixture f;
    final CardTerminals terminals = CardTerminalSimulator.terminals(PSAM_READER, "jCardSim reader");
    SimulatedPsam psamCard;
    StationPsam psam;
    CardPresentation presentation;

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir);
        psamCard = DemoPsam.create();
        psamCard.simulator().assignToTerminal(terminals.getTerminal(PSAM_READER));
        ReaderManager readers = new ReaderManager(() -> terminals);
        psam = StationPsam.open(readers, PSAM_READER);
        presentation = new CardPresentation(new CardSlot(readers, null, PSAM_READER), psam.cardKeys(f.stationKeys),
                f.store, f.link, f.authorizer);
    }

    @AfterEach
    void tearDown() {
        psam.close();
        f.close();
    }

    private DemoCard insert(int number) {
        DemoCard demo = f.cards.card(number);
        SimulatedCard card = new CardFactory().issue(demo);
        card.simulator().assignToTerminal(terminals.getTerminal("jCardSim reader"));
        return demo;
    }

    @Test
    void aVisitIsSettledWithTheCardKeysInThePsam() {
        assertFalse(f.stationKeys.keys().stream().anyMatch(k -> k.ref().type().hierarchical()),
                "the station's key store holds no card key: every card operation needs the PSAM");
        DemoCard demo = insert(1);
        f.login("cashier");
        PresentedCard card = presentation.present(demo.pin().toCharArray());
        assertEquals(demo.cardNumber().value(), card.holder().cardNumber());
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生",
                f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1))));
        f.counter.uploadAndPreSettle(v);
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        Receipt r = v.receipt();
        assertTrue(r.cardUpdated(), "the card was written with MACs from the PSAM");
        assertEquals(r.amounts().balance().fen(), card.session().readMedicalData().balance().fen());
        card.close();
    }

    @Test
    void aPsamPulledFromItsReaderGivesAClearError() {
        DemoCard demo = insert(1);
        f.login("cashier");
        PresentedCard card = presentation.present(demo.pin().toCharArray());
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生",
                f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 1))));
        f.counter.uploadAndPreSettle(v);
        CardTerminals elsewhere = CardTerminalSimulator.terminals("another station's reader");
        psamCard.simulator().assignToTerminal(elsewhere.getTerminal("another station's reader"));
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state(), "the settlement stands");
        assertFalse(v.receipt().cardUpdated(), "the card could not be written without the PSAM");
        assertTrue(f.store.audit().query("cashier", java.time.Instant.EPOCH, java.time.Instant.now(f.clock)
                .plusSeconds(60), "card.update.failed", 5).stream().anyMatch(a -> a.detail().contains("PSAM")));
        card.close();

        CardPresentationException e = assertThrows(CardPresentationException.class,
                () -> presentation.present(demo.pin().toCharArray()));
        assertTrue(e.getMessage().contains("security module") && e.getMessage().contains("PSAM is in its reader slot"),
                e.getMessage());
    }
}
