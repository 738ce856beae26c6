package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.CardService;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.terminal.forward.ForwardReport;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.terminal.offline.OfflineSale;
import org.sscard.values.Money;

/**
 * Forwarder drain rate: N queued C110 messages (one record each) to an in-process central-sim over loopback HTTPS.
 * Run with {@code -Dsscard.bench=5000}; prints messages/s.
 */
class ForwarderDrainBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "sscard.bench", matches = "[0-9]+")
    void drainRate() throws Exception {
        int n = Integer.parseInt(System.getProperty("sscard.bench"));
        try (LiveCentral live = new LiveCentral(dir)) {
            DemoCard card = live.cards.card(1);
            for (int i = 1; i <= n; i++) {
                CardService.OfflineDebits in = new CardService.OfflineDebits(List.of(new CardService.OfflineDebit(
                        "0000000000B1", (long) i, card.cardNumber().toString(), card.identification().hex().toUpperCase(),
                        (long) i % 65536, "2025-03-14 09:40:00", Money.ofFen(100), Money.ofFen(1000), "1A2B3C4D")));
                PreparedMessage m = live.link.prepare(Transaction.OFFLINE_DEBITS, in, LiveCentral.PHARMACIST);
                live.station.store.outbox().enqueue("pharm1", new OutboxMessage(m.msgid(), OfflineSale.STREAM, m.infno(),
                        m.body(), true, null, Money.ofFen(100)));
            }
            long start = System.nanoTime();
            ForwardReport r = new Forwarder(live.link, live.station.store).runOnce();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(n, r.delivered(), r.toString());
            assertEquals((long) n, live.station.store.outbox().countsByState().get(OutboxState.DONE));
            System.out.printf("forwarder drain: %d messages in %.1f s = %.1f messages/s%n", n, seconds, n / seconds);
        }
    }
}
