package org.sscard.terminal.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.CardService;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.SignIn;
import org.sscard.protocol.Transaction;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.FakeCentral;
import org.sscard.terminal.FakeCentral.Behaviour;
import org.sscard.terminal.TestStation;

class CentralLinkTest {
    private static final String CARD_NO = "A12345674";
    private static final Opter OPTER = new Opter("C001", "王收费");

    @TempDir
    Path dir;
    TestStation station;
    MockWebServer server;
    FakeCentral central;

    @BeforeEach
    void start() throws Exception {
        station = new TestStation(dir);
        server = new MockWebServer();
        station.useHttps(server);
        central = new FakeCentral(station.stationKey());
        server.setDispatcher(central);
        server.start();
        station.pointAt(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
        station.close();
    }

    private LinkOutcome<CardService.CardStatus> statusQuery(CentralLink link) {
        return link.call(Transaction.CARD_STATUS_QUERY, new CardService.StatusQuery(CARD_NO, null), OPTER);
    }

    @Test
    void signInOverPinnedTlsKeepsTheSignNumber() {
        station.enrolDirectly(central.publicKey());
        station.store.signIns().record(new org.sscard.store.SignIns.SignIn("OLD", "setup", "setup", "-", "-", java.time.Instant.EPOCH));
        CentralLink link = station.link();
        LinkOutcome<SignIn.Output> outcome = link.signIn(OPTER, "00-1A-2B-3C-4D-5E", "10.1.2.3");
        assertInstanceOf(LinkOutcome.Answered.class, outcome);
        assertEquals("SN0001", link.signNo().orElseThrow());
        assertEquals("9001", central.seen().get(0).infno());
        // the request carried the station's identity and was signed (FakeCentral verified it)
        assertEquals("DEV-0001", central.seen().get(0).request().header().devNo());
    }

    @Test
    void answeredOk() {
        station.enrolDirectly(central.publicKey());
        LinkOutcome<CardService.CardStatus> o = statusQuery(station.link());
        LinkOutcome.Answered<?> a = assertInstanceOf(LinkOutcome.Answered.class, o);
        assertEquals(CARD_NO, ((CardService.CardStatus) a.output()).cardNo());
        assertEquals("SN0001", central.seen().get(0).request().header().signNo());
    }

    @Test
    void aWarningOfTheCentralServiceReachesTheListenersOnSuccessAndRefusal() {
        station.enrolDirectly(central.publicKey());
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        CentralLink link = station.link();
        link.addWarningListener(warnings::add);
        assertInstanceOf(LinkOutcome.Answered.class, statusQuery(link));
        assertEquals(List.of(), warnings);
        central.warnMsg = "本月已就诊 9 次，请核实";
        assertInstanceOf(LinkOutcome.Answered.class, statusQuery(link));
        central.then(Behaviour.REFUSE_BUSINESS);
        assertInstanceOf(LinkOutcome.Refused.class, statusQuery(link));
        assertEquals(List.of("本月已就诊 9 次，请核实", "本月已就诊 9 次，请核实"), warnings);
    }

    @Test
    void businessFailureIsRefusedWithAMessageForTheOperator() {
        station.enrolDirectly(central.publicKey());
        central.then(Behaviour.REFUSE_BUSINESS);
        LinkOutcome.Refused<?> r = assertInstanceOf(LinkOutcome.Refused.class, statusQuery(station.link()));
        assertEquals(InfCode.BUSINESS_RULE, r.code());
        assertTrue(r.operatorMessage().contains("card lost: 卡已挂失"), r.operatorMessage());
    }

    @Test
    void serverErrorIsUnknown() {
        station.enrolDirectly(central.publicKey());
        central.then(Behaviour.HTTP_503);
        LinkOutcome.Unknown<?> u = assertInstanceOf(LinkOutcome.Unknown.class, statusQuery(station.link()));
        assertEquals(LinkOutcome.UnknownCause.SERVER_ERROR, u.cause());
    }

    @Test
    void noAnswerInTimeIsUnknown() {
        station.enrolDirectly(central.publicKey());
        central.then(Behaviour.NO_RESPONSE);
        LinkOutcome.Unknown<?> u = assertInstanceOf(LinkOutcome.Unknown.class, statusQuery(station.link()));
        assertEquals(LinkOutcome.UnknownCause.TIMEOUT, u.cause());
        assertEquals(1, central.seen().size(), "the request did reach the server");
    }

    @Test
    void connectionDroppedAfterTheRequestIsUnknown() {
        station.enrolDirectly(central.publicKey());
        central.then(Behaviour.DISCONNECT);
        LinkOutcome.Unknown<?> u = assertInstanceOf(LinkOutcome.Unknown.class, statusQuery(station.link()));
        assertEquals(LinkOutcome.UnknownCause.CONNECTION_LOST, u.cause());
    }

    @Test
    void anAnswerSignedByAnotherKeyIsNotTrusted() {
        station.enrolDirectly(central.publicKey());
        central.then(Behaviour.BAD_SIGNATURE);
        LinkOutcome.Unknown<?> u = assertInstanceOf(LinkOutcome.Unknown.class, statusQuery(station.link()));
        assertEquals(LinkOutcome.UnknownCause.BAD_RESPONSE, u.cause());
        assertTrue(u.reason().contains("not signed by the enrolled central service"), u.reason());
    }

    private LinkOutcome<FileTransfer.Content> download(CentralLink link) {
        return link.call(Transaction.FILE_DOWNLOAD, new FileTransfer.Download("FQ202503140931000002",
                "3202-result.zip", "H44010600001"), OPTER);
    }

    @Test
    void aFileDownloadIsAnsweredWithTheSignedFileItself() {
        station.enrolDirectly(central.publicKey());
        central.file = "PK\u0003\u0004 the zip".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        LinkOutcome.Answered<?> a = assertInstanceOf(LinkOutcome.Answered.class, download(station.link()));
        assertArrayEquals(central.file, ((FileTransfer.Content) a.output()).bytes());
        assertNull(a.header(), "a file has no envelope");
        central.then(Behaviour.REFUSE_BUSINESS);
        LinkOutcome.Refused<?> r = assertInstanceOf(LinkOutcome.Refused.class, download(station.link()));
        assertEquals("card lost: 卡已挂失", r.errMsg(), "a refusal is an envelope");
    }

    @Test
    void aFileSignedByAnotherKeyOrTooLargeIsNotTrusted() {
        station.enrolDirectly(central.publicKey());
        central.then(Behaviour.BAD_SIGNATURE);
        LinkOutcome.Unknown<?> forged = assertInstanceOf(LinkOutcome.Unknown.class, download(station.link()));
        assertEquals(LinkOutcome.UnknownCause.BAD_RESPONSE, forged.cause());
        assertTrue(forged.reason().startsWith("the file is not signed by the enrolled central service"),
                forged.reason());
        central.file = new byte[FileTransfer.MAX_DOWNLOAD_BYTES + 1];
        central.file[0] = 'P';
        LinkOutcome.Unknown<?> big = assertInstanceOf(LinkOutcome.Unknown.class, download(station.link()));
        assertEquals("the answer is larger than " + FileTransfer.MAX_DOWNLOAD_BYTES + " bytes", big.reason());
        central.file = new byte[FileTransfer.MAX_DOWNLOAD_BYTES];
        central.file[0] = 'P';
        assertInstanceOf(LinkOutcome.Answered.class, download(station.link()), "a file of the largest size passes");
    }

    @Test
    void nothingListeningIsNotSent() throws Exception {
        station.enrolDirectly(central.publicKey());
        server.shutdown();
        LinkOutcome.NotSent<?> n = assertInstanceOf(LinkOutcome.NotSent.class, statusQuery(station.link()));
        assertTrue(n.reason().startsWith("cannot connect"), n.reason());
    }

    @Test
    void aServerCertifiedByAnotherCaIsRefusedBeforeAnythingIsSent() throws Exception {
        station.enrolDirectly(central.publicKey());
        HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
        HeldCertificate impostor = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").signedBy(otherCa).build();
        try (MockWebServer other = new MockWebServer()) {
            other.useHttps(new HandshakeCertificates.Builder().heldCertificate(impostor).build().sslSocketFactory(), false);
            other.enqueue(new MockResponse().setBody("{}"));
            other.start();
            station.pointAt(other);
            LinkOutcome.NotSent<?> n = assertInstanceOf(LinkOutcome.NotSent.class, statusQuery(station.link()));
            assertTrue(n.reason().contains("TLS handshake failed"), n.reason());
            assertEquals(0, other.getRequestCount());
        }
    }

    @Test
    void beforeEnrolmentNothingIsSent() {
        station.store.settings();
        station.ensureAdmin();
        station.store.signIns().record(new org.sscard.store.SignIns.SignIn("SN0001", "setup", "setup", "-", "-", java.time.Instant.EPOCH));
        LinkException e = assertThrows(LinkException.class, () -> statusQuery(station.link()));
        assertTrue(e.getMessage().contains("not enrolled"), e.getMessage());
    }

    @Test
    void withoutSignInOnlySignInMayBeSent() {
        station.ensureAdmin();
        station.store.settings().setString("admin1", CentralLink.CENTRAL_KEY_SETTING, central.publicKey().pem());
        LinkException e = assertThrows(LinkException.class, () -> statusQuery(station.link()));
        assertTrue(e.getMessage().contains("sign in"), e.getMessage());
    }

    @Test
    void outcomesReachListeners() {
        station.enrolDirectly(central.publicKey());
        CentralLink link = station.link();
        List<LinkOutcome<?>> heard = new ArrayList<>();
        link.addOutcomeListener(heard::add);
        statusQuery(link);
        assertEquals(1, heard.size());
    }

    @Test
    void healthProbe() throws Exception {
        CentralLink link = station.link();
        assertTrue(link.probe());
        server.shutdown();
        assertTrue(!link.probe());
    }

    @Test
    void enrolmentNeedsASecondAdministratorAndKeepsTheCentralKey() {
        station.ensureAdmin();
        Operators ops = station.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Second-Admin-2".toCharArray());
        CentralLink link = station.link();
        Enrolment enrolment = new Enrolment(link, station.config, station.module, station.store, key -> {
        });
        long unapproved = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(station.config));
        LinkException e = assertThrows(LinkException.class, () -> enrolment.enrol("admin1", unapproved, "123456".toCharArray()));
        assertTrue(e.getMessage().contains("PENDING"), e.getMessage());

        ops.decide("admin2", unapproved, true);
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                String body = request.getBody().readUtf8();
                if (!body.contains("\"one_time_code\":\"123456\"") || !body.contains("BEGIN PUBLIC KEY")) {
                    return new MockResponse().setResponseCode(400).setBody("{\"error\":\"bad request\"}");
                }
                return new MockResponse().setBody("{\"enrolled\":true,\"central_public_key_pem\":\""
                        + central.publicKey().pem().replace("\n", "\\n") + "\",\"station_no\":7}");
            }
        });
        enrolment.enrol("admin1", unapproved, "123456".toCharArray());
        assertEquals(central.publicKey().pem(), link.centralKey().orElseThrow().pem());
        assertEquals(7, link.msgIds().stationNumber().orElseThrow(), "the station number from the answer is kept");
        assertEquals(Operators.ApprovalState.USED, ops.approval(unapproved).state());
    }

    @Test
    void anEnrolmentAnswerWithoutAStationNumberRecordsNothing() {
        station.ensureAdmin();
        Operators ops = station.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Second-Admin-2".toCharArray());
        long id = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(station.config));
        ops.decide("admin2", id, true);
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                return new MockResponse().setBody("{\"enrolled\":true,\"central_public_key_pem\":\""
                        + central.publicKey().pem().replace("\n", "\\n") + "\"}");
            }
        });
        CentralLink link = station.link();
        Enrolment enrolment = new Enrolment(link, station.config, station.module, station.store, key -> {
        });
        LinkException e = assertThrows(LinkException.class, () -> enrolment.enrol("admin1", id, "123456".toCharArray()));
        assertTrue(e.getMessage().contains("no station number"), e.getMessage());
        assertEquals(Operators.ApprovalState.APPROVED, ops.approval(id).state());
        assertTrue(link.centralKey().isEmpty());
        assertTrue(link.msgIds().stationNumber().isEmpty());
    }

    @Test
    void aStationEnrolledByAnEarlierVersionSendsNothingNewAndIsToldToEnrolAgain() {
        station.ensureAdmin();
        station.store.settings().setString("admin1", CentralLink.CENTRAL_KEY_SETTING, central.publicKey().pem());
        station.store.signIns().record(new org.sscard.store.SignIns.SignIn("SN0001", "setup", "setup", "-", "-", java.time.Instant.EPOCH));
        LinkException e = assertThrows(LinkException.class, () -> statusQuery(station.link()));
        assertTrue(e.getMessage().contains("enrol it again"), e.getMessage());
    }

    @Test
    void aRefusedEnrolmentSaysWhatToDoAndKeepsTheApproval() {
        station.ensureAdmin();
        Operators ops = station.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Second-Admin-2".toCharArray());
        long id = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(station.config));
        ops.decide("admin2", id, true);
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                return new MockResponse().setResponseCode(403).setBody("{\"error\":\"code expired\"}");
            }
        });
        CentralLink link = station.link();
        Enrolment enrolment = new Enrolment(link, station.config, station.module, station.store, key -> {
        });
        LinkException e = assertThrows(LinkException.class, () -> enrolment.enrol("admin1", id, "999999".toCharArray()));
        assertTrue(e.getMessage().contains("code expired") && e.getMessage().contains("new one-time code"), e.getMessage());
        assertEquals(Operators.ApprovalState.APPROVED, ops.approval(id).state());
        assertTrue(link.centralKey().isEmpty());
    }

    @Test
    void theSendChainIsBuiltInItsDocumentedOrder() {
        assertEquals(List.of(OutcomeListeners.class, SignInRenewal.class, TransportRetry.class, Signing.class,
                Logging.class, Timing.class), station.link().interceptors().stream().map(Object::getClass).toList());
    }

    @Test
    void aSignInRefusalSignsInAgainAndSendsTheSameMsgidOnceUnderTheNewSignNo() {
        station.enrolDirectly(central.publicKey());
        CentralLink link = station.link();
        assertInstanceOf(LinkOutcome.Answered.class, link.signIn(OPTER, "00-1A-2B-3C-4D-5E", "10.1.2.3"));
        List<LinkOutcome<?>> heard = new ArrayList<>();
        link.addOutcomeListener(heard::add);
        central.then(Behaviour.REFUSE_SIGN_IN);
        LinkOutcome<CardService.CardStatus> o = statusQuery(link);
        assertInstanceOf(LinkOutcome.Answered.class, o, o.message());
        List<FakeCentral.Seen> seen = central.seen();
        assertEquals(List.of("9001", "C107", "9001", "C107"), seen.stream().map(FakeCentral.Seen::infno).toList());
        assertEquals(seen.get(1).msgid(), seen.get(3).msgid(), "the resend keeps its msgid");
        assertEquals(o.msgid(), seen.get(3).msgid());
        assertEquals("SN0001", seen.get(1).request().header().signNo());
        assertEquals("SN0002", seen.get(3).request().header().signNo(), "re-stamped with the new sign-in");
        assertEquals(seen.get(1).request().input(), seen.get(3).request().input());
        assertEquals("SN0002", link.signNo().orElseThrow());
        assertEquals(OPTER.id(), seen.get(2).request().header().opter(), "signed in again as the last operator");
        assertEquals(2, heard.size(), "the listeners hear the new sign-in and the message's final outcome, not the −4");
        assertInstanceOf(SignIn.Output.class, assertInstanceOf(LinkOutcome.Answered.class, heard.get(0)).output());
        assertInstanceOf(CardService.CardStatus.class, assertInstanceOf(LinkOutcome.Answered.class, heard.get(1)).output());
    }

    @Test
    void aSignInRefusalWithNoRepeatableSignInIsTheOutcome() {
        station.enrolDirectly(central.publicKey());
        central.then(Behaviour.REFUSE_SIGN_IN);
        LinkOutcome.Refused<?> r = assertInstanceOf(LinkOutcome.Refused.class, statusQuery(station.link()));
        assertEquals(InfCode.SIGN_IN_REQUIRED, r.code());
        assertEquals(1, central.seen().size(), "nothing sent again");
    }

    @Test
    void aSignInRefusalIsRenewedOnlyOnce() {
        station.enrolDirectly(central.publicKey());
        CentralLink link = station.link();
        link.signIn(OPTER, "00-1A-2B-3C-4D-5E", "10.1.2.3");
        central.then(Behaviour.REFUSE_SIGN_IN, Behaviour.OK, Behaviour.REFUSE_SIGN_IN);
        LinkOutcome.Refused<?> r = assertInstanceOf(LinkOutcome.Refused.class, statusQuery(link));
        assertEquals(InfCode.SIGN_IN_REQUIRED, r.code());
        assertEquals(List.of("9001", "C107", "9001", "C107"), central.seen().stream().map(FakeCentral.Seen::infno).toList());
    }

    @Test
    void aMessageBuiltJustNowGoesAsBuiltAndAStaleOneIsStampedAgainUnderItsMsgid() {
        station.enrolDirectly(central.publicKey());
        CentralLink link = station.link();
        PreparedMessage fresh = link.prepare(Transaction.CARD_STATUS_QUERY, new CardService.StatusQuery(CARD_NO, null), OPTER);
        assertInstanceOf(LinkOutcome.Answered.class, link.send(new CentralRequest<>(Transaction.CARD_STATUS_QUERY, fresh)));
        org.sscard.protocol.Request<?> built = org.sscard.protocol.MessageCodec.readRequest(fresh.body());
        assertEquals(built.header(), central.seen().get(0).request().header(), "the same stamp and signature");

        PreparedMessage old = link.prepare(Transaction.CARD_STATUS_QUERY, new CardService.StatusQuery(CARD_NO, null), OPTER);
        station.clock.advance(java.time.Duration.ofMinutes(2));
        assertInstanceOf(LinkOutcome.Answered.class, link.send(new CentralRequest<>(Transaction.CARD_STATUS_QUERY, old)));
        org.sscard.protocol.RequestHeader sent = central.seen().get(1).request().header();
        org.sscard.protocol.RequestHeader stored = org.sscard.protocol.MessageCodec.readRequest(old.body()).header();
        assertEquals(stored.msgid(), sent.msgid());
        assertEquals("2025-03-14 09:32:15", sent.infTime(), "stamped with the time it left");
        assertEquals("2025-03-14 09:30:15", stored.infTime());
        assertTrue(!stored.cainfo().equals(sent.cainfo()), "signed again");
    }

    @Test
    void aConnectionRefusedIsTriedOnceMoreAndTheListenersHearOneOutcome() throws Exception {
        station.enrolDirectly(central.publicKey());
        CentralLink link = station.link();
        List<LinkOutcome<?>> heard = new ArrayList<>();
        link.addOutcomeListener(heard::add);
        server.shutdown();
        LinkOutcome.NotSent<?> n = assertInstanceOf(LinkOutcome.NotSent.class, statusQuery(link));
        assertEquals(LinkOutcome.NotSentCause.CONNECT_FAILED, n.cause());
        assertEquals(1, heard.size());
    }
}
