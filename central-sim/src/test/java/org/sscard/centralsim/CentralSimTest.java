package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.CardAlgorithm;
import org.sscard.protocol.CardService;
import org.sscard.protocol.CardState;
import org.sscard.protocol.ChrgitmLv;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.DetailFiles;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.Fields;
import org.sscard.protocol.Flag;
import org.sscard.protocol.Gender;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.OpterType;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.PlatformProfile;
import org.sscard.protocol.PreSettlement;
import org.sscard.protocol.RefMsgId;
import org.sscard.protocol.Registration;
import org.sscard.protocol.Request;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.Response;
import org.sscard.protocol.Reversal;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.SettlementCancel;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.StmtDetailResult;
import org.sscard.protocol.StmtResult;
import org.sscard.protocol.TotalReconciliation;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/** Protocol round trips over real HTTPS against one in-process central-sim. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CentralSimTest {
    private Path data;
    private CentralSim.Running central;
    private TerminalClient hospital;
    private final Clock clock = Clock.systemDefaultZone();

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        data = dir;
        central = Harness.start(data, clock);
        hospital = Harness.terminal(central, "DEV-H1", "H44010600001", clock);
    }

    @AfterAll
    void stop() {
        central.stop();
    }

    private Money balance(TerminalClient t, String cardNo, String cardSn) throws IOException {
        Response<PersonInfo.Output> r = t.send(Transaction.PERSON_INFO,
                new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, cardNo, cardSn, null));
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        return r.output().insuinfo().get(0).balc();
    }

    @Test
    void healthAndCaPinning() throws Exception {
        assertTrue(Files.readString(data.resolve("ca.pem")).contains("BEGIN CERTIFICATE"));
        HttpClient pinned = HttpClient.newBuilder().sslContext(CertificateAuthority.clientContext(central.caCertPem())).build();
        HttpResponse<String> r = pinned.send(HttpRequest.newBuilder(central.baseUri().resolve("/api/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"status\":\"ok\""));
        HttpClient systemTrust = HttpClient.newHttpClient();
        assertThrows(IOException.class, () -> systemTrust.send(
                HttpRequest.newBuilder(central.baseUri().resolve("/api/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString()), "a client that does not pin the CA must not connect");
    }

    @Test
    void personInfoByCardAndRefusalsForLostCards() throws IOException {
        Response<PersonInfo.Output> r = hospital.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, "欧阳娜娜"));
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        assertEquals(Harness.ACTIVE_SM4_PSN, r.output().baseinfo().psnNo());
        assertEquals(InsuType.EMPLOYEE, r.output().insuinfo().get(0).insutype());
        Response<PersonInfo.Output> lost = hospital.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.LOST_CARD, "440104D15600000503020304A1B2C3D4", null));
        assertEquals(InfCode.BUSINESS_RULE.code(), lost.header().infcode());
        assertTrue(lost.header().errMsg().contains("reported lost"), lost.header().errMsg());
        Response<PersonInfo.Output> wrongSn = hospital.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_3DES_SN, null));
        assertTrue(wrongSn.header().errMsg().startsWith("card_sn:"), wrongSn.header().errMsg());
    }

    @Test
    void answersCarryTheRealInfRefmsgidAndAgeAndTheNationalCodesAreAcceptedInRequests() throws IOException {
        Response<PersonInfo.Output> first = hospital.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
        Response<PersonInfo.Output> second = hospital.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
        RefMsgId a = RefMsgId.parse(first.header().infRefmsgid(), "inf_refmsgid");
        RefMsgId b = RefMsgId.parse(second.header().infRefmsgid(), "inf_refmsgid");
        assertEquals("440000", a.region());
        assertEquals(a.serial() + 1, b.serial());
        java.time.Period lived = java.time.Period.between(java.time.LocalDate.parse(first.output().baseinfo().brdy()),
                java.time.LocalDate.now(clock));
        assertEquals(1, first.output().baseinfo().age().scale());
        assertEquals(lived.getYears() + "." + lived.getMonths() * 10 / 12, first.output().baseinfo().age().toPlainString());

        Request<PersonInfo.Input> mobile = hospital.request(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
        RequestHeader h = mobile.header();
        mobile = new Request<>(new RequestHeader(h.infno(), h.msgid(), h.mdtrtareaAdmvs(), h.insuplcAdmdvs(),
                h.recerSysCode(), h.devNo(), h.devSafeInfo(), h.cainfo(), h.signtype(), h.infver(), OpterType.MOBILE,
                h.opter(), h.opterName(), h.infTime(), h.fixmedinsCode(), h.fixmedinsName(), h.signNo()), mobile.input());
        Response<PersonInfo.Output> byMobile = hospital.send(Transaction.PERSON_INFO, mobile);
        assertEquals(0, byMobile.header().infcode(), byMobile.header().errMsg());

        Response<Registration.Output> otherInsurance = hospital.send(Transaction.REGISTRATION, new Registration.Input(
                Harness.ACTIVE_SM4_PSN, InsuType.CIVIL_SERVANT_SUBSIDY, "2025-03-14 09:00:00",
                MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, "OTP1", "D440106000001", "李医生", "D01", "内科门诊", "A03"));
        assertEquals(InfCode.BUSINESS_RULE.code(), otherInsurance.header().infcode());
        assertEquals("insutype: the person is insured under 310, not 320", otherInsurance.header().errMsg());

        String mdtrtId = Visits.register(hospital, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE, Harness.ACTIVE_SM4_CARD);
        List<FeeUpload.FeeDetail> items = Visits.items(mdtrtId, Harness.ACTIVE_SM4_PSN, "CB1", 1);
        assertEquals(0, hospital.send(Transaction.FEE_UPLOAD, new FeeUpload.Input(items)).header().infcode());
        PreSettlement.Input p = Visits.pre(Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE, Harness.ACTIVE_SM4_CARD, mdtrtId,
                "CB1", items.get(0).detItemFeeSumamt());
        Response<SettlementResult> emergency = hospital.send(Transaction.PRE_SETTLEMENT, new PreSettlement.Input(
                p.psnNo(), p.mdtrtCertType(), p.mdtrtCertNo(), MedType.EMERGENCY, p.medfeeSumamt(), p.psnSetlway(),
                p.mdtrtId(), p.chrgBchno(), p.acctUsedFlag(), p.insutype()));
        assertEquals(InfCode.BUSINESS_RULE.code(), emergency.header().infcode());
        assertEquals("med_type: 13 (急诊) is not settled by this central service; it settles [11, 14, 41]",
                emergency.header().errMsg());
        assertEquals(0, hospital.send(Transaction.PRE_SETTLEMENT, p).header().infcode());
    }

    @Test
    void fullVisitSettlesAndCancelRestoresAccountExactly() throws IOException {
        TerminalClient t = Harness.terminal(central, "DEV-V1", "H44010600002", clock);
        Money before = balance(t, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN);
        Request<Settlement.Input> settle = Visits.upToSettlement(t, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE,
                Harness.ACTIVE_SM4_CARD, 10);
        Response<SettlementResult> done = t.send(Transaction.SETTLEMENT, settle);
        assertEquals(0, done.header().infcode(), done.header().errMsg());
        SettlementResult.SetlInfo s = done.output().setlinfo();
        assertEquals(s.medfeeSumamt(), s.fundPaySumamt().plus(s.psnPartAmt()));
        assertEquals(s.psnPartAmt(), s.acctPay().plus(s.psnCashPay()));
        assertEquals(before.minus(s.acctPay()), balance(t, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN));

        Response<SettlementResult> cancel = t.send(Transaction.SETTLEMENT_CANCEL,
                new SettlementCancel.Input(s.setlId(), s.mdtrtId(), s.psnNo()));
        assertEquals(0, cancel.header().infcode(), cancel.header().errMsg());
        assertEquals(s.medfeeSumamt().negate(), cancel.output().setlinfo().medfeeSumamt());
        assertEquals(s.setlId(), cancel.output().setlinfo().origSetlId());
        assertEquals(before, balance(t, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN));
        Response<SettlementResult> again = t.send(Transaction.SETTLEMENT_CANCEL,
                new SettlementCancel.Input(s.setlId(), s.mdtrtId(), s.psnNo()));
        assertEquals(InfCode.BUSINESS_RULE.code(), again.header().infcode());
        assertTrue(again.header().errMsg().contains("already cancelled"), again.header().errMsg());
    }

    @Test
    void settlementWithAmountsOtherThanThePreviewIsRefused() throws IOException {
        Request<Settlement.Input> settle = Visits.upToSettlement(hospital, Harness.ACTIVE_3DES_PSN, InsuType.RESIDENT,
                Harness.ACTIVE_3DES_CARD, 3);
        Settlement.Input in = settle.input();
        Settlement.Input tampered = new Settlement.Input(in.psnNo(), in.mdtrtCertType(), in.mdtrtCertNo(), in.medType(),
                in.medfeeSumamt(), in.psnSetlway(), in.mdtrtId(), in.chrgBchno(), in.acctUsedFlag(), in.insutype(),
                in.fulamtOwnpayAmt().plus(Money.ofFen(1)), in.overlmtSelfpay(), in.preselfpayAmt(),
                in.inscpScpAmt().minus(Money.ofFen(1)), null);
        Response<SettlementResult> r = hospital.send(Transaction.SETTLEMENT, tampered);
        assertEquals(InfCode.BUSINESS_RULE.code(), r.header().infcode());
        assertTrue(r.header().errMsg().startsWith("fulamt_ownpay_amt:"), r.header().errMsg());
    }

    @Test
    void sameMsgidIsAnsweredFromStoreAndAppliedOnce() throws IOException {
        TerminalClient t = Harness.terminal(central, "DEV-I1", "H44010600003", clock);
        Money before = balance(t, Harness.FIFTH_CARD, Harness.FIFTH_SN);
        Request<Settlement.Input> settle = Visits.upToSettlement(t, Harness.FIFTH_PSN, InsuType.EMPLOYEE,
                Harness.FIFTH_CARD, 4);
        byte[] first = t.post("2207", t.signedBody(settle));
        byte[] second = t.post("2207", t.signedBody(settle));
        Response<SettlementResult> a = t.read(Transaction.SETTLEMENT, first);
        Response<SettlementResult> b = t.read(Transaction.SETTLEMENT, second);
        assertEquals(0, a.header().infcode(), a.header().errMsg());
        assertEquals(a, b.withCainfo(a.header().cainfo()), "the stored answer, signed afresh");
        assertEquals(before.minus(a.output().setlinfo().acctPay()), balance(t, Harness.FIFTH_CARD, Harness.FIFTH_SN));

        Request<Settlement.Input> differentBody = new Request<>(settle.header(), new Settlement.Input(
                settle.input().psnNo(), settle.input().mdtrtCertType(), settle.input().mdtrtCertNo(),
                settle.input().medType(), settle.input().medfeeSumamt(), settle.input().psnSetlway(),
                settle.input().mdtrtId(), "CB2", settle.input().acctUsedFlag(), settle.input().insutype(),
                settle.input().fulamtOwnpayAmt(), settle.input().overlmtSelfpay(), settle.input().preselfpayAmt(),
                settle.input().inscpScpAmt(), null));
        Response<SettlementResult> replay = t.send(Transaction.SETTLEMENT, differentBody);
        assertEquals(InfCode.REPLAY.code(), replay.header().infcode());
        assertTrue(replay.header().errMsg().startsWith("msgid:"), replay.header().errMsg());
    }

    @Test
    void staleInfTimeIsAReplay() throws IOException {
        Request<PersonInfo.Input> r = hospital.request(Transaction.PERSON_INFO,
                new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
        RequestHeader h = r.header();
        RequestHeader old = new RequestHeader(h.infno(), h.msgid(), h.mdtrtareaAdmvs(), h.insuplcAdmdvs(),
                h.recerSysCode(), h.devNo(), h.devSafeInfo(), null, h.signtype(), h.infver(), h.opterType(), h.opter(),
                h.opterName(), Fields.DATE_TIME.format(LocalDateTime.now(clock).minusMinutes(6)), h.fixmedinsCode(),
                h.fixmedinsName(), h.signNo());
        Response<PersonInfo.Output> answer = hospital.send(Transaction.PERSON_INFO, new Request<>(old, r.input()));
        assertEquals(InfCode.REPLAY.code(), answer.header().infcode());
        assertTrue(answer.header().errMsg().startsWith("inf_time:"), answer.header().errMsg());
    }

    @Test
    void unknownSignNoIsRefused() throws IOException {
        Request<PersonInfo.Input> r = hospital.request(Transaction.PERSON_INFO,
                new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
        RequestHeader h = r.header();
        RequestHeader forged = new RequestHeader(h.infno(), h.msgid(), h.mdtrtareaAdmvs(), h.insuplcAdmdvs(),
                h.recerSysCode(), h.devNo(), h.devSafeInfo(), null, h.signtype(), h.infver(), h.opterType(), h.opter(),
                h.opterName(), h.infTime(), h.fixmedinsCode(), h.fixmedinsName(), "SN-NOT-ISSUED");
        Response<PersonInfo.Output> answer = hospital.send(Transaction.PERSON_INFO, new Request<>(forged, r.input()));
        assertEquals(InfCode.SIGN_IN_REQUIRED.code(), answer.header().infcode());
    }

    @Test
    void aRequestInAProvincialProfilesEnvelopeIsRefusedForOnlyTheNationalOneIsServed() throws IOException {
        Request<PersonInfo.Input> r = hospital.request(Transaction.PERSON_INFO,
                new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
        RequestHeader h = r.header();
        RequestHeader hebei = new RequestHeader(h.infno(), h.msgid(), h.mdtrtareaAdmvs(), h.insuplcAdmdvs(),
                h.recerSysCode(), h.devNo(), h.devSafeInfo(), null, PlatformProfile.HEBEI.signtype(),
                PlatformProfile.HEBEI.infver(), h.opterType(), h.opter(), h.opterName(), h.infTime(), h.fixmedinsCode(),
                h.fixmedinsName(), h.signNo());
        byte[] body = PlatformProfile.HEBEI.seal(new Request<>(hebei, r.input()), null, null);
        Response<PersonInfo.Output> answer = hospital.read(Transaction.PERSON_INFO,
                hospital.post(Transaction.PERSON_INFO.infno(), body));
        assertEquals(InfCode.VALIDATION.code(), answer.header().infcode());
        assertEquals("signtype: must be SM2", answer.header().errMsg());
    }

    @Test
    void badInputGetsASignedEnvelopeNamingTheProblem() throws IOException {
        assertFailure("2207", "{not json".getBytes(StandardCharsets.UTF_8), InfCode.VALIDATION, "");
        assertFailure("9999", "{\"infno\":\"9999\"}".getBytes(StandardCharsets.UTF_8), InfCode.VALIDATION, "infno:");
        assertFailure("1101", "{\"infno\":\"1101\"}".getBytes(StandardCharsets.UTF_8), InfCode.VALIDATION, "");
        byte[] huge = new byte[MessageCodec.MAX_BODY_BYTES + 10];
        Arrays.fill(huge, (byte) ' ');
        assertFailure("1101", huge, InfCode.VALIDATION, "message: body larger than 1 MiB");
        byte[] signed = hospital.signedBody(hospital.request(Transaction.PERSON_INFO,
                new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null)));
        String altered = new String(signed, StandardCharsets.UTF_8).replace(Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_3DES_CARD);
        assertFailure("1101", altered.getBytes(StandardCharsets.UTF_8), InfCode.SIGNATURE, "cainfo:");
        assertFailure("2201", signed, InfCode.VALIDATION, "infno: must equal the transaction code in the URL path");
    }

    @Test
    void numbersWithAnExponentAreRefusedWhereTheRequestIsRead() throws IOException {
        TerminalClient t = Harness.terminal(central, "DEV-E1", "H44010600011", clock);
        String mdtrtId = Visits.register(t, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE, Harness.ACTIVE_SM4_CARD);
        FeeUpload.FeeDetail item = Visits.items(mdtrtId, Harness.ACTIVE_SM4_PSN, "CB1", 1).get(0);
        String sum = item.detItemFeeSumamt().toString();
        String json = new String(t.signedBody(t.request(Transaction.FEE_UPLOAD, new FeeUpload.Input(List.of(item)))),
                StandardCharsets.UTF_8);
        String exponent = json.replace("\"det_item_fee_sumamt\":" + sum, "\"det_item_fee_sumamt\":"
                + new java.math.BigDecimal(sum).movePointLeft(1).toPlainString() + "e1");
        assertTrue(exponent.contains("e1,"), exponent);
        assertFailure("2204", exponent.getBytes(StandardCharsets.UTF_8), InfCode.VALIDATION,
                "input.feedetail[0].det_item_fee_sumamt: must be a plain decimal number (no exponent)");
    }

    @Test
    void aBatchIsRefusedItemsThatWouldTakeItBeyondWhatASettlementCanCarry() throws IOException {
        TerminalClient t = Harness.terminal(central, "DEV-B1", "H44010600012", clock);
        String psn = Harness.ACTIVE_SM4_PSN;
        String mdtrtId = Visits.register(t, psn, InsuType.EMPLOYEE, Harness.ACTIVE_SM4_CARD);
        String code = Visits.first(ChrgitmLv.CLASS_C).code();
        Money big = Money.parse("999999999.00");
        java.util.function.IntFunction<FeeUpload.FeeDetail> item = n -> FeeUpload.FeeDetail.billed(String.valueOf(n),
                mdtrtId, psn, "CB1", "2025-03-14 09:20:00", code, "HIS-" + n, big, 1L, big, "D01", "内科门诊", "D440106000001", "李医生");
        Response<FeeUpload.Output> first = t.send(Transaction.FEE_UPLOAD, new FeeUpload.Input(List.of(item.apply(1))));
        assertEquals(0, first.header().infcode(), first.header().errMsg());
        Response<FeeUpload.Output> second = t.send(Transaction.FEE_UPLOAD, new FeeUpload.Input(List.of(item.apply(2))));
        assertEquals(InfCode.BUSINESS_RULE.code(), second.header().infcode(), second.header().errMsg());
        assertEquals("chrg_bchno: batch CB1 would total 1999999998.00 with these items, more than one settlement can"
                + " carry (at most 999999999.99); put them in another batch", second.header().errMsg());
        Response<SettlementResult> preview = t.send(Transaction.PRE_SETTLEMENT, Visits.pre(psn, InsuType.EMPLOYEE,
                Harness.ACTIVE_SM4_CARD, mdtrtId, "CB1", big));
        assertEquals(0, preview.header().infcode(), "what the batch holds can still be settled: "
                + preview.header().errMsg());
    }

    private void assertFailure(String infno, byte[] body, InfCode code, String messageStart) throws IOException {
        Response<PersonInfo.Output> r = hospital.read(Transaction.PERSON_INFO, hospital.post(infno, body));
        assertEquals(code.code(), r.header().infcode(), r.header().errMsg());
        assertTrue(r.header().errMsg().startsWith(messageStart), r.header().errMsg());
        assertFalse(r.header().errMsg().contains("Exception"), r.header().errMsg());
    }

    @Test
    void enrolmentCodesWorkOnceAndOnlyForTheirDevice() throws IOException {
        TerminalClient t = Harness.terminal(central, "DEV-E1", "H44010600009", clock);
        String code = central.issueEnrolCode("DEV-E2", "H44010600009", 1);
        IOException wrongDevice = assertThrows(IOException.class, () -> t.enrol(code));
        assertTrue(wrongDevice.getMessage().contains("HTTP 403"), wrongDevice.getMessage());
        String own = central.issueEnrolCode("DEV-E1", "H44010600009", 1);
        t.enrol(own);
        assertThrows(IOException.class, () -> t.enrol(own), "a code works once");
    }

    @Test
    void reversalUndoesACommittedSettlementWhoseAnswerWasLost() throws IOException {
        TerminalClient t = Harness.terminal(central, "DEV-R1", "H44010600004", clock);
        Money before = balance(t, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN);
        Request<Settlement.Input> settle = Visits.upToSettlement(t, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE,
                Harness.ACTIVE_SM4_CARD, 5);
        central.faults().arm(Fault.parse("2207:drop-after-commit:1"));
        assertThrows(IOException.class, () -> t.send(Transaction.SETTLEMENT, settle));
        assertTrue(balance(t, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN).compareTo(before) <= 0);
        Response<Reversal.Output> rev = t.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, settle.header().msgid(), "2207"));
        assertEquals(0, rev.header().infcode(), rev.header().errMsg());
        assertEquals(Flag.YES, rev.output().tookEffect());
        assertEquals(before, balance(t, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN));
        Response<Reversal.Output> again = t.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, settle.header().msgid(), "2207"));
        assertEquals(Flag.YES, again.output().tookEffect(), "repeating a reversal answers the same");
    }

    @Test
    void reversalOfAMessageThatNeverArrivedBlocksItsLateArrival() throws IOException {
        TerminalClient t = Harness.terminal(central, "DEV-R2", "H44010600005", clock);
        Request<Settlement.Input> settle = Visits.upToSettlement(t, Harness.ACTIVE_3DES_PSN, InsuType.RESIDENT,
                Harness.ACTIVE_3DES_CARD, 2);
        central.faults().arm(Fault.parse("2207:close-before:1"));
        assertThrows(IOException.class, () -> t.send(Transaction.SETTLEMENT, settle));
        Response<Reversal.Output> rev = t.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_3DES_PSN, settle.header().msgid(), "2207"));
        assertEquals(Flag.NO, rev.output().tookEffect());
        Response<SettlementResult> late = t.send(Transaction.SETTLEMENT, settle);
        assertEquals(InfCode.BUSINESS_RULE.code(), late.header().infcode());
        assertTrue(late.header().errMsg().contains("reversed"), late.header().errMsg());
    }

    @Test
    void faultModesFailBeforeOrDelay() throws IOException {
        central.faults().arm(Fault.parse("1101:fail-5xx:1"));
        PersonInfo.Input q = new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD,
                Harness.ACTIVE_SM4_SN, null);
        IOException e = assertThrows(IOException.class, () -> hospital.send(Transaction.PERSON_INFO, q));
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(0, hospital.send(Transaction.PERSON_INFO, q).header().infcode(), "the fault disarms after 1");

        central.faults().arm(Fault.parse("1101:close-before:1"));
        Request<PersonInfo.Input> r = hospital.request(Transaction.PERSON_INFO, q);
        assertThrows(IOException.class, () -> hospital.send(Transaction.PERSON_INFO, r));
        assertEquals(0, hospital.send(Transaction.PERSON_INFO, r).header().infcode(), "nothing was stored");

        central.faults().arm(Fault.parse("1101:delay:300:1"));
        long t0 = System.nanoTime();
        assertEquals(0, hospital.send(Transaction.PERSON_INFO, q).header().infcode());
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 300);
        assertTrue(central.faults().list().isEmpty());
    }

    @Test
    void adminEndpointArmsFaultsOnLoopback(@TempDir Path other) throws Exception {
        try (CentralSim.Running c = CentralSim.start(CentralConfig.of(other).withInsecureHttp(true).withAdminPort(0))) {
            HttpClient http = HttpClient.newHttpClient();
            URI faults = URI.create("http://127.0.0.1:" + c.adminPort() + "/admin/faults");
            HttpResponse<String> armed = http.send(HttpRequest.newBuilder(faults)
                    .POST(HttpRequest.BodyPublishers.ofString("2207:drop-after-commit:2")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, armed.statusCode(), armed.body());
            assertEquals(List.of("2207:drop-after-commit:2"), c.faults().list().stream().map(Fault::toString).toList());
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(faults)
                    .POST(HttpRequest.BodyPublishers.ofString("2207:explode")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("unknown fault mode"), bad.body());
            http.send(HttpRequest.newBuilder(faults).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(c.faults().list().isEmpty());
            assertTrue(c.baseUri().toString().startsWith("http://"));
        }
    }

    @Test
    void reconciliationBalancedUnbalancedAndDetailDifferences() throws IOException {
        TerminalClient t = Harness.terminal(central, "DEV-S1", "H44010600006", clock);
        Response<SettlementResult> one = t.send(Transaction.SETTLEMENT, Visits.upToSettlement(t,
                Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE, Harness.ACTIVE_SM4_CARD, 3));
        Request<Settlement.Input> secondReq = Visits.upToSettlement(t, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE,
                Harness.ACTIVE_SM4_CARD, 2);
        Response<SettlementResult> two = t.send(Transaction.SETTLEMENT, secondReq);
        SettlementResult.SetlInfo a = one.output().setlinfo();
        SettlementResult.SetlInfo b = two.output().setlinfo();
        String today = LocalDateTime.now(clock).toLocalDate().toString();

        Money medfee = a.medfeeSumamt().plus(b.medfeeSumamt());
        Money fund = a.fundPaySumamt().plus(b.fundPaySumamt());
        Money acct = a.acctPay().plus(b.acctPay());
        Response<TotalReconciliation.Output> balanced = t.send(Transaction.TOTAL_RECONCILIATION,
                new TotalReconciliation.Input(InsuType.EMPLOYEE, ClrType.OUTPATIENT, "440100", today, today, medfee, fund, acct, 2L));
        assertEquals(StmtResult.BALANCED, balanced.output().stmtRslt(), balanced.output().stmtRsltDscr());
        assertEquals(StmtResult.BALANCED, t.send(Transaction.TOTAL_RECONCILIATION, new TotalReconciliation.Input(
                InsuType.EMPLOYEE, ClrType.PHARMACY, "440100", today, today, Money.ZERO, Money.ZERO, Money.ZERO, 0L)).output()
                .stmtRslt(), "outpatient visits are cleared under clr_type 11 only");
        Response<TotalReconciliation.Output> off = t.send(Transaction.TOTAL_RECONCILIATION,
                new TotalReconciliation.Input(InsuType.EMPLOYEE, ClrType.OUTPATIENT, "440100", today, today, medfee.plus(Money.ofFen(1)), fund, acct, 2L));
        assertEquals(StmtResult.NOT_BALANCED, off.output().stmtRslt());
        assertTrue(off.output().stmtRsltDscr().contains("medfee_sumamt: institution"), off.output().stmtRsltDscr());

        List<DetailFiles.ResultRow> rows = DetailFlow.reconcile(t, today, today, List.of(
                new DetailFiles.UploadRow(a.setlId(), a.mdtrtId(), a.psnNo(), a.medfeeSumamt(), a.fundPaySumamt(),
                        a.acctPay().plus(Money.ofFen(1)), Flag.NO),
                new DetailFiles.UploadRow("ST-NOT-AT-CENTRAL", "MD0", a.psnNo(), Money.ofFen(100), Money.ZERO,
                        Money.ZERO, Flag.NO)));
        assertEquals(3, rows.size());
        assertEquals(StmtDetailResult.AMOUNTS_DIFFER, rows.get(0).stmtRslt());
        assertEquals("acct_pay: institution " + a.acctPay().plus(Money.ofFen(1)) + ", central " + a.acctPay(),
                rows.get(0).memo());
        assertEquals(a.medinsSetlId(), rows.get(0).msgid(), "the msgid the settlement was sent with");
        assertEquals(a.medfeeSumamt(), rows.get(0).medfeeSumamt(), "the central's amounts");
        assertEquals(StmtDetailResult.ONLY_AT_INSTITUTION, rows.get(1).stmtRslt());
        assertEquals(null, rows.get(1).msgid(), "a settlement the central does not know has no msgid of its own");
        assertEquals("no settlement ST-NOT-AT-CENTRAL at the central service in this period", rows.get(1).memo());
        assertEquals(StmtDetailResult.ONLY_AT_CENTRAL, rows.get(2).stmtRslt());
        assertEquals(b.setlId(), rows.get(2).setlId());
        assertEquals(secondReq.header().msgid(), rows.get(2).msgid());
        assertEquals(b.psnNo(), rows.get(2).psnNo());
    }

    @Test
    void cardServiceStateMachine() throws IOException {
        TerminalClient office = Harness.terminal(central, "DEV-C1", "C44010600001", clock);
        Response<CardService.CardStatus> lift = office.send(Transaction.CARD_LIFT_LOSS_REPORT,
                new CardService.LiftLossReport(Harness.ACTIVE_3DES_CARD, "440106197506151314"));
        assertEquals(InfCode.BUSINESS_RULE.code(), lift.header().infcode(), "an ACTIVE card has no loss report to lift");
        assertTrue(lift.header().errMsg().contains("in state ACTIVE"), lift.header().errMsg());

        Response<CardService.CardStatus> wrongPerson = office.send(Transaction.CARD_LOSS_REPORT,
                new CardService.LossReport(Harness.ACTIVE_3DES_CARD, Harness.LOST_CERT, null));
        assertTrue(wrongPerson.header().errMsg().startsWith("certno:"), wrongPerson.header().errMsg());

        long version = office.send(Transaction.BLACKLIST_DOWNLOAD, new CardService.BlacklistQuery(0L, 10_000L)).output().ver();
        Response<CardService.CardStatus> lost = office.send(Transaction.CARD_LOSS_REPORT,
                new CardService.LossReport(Harness.ACTIVE_3DES_CARD, "440106197506151314", "丢失"));
        assertEquals(CardState.LOST, lost.output().cardStas());
        Response<CardService.Blacklist> delta = office.send(Transaction.BLACKLIST_DOWNLOAD,
                new CardService.BlacklistQuery(version, 10_000L));
        assertEquals(1, delta.output().rows().size());
        assertEquals(CardState.LOST, delta.output().rows().get(0).cardStas());
        assertEquals(Harness.ACTIVE_3DES_SN, delta.output().rows().get(0).cardSn());

        Response<CardService.CardStatus> lifted = office.send(Transaction.CARD_LIFT_LOSS_REPORT,
                new CardService.LiftLossReport(Harness.ACTIVE_3DES_CARD, "440106197506151314"));
        assertEquals(CardState.ACTIVE, lifted.output().cardStas());
        Response<CardService.Blacklist> off = office.send(Transaction.BLACKLIST_DOWNLOAD,
                new CardService.BlacklistQuery(delta.output().ver(), 1L));
        assertEquals(CardState.ACTIVE, off.output().rows().get(0).cardStas(), "lifting takes it off the list");

        Response<CardService.CardStatus> cancelledAgain = office.send(Transaction.CARD_CANCEL,
                new CardService.Cancel(Harness.CANCELLED_CARD, Harness.CANCELLED_CERT, "重复注销"));
        assertTrue(cancelledAgain.header().errMsg().contains("in state CANCELLED"), cancelledAgain.header().errMsg());

        Response<CardService.CardChanged> reissue = office.send(Transaction.CARD_REISSUE, new CardService.ChangeCard(
                Harness.LOST_CARD, Harness.LOST_CERT, "B00000019", "440104D156000005FFEE000000000099", "2025-03-14",
                "2035-03-14", CardAlgorithm.SM4, "补卡"));
        assertEquals(0, reissue.header().infcode(), reissue.header().errMsg());
        assertEquals(CardState.CANCELLED, reissue.output().oldCard().cardStas());
        assertEquals(CardState.ISSUED, reissue.output().newCard().cardStas());
        Response<PersonInfo.Output> firstUse = office.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.SOCIAL_SECURITY_CARD, "B00000019", "440104D156000005FFEE000000000099", null));
        assertEquals(0, firstUse.header().infcode(), firstUse.header().errMsg());
        assertEquals(CardState.ACTIVE, office.send(Transaction.CARD_STATUS_QUERY,
                new CardService.StatusQuery("B00000019", null)).output().cardStas(), "first online use activates");

        Response<CardService.CardStatus> registered = office.send(Transaction.CARD_REGISTER, new CardService.Register(
                "C00000016", "440106D156000005FFEEDDCC00000001", "440106200001011230", "新参保", Gender.MALE,
                "2000-01-01", "44010600000099", "2025-03-14", "2035-03-14", CardAlgorithm.SM4, "3.00"));
        assertEquals(0, registered.header().infcode(), registered.header().errMsg());
        assertEquals(CardState.ISSUED, registered.output().cardStas());
        Response<CardService.PinResetAuthorisation> pin = office.send(Transaction.PIN_RESET_AUTH,
                new CardService.PinResetRequest(Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, Harness.ACTIVE_SM4_CERT));
        assertEquals(0, pin.header().infcode(), pin.header().errMsg());
        assertTrue(pin.output().authNo().startsWith("PR"));
    }

    @Test
    void suspendAndResumeListAndLiftTheCardOnceEachAndGate1101() throws IOException {
        TerminalClient office = Harness.terminal(central, "DEV-C2", "C44010600001", clock);
        String cert = "440106197506151314";
        Response<CardService.CardStatus> notSuspended = office.send(Transaction.CARD_RESUME,
                new CardService.Resume(Harness.ACTIVE_3DES_CARD, cert));
        assertEquals(InfCode.BUSINESS_RULE.code(), notSuspended.header().infcode());
        assertTrue(notSuspended.header().errMsg().contains("cannot resume card " + Harness.ACTIVE_3DES_CARD
                + " in state ACTIVE"), notSuspended.header().errMsg());
        Response<CardService.CardStatus> wrongPerson = office.send(Transaction.CARD_SUSPEND,
                new CardService.Suspend(Harness.ACTIVE_3DES_CARD, Harness.LOST_CERT, "暂停"));
        assertTrue(wrongPerson.header().errMsg().startsWith("certno:"), wrongPerson.header().errMsg());
        Response<CardService.CardStatus> noReason = office.send(Transaction.CARD_SUSPEND,
                new CardService.Suspend(Harness.ACTIVE_3DES_CARD, cert, null));
        assertEquals(InfCode.VALIDATION.code(), noReason.header().infcode(), "the reason is required");
        Response<CardService.CardStatus> lost = office.send(Transaction.CARD_SUSPEND,
                new CardService.Suspend(Harness.LOST_CARD, Harness.LOST_CERT, "暂停"));
        assertTrue(lost.header().errMsg().contains("in state LOST"), lost.header().errMsg());

        long version = office.send(Transaction.BLACKLIST_DOWNLOAD, new CardService.BlacklistQuery(0L, 10_000L)).output().ver();
        Request<CardService.Suspend> suspend = office.request(Transaction.CARD_SUSPEND,
                new CardService.Suspend(Harness.ACTIVE_3DES_CARD, cert, "持卡人申请暂停"));
        Response<CardService.CardStatus> suspended = office.send(Transaction.CARD_SUSPEND, suspend);
        assertEquals(CardState.SUSPENDED, suspended.output().cardStas());
        Response<CardService.CardStatus> resent = office.send(Transaction.CARD_SUSPEND, suspend);
        assertEquals(suspended.output(), resent.output(), "a resend of the same msgid is answered from the store");
        Response<CardService.Blacklist> listed = office.send(Transaction.BLACKLIST_DOWNLOAD,
                new CardService.BlacklistQuery(version, 10_000L));
        assertEquals(1, listed.output().rows().size(), "one version, however often the message is sent");
        assertEquals(CardState.SUSPENDED, listed.output().rows().get(0).cardStas());
        assertEquals(Harness.ACTIVE_3DES_SN, listed.output().rows().get(0).cardSn());

        Response<PersonInfo.Output> refused = hospital.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_3DES_CARD, Harness.ACTIVE_3DES_SN, null));
        assertEquals(InfCode.BUSINESS_RULE.code(), refused.header().infcode());
        assertTrue(refused.header().errMsg().contains("is suspended"), refused.header().errMsg());
        Response<CardService.CardStatus> lossWhileSuspended = office.send(Transaction.CARD_LOSS_REPORT,
                new CardService.LossReport(Harness.ACTIVE_3DES_CARD, cert, null));
        assertTrue(lossWhileSuspended.header().errMsg().contains("in state SUSPENDED"),
                lossWhileSuspended.header().errMsg());

        Response<CardService.CardStatus> resumed = office.send(Transaction.CARD_RESUME,
                new CardService.Resume(Harness.ACTIVE_3DES_CARD, cert));
        assertEquals(CardState.ACTIVE, resumed.output().cardStas());
        Response<CardService.Blacklist> lifted = office.send(Transaction.BLACKLIST_DOWNLOAD,
                new CardService.BlacklistQuery(listed.output().ver(), 10_000L));
        assertEquals(1, lifted.output().rows().size());
        assertEquals(CardState.ACTIVE, lifted.output().rows().get(0).cardStas(), "resuming takes it off the list");
        assertEquals(0, hospital.send(Transaction.PERSON_INFO, new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD,
                Harness.ACTIVE_3DES_CARD, Harness.ACTIVE_3DES_SN, null)).header().infcode());
    }

    @Test
    void exampleClientCommandSignsInAndQueriesAPerson(@TempDir Path station) throws IOException {
        Path pass = station.resolve("pass");
        Files.writeString(pass, "station passphrase\n");
        String code = central.issueEnrolCode("DEV-CLI", "H44010600007", 2);
        String[] common = {"--data", data.toString(), "--url", central.baseUri().toString(), "--dev-no", "DEV-CLI",
            "--fixmedins-code", "H44010600007", "--key-store", station.resolve("dev.sks").toString(),
            "--passphrase-file", pass.toString()};
        String[] first = concat(new String[] {"client"}, common, new String[] {"--enrol-code", code, "9001"});
        assertEquals(0, CentralSim.run(first));
        String[] second = concat(new String[] {"client"}, common, new String[] {"--card-no", Harness.ACTIVE_SM4_CARD,
            "--card-sn", Harness.ACTIVE_SM4_SN, "9001", "1101"});
        assertEquals(0, CentralSim.run(second));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CentralSim.run(concat(new String[] {"client"}, common, new String[] {"--bogus", "x"})));
        assertTrue(unknown.getMessage().contains("unknown option"), unknown.getMessage());
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    @Test
    void dataSurvivesARestart(@TempDir Path dir) throws IOException {
        byte[] caFirst;
        try (CentralSim.Running c = Harness.start(dir, clock)) {
            caFirst = c.caCertPem().getBytes(StandardCharsets.US_ASCII);
        }
        try (CentralSim.Running c = Harness.start(dir, clock)) {
            assertArrayEquals(caFirst, c.caCertPem().getBytes(StandardCharsets.US_ASCII), "the CA is created once");
        }
    }

    /** A clock that can be made to fail, to reach the HTTP layer's handling of an unexpected failure. */
    private static final class BreakableClock extends Clock {
        private volatile boolean broken;

        @Override
        public ZoneId getZone() {
            return ZoneId.systemDefault();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            if (broken) {
                throw new IllegalStateException("clock failure for the test");
            }
            return Instant.now();
        }
    }

    @Test
    void anUnexpectedFailureIsHttp500WithAShortBodyAndTheServiceCarriesOn(@TempDir Path dir) throws Exception {
        BreakableClock breakable = new BreakableClock();
        try (CentralSim.Running c = Harness.start(dir, breakable)) {
            TerminalClient t = Harness.terminal(c, "DEV-500", "H44010600500", breakable);
            PersonInfo.Input q = new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD,
                    Harness.ACTIVE_SM4_SN, null);
            byte[] body = t.signedBody(t.request(Transaction.PERSON_INFO, q));
            HttpClient pinned = HttpClient.newBuilder().sslContext(CertificateAuthority.clientContext(c.caCertPem()))
                    .build();
            HttpRequest post = HttpRequest.newBuilder(c.baseUri().resolve("/api/v1/1101"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            breakable.broken = true;
            HttpResponse<String> r = pinned.send(post, HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode());
            assertEquals("{\"infcode\":-1,\"err_msg\":\"central service fault; send the same message (same msgid) again"
                    + " later\",\"error\":\"central service fault; send the same message (same msgid) again later\"}",
                    r.body());
            assertFalse(r.body().contains("Exception"), "no stack trace or exception name on the wire");
            breakable.broken = false;
            assertEquals(0, t.read(Transaction.PERSON_INFO, t.post("1101", body)).header().infcode(),
                    "the same message answers once the fault is gone");
        }
    }
}
