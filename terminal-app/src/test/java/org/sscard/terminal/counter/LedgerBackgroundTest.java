package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MedType;
import org.sscard.store.Catalog;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.ledger.HospitalCatalog;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerBackground;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerGate;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;

/**
 * A running station replicates in the background (real PostgreSQL): a kick after a settlement copies it; while the
 * ledger is down the counter settles on and the passes report FAILED with the typed reason; when it is back the next pass
 * drains what waited and takes the catalogue changes published meanwhile.
 */
class LedgerBackgroundTest {
    @TempDir
    Path dir;

    private static void settle(CounterFixture f, int card) {
        f.login("cashier");
        DemoCard demo = f.insert(card);
        try (PresentedCard presented = f.presentation.present(demo.pin().toCharArray())) {
            Visit v = f.counter.register(presented, MedType.OUTPATIENT, "D01", "李医生",
                    f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(card * 7).code(), card))));
            f.counter.uploadAndPreSettle(v);
            f.counter.settle(v);
            assertEquals(VisitState.SETTLED, v.state());
        }
    }

    private static LedgerBackground.Status next(LinkedBlockingQueue<LedgerBackground.Status> passes) throws Exception {
        LedgerBackground.Status s = passes.poll(60, TimeUnit.SECONDS);
        assertNotNull(s, "a pass reported within a minute");
        return s;
    }

    @Test
    void passesRunAfterAKickAndAFailedLedgerIsAStatusUntilItIsBack() throws Exception {
        String url = LedgerDatabase.require();
        Ledger direct = LedgerDatabase.ledger(url);
        try (CounterFixture f = new CounterFixture(dir); LedgerGate gate = new LedgerGate(url)) {
            Ledger ledger = new Ledger(gate.url(), LedgerDatabase.USER, LedgerDatabase.PASSWORD.toCharArray());
            LedgerReplicator replicator = new LedgerReplicator(f.store, ledger, CounterFixture.INSTITUTION,
                    f.config.deviceNumber());
            LinkedBlockingQueue<LedgerBackground.Status> passes = new LinkedBlockingQueue<>();
            try (LedgerBackground background = new LedgerBackground(ledger, replicator,
                    new HospitalCatalog(f.store, ledger, CounterFixture.INSTITUTION, f.config.deviceNumber()), f.clock)) {
                background.addListener(passes::add);
                assertEquals(LedgerBackground.State.STARTING, next(passes).state());
                background.start(Duration.ofHours(1));
                assertEquals(LedgerBackground.State.SYNCED, next(passes).state(), "the first pass at start");

                settle(f, 1);
                background.kick();
                LedgerBackground.Status copied = next(passes);
                assertEquals(LedgerBackground.State.SYNCED, copied.state());
                assertEquals(1, copied.added());
                LocalDate today = LocalDate.now(f.clock);
                assertEquals(1, direct.between(CounterFixture.INSTITUTION, today, today).size());

                gate.cut();
                settle(f, 2);
                background.kick();
                LedgerBackground.Status down = next(passes);
                assertEquals(LedgerBackground.State.FAILED, down.state());
                assertEquals(Reason.LEDGER_UNREACHABLE, down.problem().reason(), down.problem().english());
                assertTrue(down.problem().english().contains("not reachable"), down.problem().english());
                assertTrue(down.problem().in(Locale.SIMPLIFIED_CHINESE).startsWith("无法连接医院账本"),
                        down.problem().in(Locale.SIMPLIFIED_CHINESE));
                assertEquals(copied.cursor(), down.cursor(), "the cursor stays where the ledger is");
                settle(f, 3);

                String national = f.nationalItems().get(4).code();
                direct.publishCatalog(CounterFixture.INSTITUTION, "admin1", List.of(
                        new Catalog.LocalItem("H0201", "院内换药", Money.ofFen(1500), national, List.of())));
                gate.restore();
                background.kick();
                LedgerBackground.Status back = next(passes);
                assertEquals(LedgerBackground.State.SYNCED, back.state(), String.valueOf(back.problem()));
                assertEquals(2, back.added(), "both settlements made while it was down");
                assertEquals(1, back.catalogItems());
                assertEquals(national, f.store.catalog().local("H0201").orElseThrow().nationalCode());
                assertEquals(3, direct.between(CounterFixture.INSTITUTION, today, today).size());
            }
        }
    }
}
