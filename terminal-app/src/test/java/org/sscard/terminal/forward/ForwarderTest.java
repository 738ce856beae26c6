package org.sscard.terminal.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.CardService;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.PsnSetlway;
import org.sscard.protocol.Reversal;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.Transaction;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.store.ReservedMsgids;
import org.sscard.terminal.FakeCentral.Behaviour;
import org.sscard.terminal.FakeCentral;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.values.Money;

class ForwarderTest {
    private static final String CARD_NO = "A12345674";
    private static final String CARD_SN = "440106D1560000050102030405060708";
    private static final Opter OPTER = new Opter("P001", "李药师");

    @TempDir
    Path dir;
    TestStation station;
    MockWebServer server;
    FakeCentral central;
    CentralLink link;

    @BeforeEach
    void start() throws Exception {
        station = new TestStation(dir);
        server = new MockWebServer();
        station.useHttps(server);
        central = new FakeCentral(station.stationKey());
        server.setDispatcher(central);
        server.start();
        station.pointAt(server);
        station.enrolDirectly(central.publicKey());
        link = station.link();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        station.close();
    }

    private String queueDebit(long seq) {
        CardService.OfflineDebits in = new CardService.OfflineDebits(List.of(new CardService.OfflineDebit("0000000000A1",
                seq, CARD_NO, CARD_SN, seq, "2025-03-14 09:40:00", Money.ofFen(1000 + seq), Money.parse("900.00"),
                "1A2B3C4D")));
        PreparedMessage m = link.prepare(Transaction.OFFLINE_DEBITS, in, OPTER);
        station.store.outbox().enqueue("P001", new OutboxMessage(m.msgid(), "offline-debit", m.infno(), m.body(), true,
                CARD_SN, Money.ofFen(1000 + seq)));
        return m.msgid();
    }

    private String queueSettlement(String stream) {
        return queueSettlement(stream, false);
    }

    private String queueSettlement(String stream, boolean offline) {
        Settlement.Input in = new Settlement.Input("P440100000001", MdtrtCertType.SOCIAL_SECURITY_CARD, CARD_NO,
                MedType.OUTPATIENT, Money.parse("300.00"), PsnSetlway.BY_ITEM, "MD0001", "CB0001", Flag.YES,
                InsuType.EMPLOYEE, Money.parse("20.00"), Money.parse("10.00"), Money.parse("5.00"), Money.parse("265.00"), null);
        PreparedMessage m = link.prepare(Transaction.SETTLEMENT, in, OPTER);
        station.store.outbox().enqueue("C001", new OutboxMessage(m.msgid(), stream, m.infno(), m.body(), offline, null, Money.ofFen(30000)));
        return m.msgid();
    }

    private OutboxState state(String msgid) {
        return station.store.outbox().find(msgid).orElseThrow().state();
    }

    @Test
    void deliversEachStreamInOrder() {
        List<String> queued = List.of(queueDebit(1), queueDebit(2), queueDebit(3));
        ForwardReport r = new Forwarder(link, station.store).runOnce();
        assertEquals(3, r.delivered());
        assertEquals(queued, central.msgids(s -> true));
        queued.forEach(id -> assertEquals(OutboxState.DONE, state(id)));
        assertNotNull(station.store.outbox().find(queued.get(0)).orElseThrow().response());
    }

    @Test
    void aServerErrorIsRetriedWithTheSameBytesAfterTheBackOff() {
        String m1 = queueDebit(1);
        central.then(Behaviour.HTTP_503);
        Forwarder f = new Forwarder(link, station.store);
        ForwardReport first = f.runOnce();
        assertEquals(1, first.retried());
        assertNotNull(first.stoppedReason());
        assertEquals(OutboxState.QUEUED, state(m1));
        assertEquals(0, f.runOnce().sent(), "not before the back-off");
        station.clock.advance(Duration.ofSeconds(5));
        assertEquals(1, f.runOnce().delivered());
        assertEquals(OutboxState.DONE, state(m1));
        assertEquals(List.of(m1, m1), central.msgids(s -> true), "resent under the same msgid");
    }

    @Test
    void aTimeoutBecomesUnknownAndIsResolvedByAReversalOnItsOwnStream() {
        String settlement = queueSettlement("settlement");
        String behind = queueSettlement("settlement");
        central.then(Behaviour.NO_RESPONSE);
        Forwarder f = new Forwarder(link, station.store);
        ForwardReport first = f.runOnce();
        assertEquals(1, first.unknown());
        assertEquals(OutboxState.UNKNOWN, state(settlement));
        assertEquals(OutboxState.QUEUED, state(behind), "latched behind the unknown message");
        assertEquals(1, f.unknownMessages().size());

        ForwardReport second = f.runOnce();
        assertEquals(1, second.reversalsQueued());
        FakeCentral.Seen reversal = central.seen().get(1);
        assertEquals("2601", reversal.infno());
        Reversal.Input in = (Reversal.Input) reversal.request().input();
        assertEquals(settlement, in.omsgid());
        assertEquals("2207", in.oinfno());
        assertEquals("P440100000001", in.psnNo());
        assertEquals(Forwarder.REVERSAL_STREAM, station.store.outbox().find(reversal.msgid()).orElseThrow().stream());
        assertEquals(OutboxState.RESOLVED, state(settlement));
        assertTrue(station.store.outbox().find(settlement).orElseThrow().resolution().contains("had not taken effect"));
        assertEquals(OutboxState.DONE, state(behind));
        assertEquals(List.of(settlement, reversal.msgid(), behind), central.msgids(s -> true));
    }

    @Test
    void theReversalOfAFeeUploadNamesThePersonOfItsFeeRows() {
        FeeUpload.Input fees = new FeeUpload.Input(List.of(FeeUpload.FeeDetail.billed("1", "MD0001", "P440100000001",
                "MD0001-1", "2025-03-14 09:20:00", "XA01AAA0001", "HIS-1", Money.parse("24.60"), 2L, Money.parse("12.30"),
                "D01", "内科门诊", "D440106000001", "李医生")));
        PreparedMessage m = link.prepare(Transaction.FEE_UPLOAD, fees, OPTER);
        station.store.outbox().enqueue("C001", new OutboxMessage(m.msgid(), "visit", m.infno(), m.body(), false, null, Money.ZERO));
        central.then(Behaviour.NO_RESPONSE);
        Forwarder f = new Forwarder(link, station.store);
        assertEquals(1, f.runOnce().unknown());
        assertEquals(1, f.runOnce().reversalsQueued());
        Reversal.Input in = (Reversal.Input) central.seen().get(1).request().input();
        assertEquals(m.msgid(), in.omsgid());
        assertEquals("2204", in.oinfno());
        assertEquals("P440100000001", in.psnNo(), "the central service reverses a message only for its person");
    }

    @Test
    void aBusinessFailureIsDeadWithTheReasonAndTheStreamMovesOn() {
        String refused = queueDebit(1);
        String next = queueDebit(2);
        central.then(Behaviour.REFUSE_BUSINESS);
        Forwarder f = new Forwarder(link, station.store);
        ForwardReport r = f.runOnce();
        assertEquals(1, r.dead());
        assertEquals(1, r.delivered());
        assertEquals(OutboxState.DEAD, state(refused));
        assertEquals(OutboxState.DONE, state(next));
        List<Forwarder.Attention> dead = f.deadMessages();
        assertEquals(1, dead.size());
        assertEquals(refused, dead.get(0).msgid());
        assertTrue(dead.get(0).reason().contains("-6") && dead.get(0).reason().contains("card lost"), dead.get(0).reason());
    }

    @Test
    void aRestartMidDrainResendsAnOfflineDebitUnderItsOwnMsgid() {
        String m1 = queueDebit(1);
        String m2 = queueDebit(2);
        String m3 = queueDebit(3);
        station.store.outbox().claimNext("offline-debit");
        station.store.outbox().markDone(m1, new byte[0]);
        station.store.outbox().claimNext("offline-debit");
        station.reopenStore();
        assertEquals(OutboxState.UNKNOWN, state(m2));

        ForwardReport r = new Forwarder(station.link(), station.store).runOnce();
        assertEquals(0, r.reversalsQueued(), "C110 is not reversible by 2601; it is sent again instead");
        assertEquals(OutboxState.DONE, state(m2));
        assertEquals(OutboxState.DONE, state(m3));
        assertEquals(List.of(m2, m3), central.msgids(s -> true), "m2 under its own msgid, then m3, in order");
    }

    @Test
    void aRestartMidDrainOfAnotherOfflineMessageReversesItAndSubmitsItAgainOnce() {
        String m1 = queueSettlement("deferred", true);
        String m2 = queueSettlement("deferred", true);
        String m3 = queueSettlement("deferred", true);
        station.store.outbox().claimNext("deferred");
        station.store.outbox().markDone(m1, new byte[0]);
        station.store.outbox().claimNext("deferred");
        station.reopenStore();
        assertEquals(OutboxState.UNKNOWN, state(m2));

        central.reversalTookEffect = Flag.YES;
        CentralLink relinked = station.link();
        ForwardReport r = new Forwarder(relinked, station.store).runOnce();
        assertEquals(1, r.reversalsQueued());
        assertEquals(1, r.resubmitted());
        assertEquals(OutboxState.RESOLVED, state(m2));
        String resolution = station.store.outbox().find(m2).orElseThrow().resolution();
        assertTrue(resolution.contains("submitted again as"), resolution);
        String copy = resolution.substring(resolution.lastIndexOf(' ') + 1);
        assertEquals(OutboxState.DONE, state(copy));
        assertEquals(OutboxState.DONE, state(m3));

        List<String> sent = central.msgids(s -> true);
        assertEquals(sent.size(), new HashSet<>(sent).size(), "no msgid sent twice: " + sent);
        assertEquals(3, sent.size());
        assertEquals("2601", central.seen().get(0).infno());
        assertEquals(m3, sent.get(1));
        assertEquals(copy, sent.get(2));
        assertNotEquals(m2, copy);
        assertEquals(copy, station.store.reservedMsgids().find(ReservedMsgids.Purpose.RESUBMIT, m2).orElseThrow());
        Settlement.Input original = (Settlement.Input) org.sscard.protocol.MessageCodec.readRequest(
                station.store.outbox().find(m2).orElseThrow().payload()).input();
        assertEquals(original, central.seen().get(2).request().input(), "the same settlement, under a new msgid");

        // A further run (or another restart) adds nothing.
        station.reopenStore();
        ForwardReport again = new Forwarder(station.link(), station.store).runOnce();
        assertEquals(0, again.sent());
        assertEquals(0L, station.store.outbox().countsByState().get(OutboxState.QUEUED));
    }

    @Test
    void aReversalWithUnknownOutcomeIsSupersededByANewOne() {
        String settlement = queueSettlement("settlement");
        central.then(Behaviour.NO_RESPONSE, Behaviour.DISCONNECT);
        Forwarder f = new Forwarder(link, station.store);
        f.runOnce();
        f.runOnce();
        assertEquals(OutboxState.UNKNOWN, state(settlement));
        ForwardReport third = f.runOnce();
        assertEquals(1, third.reversalsQueued());
        assertEquals(OutboxState.RESOLVED, state(settlement));
        List<FakeCentral.Seen> seen = central.seen();
        assertEquals(3, seen.size());
        assertEquals("2601", seen.get(2).infno());
        assertNotEquals(seen.get(1).msgid(), seen.get(2).msgid());
        assertEquals(settlement, ((Reversal.Input) seen.get(2).request().input()).omsgid());
        ReservedMsgids reserved = station.store.reservedMsgids();
        assertEquals(seen.get(2).msgid(), reserved.find(ReservedMsgids.Purpose.SUPERSEDE, seen.get(1).msgid())
                .orElseThrow(), "the superseding 2601 was reserved for the one it supersedes");
        assertEquals(seen.get(2).msgid(), reserved.find(ReservedMsgids.Purpose.REVERSAL, settlement).orElseThrow(),
                "and is the settlement's reversal from then on");
    }

    @Test
    void whenTheLinkIsDownThePassStopsAndNothingIsLost() throws Exception {
        String m1 = queueDebit(1);
        queueDebit(2);
        server.shutdown();
        ForwardReport r = new Forwarder(link, station.store).runOnce();
        assertEquals(1, r.retried());
        assertTrue(r.stoppedReason().contains("not sent"), r.stoppedReason());
        assertEquals(OutboxState.QUEUED, state(m1));
    }
}
