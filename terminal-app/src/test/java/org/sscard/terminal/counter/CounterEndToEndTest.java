package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.PresentedCard;

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
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生");
        f.counter.uploadAndPreSettle(v, List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1)));
        assertEquals(VisitState.PRE_SETTLED, v.state());
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        Receipt r = v.receipt();
        assertNotNull(r.setlId());
        assertTrue(r.cardUpdated());
        assertEquals(r.medfeeSumamt(), r.fundPaySumamt().plus(r.acctPay()).plus(r.psnCashPay()));
        assertEquals(2, r.items().size());
        assertEquals(r.balance().fen(), card.session().readMedicalData().balanceFen());
        card.close();
    }
}
