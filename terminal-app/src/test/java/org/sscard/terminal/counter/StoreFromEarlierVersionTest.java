package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.MsgIdBlocks;
import org.sscard.store.OutboxEntry;
import org.sscard.store.OutboxState;
import org.sscard.store.ReservedMsgids;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.offline.DeferredSettlement;
import org.sscard.terminal.offline.DeferredState;
import org.sscard.terminal.offline.DeferredVisit;
import org.sscard.terminal.offline.OfflineStateForTests;
import org.sscard.terminal.offline.PendingDebit;

/**
 * A station's files made by the schema-5 code ({@link TodaysStoreGenerator}, under {@code stores/v5}) opened by this
 * code: everything the station kept reads back as it was written (visits, card updates, deferred visits, the offline
 * debit journal, the sign-in, the msgid block), and the station carries on: the queued 2207 and the queued deferred visits are
 * delivered by the forwarder, the visit killed between the card's balance and its record is finished with the
 * values fixed then, and the day reconciles balanced.
 */
class StoreFromEarlierVersionTest {
    @TempDir
    Path dir;
    CounterFixture f;
    Properties made = new Properties();

    @BeforeEach
    void setUp() throws Exception {
        Path from = Path.of(StoreFromEarlierVersionTest.class.getResource("/stores/v5/made.properties").toURI()).getParent();
        TodaysStoreGenerator.copy(from, dir);
        try (Reader r = Files.newBufferedReader(dir.resolve("made.properties"), StandardCharsets.UTF_8)) {
            made.load(r);
        }
        f = new CounterFixture(dir, SoftwareSecurityModule.open(dir.resolve(TodaysStoreGenerator.KEY_STORE),
                TodaysStoreGenerator.PASSPHRASE.toCharArray()), Instant.parse(made.getProperty("clock")));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void everythingTheStationKeptReadsBackAsItWasWritten() {
        f.login("cashier");
        Map<String, VisitState> status = f.counter.visits(false).stream()
                .collect(Collectors.toMap(OpenVisits.OpenVisit::mdtrtId, OpenVisits.OpenVisit::status));
        assertEquals(VisitState.SETTLED, status.get(made.getProperty("visit.settled")));
        assertEquals(VisitState.FEES_UPLOADED, status.get(made.getProperty("visit.open")));
        assertEquals(VisitState.PENDING, status.get(made.getProperty("visit.settlement_queued")));
        assertEquals(VisitState.SETTLED_NOT_FINISHED, status.get(made.getProperty("visit.card_update_pending")));
        assertEquals(3, f.counter.visits(true).size(), f.counter.visits(true).toString());

        Map<String, DeferredVisit> deferred = OfflineStateForTests.deferred(f.store).stream()
                .collect(Collectors.toMap(DeferredVisit::ref, v -> v));
        assertEquals(7, deferred.size());
        for (DeferredVisit v : deferred.values()) {
            assertEquals(made.getProperty("digest.deferred." + v.ref()), TodaysStoreGenerator.digest(v.toString()), v.ref());
        }
        assertEquals(DeferredState.SETTLED, deferred.get(made.getProperty("deferred.settled")).state());
        assertEquals(DeferredState.REFUND_PAID, deferred.get(made.getProperty("deferred.refund_paid")).state());
        assertEquals(DeferredState.CANCELLED, deferred.get(made.getProperty("deferred.cancelled")).state());
        assertEquals(DeferredState.QUEUED, deferred.get(made.getProperty("deferred.queued")).state());
        assertEquals(DeferredState.SETTLING, deferred.get(made.getProperty("deferred.settling")).state());
        assertEquals(DeferredState.REFUSED, deferred.get(made.getProperty("deferred.refused")).state());
        assertEquals(org.sscard.terminal.reason.Problem.of(org.sscard.terminal.reason.Reason.STORED_TEXT,
                "1101: 人员参保状态异常"), deferred.get(made.getProperty("deferred.refused")).reason(),
                "the sentence stored by the earlier version is read as it was");
        int steps = 0;
        for (String ref : deferred.keySet()) {
            for (OutboxEntry e : f.store.outbox().stream(DeferredSettlement.streamOf(ref))) {
                String step = ref + "." + e.infno();
                assertEquals(e.msgid(), f.store.reservedMsgids().find(ReservedMsgids.Purpose.DEFERRED_STEP, step)
                        .orElseThrow(() -> new AssertionError("no reservation for " + step)), step);
                assertTrue(f.store.settings().getString("state.deferred.step." + step).isEmpty(), step);
                steps++;
            }
        }
        assertEquals(20, steps, "four deferred visits settled, five steps each, their msgids reserved as before");

        assertEquals(2, OfflineStateForTests.debits(f.store).size());
        for (PendingDebit d : OfflineStateForTests.debits(f.store)) {
            assertEquals(made.getProperty("digest.debit." + d.msgid()), TodaysStoreGenerator.digest(TodaysStoreGenerator.asWritten(d)),
                    d.msgid());
        }
        int sealed = 0;
        for (String name : made.stringPropertyNames()) {
            if (name.startsWith("digest.state.")) {
                String key = name.substring("digest.".length());
                assertEquals(made.getProperty(name), TodaysStoreGenerator.digest(StoredStateForTests.value(f.store, key)), key);
                sealed++;
            }
        }
        assertEquals(7, sealed, "two card updates and five finished visits");
        assertEquals(made.getProperty("sign_no"), f.link.signNo().orElseThrow());
        assertEquals(new MsgIdBlocks.Block("H44010600001202612060930000015", "20261206093100"),
                f.store.msgIdBlocks().current().orElseThrow(), "the msgid block of state.link.last_msgid");
    }

    @Test
    void theStationCarriesOnWhereItStopped() throws Exception {
        f.login("cashier");
        new Forwarder(f.link, f.store).runOnce();
        String queued = made.getProperty("visit.settlement_queued");
        assertTrue(f.store.outbox().stream(Visit.streamOf(queued)).stream().allMatch(e -> e.state() == OutboxState.DONE));
        assertEquals(1, f.centralSettlements(queued));
        Map<String, DeferredVisit> deferred = OfflineStateForTests.deferred(f.store).stream()
                .collect(Collectors.toMap(DeferredVisit::ref, v -> v));
        assertEquals(DeferredState.SETTLED, deferred.get(made.getProperty("deferred.queued")).state());
        assertEquals(DeferredState.SETTLED, deferred.get(made.getProperty("deferred.settling")).state());

        String pending = made.getProperty("visit.card_update_pending");
        DemoCard demo = f.insert(4);
        PresentedCard card = f.presentation.present(demo.pin().toCharArray());
        Visit v = f.counter.resume(pending, card);
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(1, f.centralSettlements(pending));
        demo = f.insert(3);
        v = f.counter.resume(queued, f.presentation.present(demo.pin().toCharArray()));
        assertEquals(VisitState.SETTLED, v.state(), String.valueOf(v.reason()));
        assertEquals(1, f.centralSettlements(queued));
        assertEquals(1, f.counter.visits(true).size(), "only the visit with its fees uploaded is still open");

        f.login("supervisor");
        LocalDate day = LocalDate.now(f.clock);
        Reconciliation.Result r = f.reconciliation().reconcile(day, day);
        assertTrue(r.balanced(), r.toString());
    }
}
