package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.CardService;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OfflineDebitResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.terminal.forward.ForwardReport;
import org.sscard.terminal.forward.Forwarder;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.CentralRequest;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.values.Money;

/** The forwarder against the real central-sim: stored messages are re-stamped at each send. */
class ForwarderAgainstCentralSimTest {
    @TempDir
    Path dir;
    LiveCentral live;

    @BeforeEach
    void start() throws Exception {
        live = new LiveCentral(dir);
    }

    @AfterEach
    void stop() {
        live.close();
    }

    /** A C110 with a made-up TAC: the central service answers it (TAC invalid) and stores the answer. */
    private String queueDebit(long termSeq) {
        DemoCard card = live.cards.card(1);
        CardService.OfflineDebits in = new CardService.OfflineDebits(List.of(new CardService.OfflineDebit("0000000000A1",
                termSeq, card.cardNumber().toString(), card.identification().hex().toUpperCase(), termSeq,
                "2025-03-14 09:40:00", Money.ofFen(100), Money.ofFen(1000), "1A2B3C4D")));
        PreparedMessage m = live.link.prepare(Transaction.OFFLINE_DEBITS, in, LiveCentral.PHARMACIST);
        live.station.store.outbox().enqueue("pharm1", new OutboxMessage(m.msgid(), "offline-debit", m.infno(), m.body(),
                true, null, Money.ofFen(100)));
        return m.msgid();
    }

    @Test
    void aMessageQueuedAnHourAgoIsAcceptedExactlyOnce() {
        String msgid = queueDebit(1);
        live.station.clock.advance(Duration.ofHours(1));
        ForwardReport r = new Forwarder(live.link, live.station.store).runOnce();
        assertEquals(1, r.delivered(), r.toString());
        byte[] first = live.station.store.outbox().find(msgid).orElseThrow().response();
        CardService.OfflineDebitResults answer = MessageCodec.readResponse(first, Transaction.OFFLINE_DEBITS).output();
        assertEquals(OfflineDebitResult.TAC_INVALID, answer.result().get(0).rslt(), "answered, not refused as a replay");

        // Sent again (as after an unknown outcome), a minute later: the central answers from its store.
        live.station.clock.advance(Duration.ofMinutes(1));
        PreparedMessage stored = new PreparedMessage(msgid, "C110",
                live.station.store.outbox().find(msgid).orElseThrow().payload());
        var again = live.link.send(new CentralRequest<>(Transaction.OFFLINE_DEBITS, stored));
        assertEquals(answer, ((org.sscard.terminal.link.LinkOutcome.Answered<CardService.OfflineDebitResults>) again)
                .output(), "the same msgid is answered the same: the re-stamp is not a different message");
    }

    @Test
    void anExpiredSignInIsRenewedOnceAndTheMessageGoesThrough() {
        String before = live.link.signNo().orElseThrow();
        String msgid = queueDebit(2);
        live.station.clock.advance(Duration.ofHours(13));
        ForwardReport r = new Forwarder(live.link, live.station.store).runOnce();
        assertEquals(1, r.delivered(), r.toString());
        assertEquals(OutboxState.DONE, live.station.store.outbox().find(msgid).orElseThrow().state());
        assertNotEquals(before, live.link.signNo().orElseThrow(), "signed in again after −4");
        assertEquals(LiveCentral.PHARMACIST.id(), live.station.store.signIns().last().orElseThrow().opterId());
    }
}
