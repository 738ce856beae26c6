package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MedType;
import org.sscard.store.WriteStatistics;
import org.sscard.terminal.card.PresentedCard;

/**
 * The store write transactions ({@code BEGIN IMMEDIATE … COMMIT}, each fsynced) of a 10-item hospital visit from the
 * card presented to the receipt, counted with {@code StationStore.writeStatistics()}: at most 6 — one for each of
 * the durable messages (2204, 2207 queued and claimed), one for each of their answers with the step's records, the
 * finished mark, and the message-id block when one is taken — and every audit entry of the visit still written.
 */
class VisitStoreWritesTest {
    private static final int MAX_WRITES = 6;

    @TempDir
    Path dir;
    CounterFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new CounterFixture(dir);
        f.login("cashier");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aTenItemVisitCommitsAtMostSixTimesAndKeepsEveryAuditEntry() throws Exception {
        DemoCard demo = f.insert(1);
        long first = writesOfOneVisit(demo);
        assertTrue(first <= MAX_WRITES, "first visit: " + first + " store writes");

        long seq = f.store.audit().head().seq();
        long second = writesOfOneVisit(demo);
        assertTrue(second <= MAX_WRITES, "second visit: " + second + " store writes");

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("authz.allow", 4);
        expected.put("card.present", 1);
        expected.put("visit.register", 1);
        expected.put("outbox.enqueue", 2);
        expected.put("outbox.send", 2);
        expected.put("outbox.done", 2);
        expected.put("visit.fees", 1);
        expected.put("visit.presettle", 1);
        expected.put("visit.settled", 1);
        Map<String, Integer> written = new LinkedHashMap<>();
        for (String action : expected.keySet()) {
            written.put(action, f.store.audit().after(seq, action, 100).size());
        }
        assertEquals(expected, written, "the visit's audit entries");
        assertTrue(f.store.audit().verify().intact(), "the audit chain verifies");
    }

    private long writesOfOneVisit(DemoCard demo) {
        WriteStatistics before = f.store.writeStatistics();
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        try (card) {
            Visit v = f.counter.register(card, MedType.OUTPATIENT, "D01", "李医生", f.counter.basket(tenItems()));
            f.counter.uploadAndPreSettle(v);
            f.counter.settle(v);
            assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
            assertTrue(v.receipt().cardUpdated());
            assertEquals(10, v.receipt().lines().size());
        }
        return f.store.writeStatistics().minus(before).transactions();
    }

    private List<CounterItem> tenItems() {
        List<CounterItem> items = new ArrayList<>();
        int step = f.nationalItems().size() / 10;
        for (int i = 0; i < 10; i++) {
            items.add(new CounterItem("L" + f.nationalItems().get(i * step).code(), 1));
        }
        return items;
    }
}
