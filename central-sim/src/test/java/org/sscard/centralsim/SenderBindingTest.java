package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MsgId;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.PreSettlement;
import org.sscard.protocol.Registration;
import org.sscard.protocol.Request;
import org.sscard.protocol.Response;
import org.sscard.protocol.Reversal;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.SettlementCancel;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/**
 * Station numbers at enrolment, and 2601/2208 bound to their sender: a reversal only from the device that sent the
 * original and for its person, a cancel only from the institution that settled. Every refused attempt changes
 * nothing: the settlement stands, the account balance is unchanged, and the rightful sender can still act on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SenderBindingTest {
    private static final String HOSPITAL = "H44010600021";
    private static final String OTHER_HOSPITAL = "H44010600022";
    private final Clock clock = Clock.systemDefaultZone();
    private Path data;
    private CentralSim.Running central;
    private TerminalClient windowA;
    private TerminalClient windowB;
    private TerminalClient elsewhere;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        data = dir;
        central = Harness.start(dir, clock);
        windowA = Harness.terminal(central, "DEV-A", HOSPITAL, clock);
        windowB = Harness.terminal(central, "DEV-B", HOSPITAL, clock);
        elsewhere = Harness.terminal(central, "DEV-X", OTHER_HOSPITAL, clock);
    }

    @AfterAll
    void stop() {
        central.stop();
    }

    private Money balance() throws IOException {
        Response<PersonInfo.Output> r = windowA.send(Transaction.PERSON_INFO,
                new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, Harness.ACTIVE_SM4_CARD, Harness.ACTIVE_SM4_SN, null));
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        return r.output().insuinfo().get(0).balc();
    }

    private static void assertRefused(Response<?> r, String errStart) {
        assertEquals(InfCode.BUSINESS_RULE.code(), r.header().infcode(), "must be refused");
        assertTrue(r.header().errMsg().startsWith(errStart), r.header().errMsg());
    }

    /** Window A settles a visit of the SM4 card's holder; returns the 2207 request and its answer. */
    private Response<SettlementResult> settleAtA(Request<Settlement.Input> settle) throws IOException {
        Response<SettlementResult> done = windowA.send(Transaction.SETTLEMENT, settle);
        assertEquals(0, done.header().infcode(), done.header().errMsg());
        return done;
    }

    @Test
    void stationNumbersAreUniqueInTheInstitutionKeptOnReEnrolmentAndCarriedInMsgids() throws IOException {
        assertEquals(1, windowA.stationNo());
        assertEquals(2, windowB.stationNo());
        assertEquals(1, elsewhere.stationNo(), "numbers count per institution");
        windowA.enrol(central.issueEnrolCode("DEV-A", HOSPITAL, 2));
        assertEquals(1, windowA.stationNo(), "a device keeps its number when it enrols again");
        TerminalClient third = Harness.terminal(central, "DEV-C", HOSPITAL, clock);
        assertEquals(3, third.stationNo());
        assertEquals(3, MsgId.parse(third.nextMsgid(), "msgid").sequence() / 10);
    }

    @Test
    void anInstitutionWithEveryStationNumberGivenOutIsRefusedAndNothingIsEnrolled() throws Exception {
        String full = "H44010600029";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("central.db"));
                PreparedStatement p = c.prepareStatement("INSERT INTO station(fixmedins_code, station_no, dev_no, "
                        + "assigned_at) VALUES (?, 999, 'DEV-OLD', '2025-01-01 00:00:00')")) {
            p.setString(1, full);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        SoftwareSecurityModule module = SoftwareSecurityModule.inMemory();
        KeyRef key = KeyRef.local(KeyType.DEVICE_SIGN, "440106", 1);
        module.generateLocalKey(key);
        TerminalClient t = new TerminalClient(central.baseUri(),
                TerminalClient.httpClient(CertificateAuthority.clientContext(central.caCertPem())), module, key,
                new TerminalClient.Station("DEV-NEW", full, "测试医院", "440106"), clock);
        String code = central.issueEnrolCode("DEV-NEW", full, 2);
        IOException refused = assertThrows(IOException.class, () -> t.enrol(code));
        assertTrue(refused.getMessage().contains("HTTP 409") && refused.getMessage().contains("999 station numbers"),
                refused.getMessage());
        IOException again = assertThrows(IOException.class, () -> t.enrol(code));
        assertTrue(again.getMessage().contains("HTTP 409"), "the code was not used up: " + again.getMessage());
    }

    @Test
    void anotherDevicesReversalOfASettlementIsRefusedAndTheSettlementStands() throws IOException {
        Money before = balance();
        Request<Settlement.Input> settle = Visits.upToSettlement(windowA, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE,
                Harness.ACTIVE_SM4_CARD, 3);
        SettlementResult.SetlInfo s = settleAtA(settle).output().setlinfo();
        Money afterSettlement = balance();
        assertEquals(before.minus(s.acctPay()), afterSettlement);

        assertRefused(windowB.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, settle.header().msgid(), "2207")), "omsgid: message ");
        assertRefused(windowB.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, settle.header().msgid(), "2207")), "omsgid: message ");
        assertEquals(afterSettlement, balance());
        assertRefused(windowA.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_3DES_PSN, settle.header().msgid(), "2207")), "psn_no: ");
        assertRefused(windowA.send(Transaction.REVERSAL,
                new Reversal.Input(null, settle.header().msgid(), "2207")), "psn_no: ");
        assertEquals(afterSettlement, balance());
        assertRefused(elsewhere.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, settle.header().msgid(), "2207")), "omsgid: a reversal");
        assertEquals(afterSettlement, balance());

        Response<Reversal.Output> own = windowA.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, settle.header().msgid(), "2207"));
        assertEquals(0, own.header().infcode(), own.header().errMsg());
        assertEquals(Flag.YES, own.output().tookEffect(), "the settlement had stood until its own device reversed it");
        assertEquals(before, balance());
    }

    @Test
    void anotherDevicesReversalOfARegistrationOrFeeUploadIsRefusedAndTheVisitGoesOn() throws IOException {
        Request<Registration.Input> reg = windowA.request(Transaction.REGISTRATION, new Registration.Input(
                Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE, "2025-03-14 09:00:00", MdtrtCertType.SOCIAL_SECURITY_CARD,
                Harness.ACTIVE_SM4_CARD, "OTP-A-1", "D440106000001", "李医生", "D01", "内科门诊", "A03"));
        Response<Registration.Output> registered = windowA.send(Transaction.REGISTRATION, reg);
        assertEquals(0, registered.header().infcode(), registered.header().errMsg());
        String mdtrtId = registered.output().mdtrtId();
        List<FeeUpload.FeeDetail> items = Visits.items(mdtrtId, Harness.ACTIVE_SM4_PSN, "CB1", 2);
        Request<FeeUpload.Input> upload = windowA.request(Transaction.FEE_UPLOAD, new FeeUpload.Input(items));
        Response<FeeUpload.Output> uploaded = windowA.send(Transaction.FEE_UPLOAD, upload);
        assertEquals(0, uploaded.header().infcode(), uploaded.header().errMsg());

        assertRefused(windowB.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, upload.header().msgid(), "2204")), "omsgid: message ");
        assertRefused(windowB.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, reg.header().msgid(), "2201")), "omsgid: message ");
        assertRefused(elsewhere.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, reg.header().msgid(), "2201")), "omsgid: a reversal");

        Money total = items.stream().map(FeeUpload.FeeDetail::detItemFeeSumamt).reduce(Money.ZERO, Money::plus);
        PreSettlement.Input p = Visits.pre(Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE, Harness.ACTIVE_SM4_CARD, mdtrtId,
                "CB1", total);
        Response<SettlementResult> preview = windowA.send(Transaction.PRE_SETTLEMENT, p);
        assertEquals(0, preview.header().infcode(), "visit and fees still stand: " + preview.header().errMsg());
        assertEquals(total, preview.output().setlinfo().medfeeSumamt());
        Money before = balance();
        SettlementResult.SetlInfo s = settleAtA(windowA.request(Transaction.SETTLEMENT,
                Visits.settlementOf(p, preview.output()))).output().setlinfo();
        windowA.send(Transaction.SETTLEMENT_CANCEL, new SettlementCancel.Input(s.setlId(), s.mdtrtId(), s.psnNo()));
        assertEquals(before, balance());
    }

    @Test
    void aReversalFromAnotherDeviceOfAMessageNotYetArrivedDoesNotStopIt() throws IOException {
        Money before = balance();
        Request<Settlement.Input> settle = Visits.upToSettlement(windowA, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE,
                Harness.ACTIVE_SM4_CARD, 2);
        Response<Reversal.Output> early = windowB.send(Transaction.REVERSAL,
                new Reversal.Input(Harness.ACTIVE_SM4_PSN, settle.header().msgid(), "2207"));
        assertEquals(0, early.header().infcode(), early.header().errMsg());
        assertEquals(Flag.NO, early.output().tookEffect(), "nothing of this device to undo");
        SettlementResult.SetlInfo s = settleAtA(settle).output().setlinfo();
        assertNotEquals(before, balance());
        windowA.send(Transaction.SETTLEMENT_CANCEL, new SettlementCancel.Input(s.setlId(), s.mdtrtId(), s.psnNo()));
        assertEquals(before, balance());
    }

    @Test
    void aCancelFromAnotherInstitutionIsRefusedAndOneFromASiblingStationIsAccepted() throws IOException {
        Money before = balance();
        Request<Settlement.Input> settle = Visits.upToSettlement(windowA, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE,
                Harness.ACTIVE_SM4_CARD, 4);
        SettlementResult.SetlInfo s = settleAtA(settle).output().setlinfo();
        Money settled = balance();
        SettlementCancel.Input cancel = new SettlementCancel.Input(s.setlId(), s.mdtrtId(), s.psnNo());
        assertRefused(elsewhere.send(Transaction.SETTLEMENT_CANCEL, cancel), "setl_id: settlement ");
        assertEquals(settled, balance(), "the refused cancel changed nothing");

        Response<SettlementResult> sibling = windowB.send(Transaction.SETTLEMENT_CANCEL, cancel);
        assertEquals(0, sibling.header().infcode(), "a refund desk may cancel: " + sibling.header().errMsg());
        assertEquals(before, balance());
    }
}
