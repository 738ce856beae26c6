package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MedType;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.link.CentralLink;

/**
 * The station's sign-in (9001, valid 12 hours at central-sim) expires while a visit is open: the counter's next
 * message is refused with −4, the link signs in again as the operator of the last sign-in and sends the same message
 * once more, and the visit goes on and settles once.
 */
class SignInExpiredMidVisitTest {
    /** Past the central service's sign-in validity. */
    private static final Duration PAST_SIGN_IN = Duration.ofHours(13);

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
    void aSettlementRefusedForAnExpiredSignInIsSentAgainAfterANewSignInAndSettlesOnce() throws Exception {
        DemoCard demo = f.insert(1);
        f.login("cashier");
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
        f.counter.uploadAndPreSettle(v);
        assertEquals(VisitState.PRE_SETTLED, v.state(), String.valueOf(v.reason()));
        String signNo = f.link.signNo().orElseThrow();
        int signInsBefore = count("SELECT count(*) FROM sign_in");

        f.clock.advance(PAST_SIGN_IN);
        f.login("cashier");
        f.counter.settle(v);

        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertNotEquals(signNo, f.link.signNo().orElseThrow(), "signed in again after −4");
        assertEquals(signInsBefore + 1, count("SELECT count(*) FROM sign_in"), "one new sign-in");
        assertEquals("supervisor", f.store.signIns().last().orElseThrow().opterId(),
                "as the operator of the last sign-in");
        List<OutboxEntry> settlements = f.store.outbox().stream(v.stream()).stream()
                .filter(e -> Transaction.SETTLEMENT.infno().equals(e.infno())).toList();
        assertEquals(1, settlements.size(), "one 2207 in the station's records");
        assertEquals(OutboxState.DONE, settlements.get(0).state());
        assertEquals(settlements.get(0).msgid(), v.settlementMsgid(), "answered under the msgid first sent");
        assertEquals(1, count("SELECT count(*) FROM message WHERE msgid = ?", v.settlementMsgid()));
        assertEquals(1, count("SELECT count(*) FROM settlement WHERE mdtrt_id = ? AND orig_setl_id IS NULL"
                + " AND reversed = 0 AND cancelled_by IS NULL", v.mdtrtId()), "settled once at the central service");
        assertEquals(v.receipt().amounts().balance().fen(), card.session().readMedicalData().balance().fen());
        card.close();
    }

    @Test
    void aFeeUploadRefusedForAnExpiredSignInGoesOnToThePreSettlement() throws Exception {
        DemoCard demo = f.insert(1);
        f.login("cashier");
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));

        f.clock.advance(PAST_SIGN_IN);
        f.login("cashier");
        f.counter.uploadAndPreSettle(v);

        assertEquals(VisitState.PRE_SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(List.of(OutboxState.DONE), f.store.outbox().stream(v.stream()).stream().map(OutboxEntry::state)
                .toList(), "the 2204 answered, nothing left pending or dead");
        f.counter.settle(v);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        card.close();
    }

    private List<CounterItem> items() {
        return List.of(new CounterItem("L" + f.nationalItems().get(0).code(), 2),
                new CounterItem("L" + f.nationalItems().get(100).code(), 1));
    }

    private int count(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("central").resolve("central.db"));
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
