package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.centralsim.Fault;
import org.sscard.protocol.MedType;
import org.sscard.store.Catalog;
import org.sscard.store.ItemClass;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.values.Money;

/**
 * A 2204 the central service refuses (an item its catalog does not know): refused while the cashier waits, the
 * refusal is shown and is a final outcome, not a dead message; refused later by the forwarder (nobody saw it), it
 * is a dead message for the supervisor. Either way the visit is REFUSED.
 */
class RefusalOutcomeTest {
    private static final String UNKNOWN_TO_CENTRAL = "ZZ9999999999";

    @TempDir
    Path dir;
    CounterFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir);
        Catalog catalog = f.store.catalog();
        Catalog.NationalItem known = f.nationalItems().get(0);
        catalog.applyNationalUpdate(catalog.status().version() + 1, known.updatedAt(), List.of(new Catalog.NationalItem(
                UNKNOWN_TO_CENTRAL, "本站目录独有项目", ItemClass.A, null, BigDecimal.ZERO, null, known.updatedAt())));
        catalog.putLocalItem("admin1", new Catalog.LocalItem("LOCAL-ONLY", "本站项目", Money.ofFen(800), UNKNOWN_TO_CENTRAL, List.of()));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Visit registered() {
        f.login("cashier");
        DemoCard demo = f.insert(1);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        return f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(items()));
    }

    private static List<CounterItem> items() {
        return List.of(new CounterItem("LOCAL-ONLY", 1));
    }

    @Test
    void aRefusalShownAtTheCounterIsFinalAndNotADeadMessage() {
        Visit v = f.counter.uploadAndPreSettle(registered());
        assertEquals(VisitState.REFUSED, v.state());
        assertTrue(v.reason() != null && !v.reason().isBlank(), "the cashier is told why");

        OutboxEntry upload = f.store.outbox().stream(v.stream()).get(0);
        assertEquals(OutboxState.DEAD, upload.state());
        assertEquals("cashier", upload.deadAcknowledgedBy(), "acknowledged by the cashier who saw the refusal");
        assertTrue(upload.deadReason().startsWith("infcode "), upload.deadReason());
        assertTrue(f.store.outbox().dead().isEmpty());
        assertTrue(new Forwarder(f.link, f.store).deadMessages().isEmpty(), "nothing for the supervisor");
        assertEquals(VisitState.REFUSED, status(v.mdtrtId()));
        assertTrue(f.store.audit().query("cashier", Instant.EPOCH, Instant.now(f.clock).plusSeconds(60), "outbox.refused",
                10).stream().anyMatch(a -> a.subject().equals(upload.msgid())), "the refusal is audited");
    }

    @Test
    void aRefusalMetByTheForwarderIsADeadMessageForTheSupervisor() {
        f.central.faults().arm(Fault.parse("2204:fail-5xx:1"));
        Visit v = f.counter.uploadAndPreSettle(registered());
        assertEquals(VisitState.PENDING, v.state(), String.valueOf(v.reason()));

        f.clock.advance(Duration.ofSeconds(6));
        new Forwarder(f.link, f.store).runOnce();

        List<Forwarder.Attention> dead = new Forwarder(f.link, f.store).deadMessages();
        assertEquals(1, dead.size(), dead.toString());
        assertEquals("2204", dead.get(0).infno());
        assertTrue(dead.get(0).reason().startsWith("infcode "), dead.get(0).reason());
        assertEquals(VisitState.REFUSED, status(v.mdtrtId()));
        f.counter.refresh(v);
        assertEquals(VisitState.REFUSED, v.state(), "the counter learns the forwarder's outcome");
        assertEquals(dead.get(0).reason(), v.reason());
    }

    private VisitState status(String mdtrtId) {
        return f.counter.visits(false).stream().filter(o -> o.mdtrtId().equals(mdtrtId)).findFirst().orElseThrow()
                .status();
    }
}
