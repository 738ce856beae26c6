package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.EVoucher;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.Registration;
import org.sscard.protocol.Request;
import org.sscard.protocol.Response;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/**
 * The 医保码: issued for a demo person, decoded once (C201) into a token that carries 1101 to 2207 with type 01; expired,
 * reused, forged and foreign codes and expired, foreign or someone else's tokens are refused; a visit with the token
 * settles the same figures as the card visit of the same person.
 */
class EVoucherTest {
    private static final String HOSPITAL = "H44010600001";
    @TempDir
    Path data;
    final Harness.MovableClock clock = new Harness.MovableClock();
    CentralSim.Running central;
    TerminalClient t;

    @BeforeEach
    void start() throws IOException {
        central = Harness.start(data, clock);
        t = Harness.terminal(central, "DEV-E1", HOSPITAL, clock);
    }

    @AfterEach
    void stop() {
        central.stop();
    }

    private static Response<EVoucher.Token> decode(TerminalClient t, String code) throws IOException {
        return t.send(Transaction.EVOUCHER_DECODE, new EVoucher.Decode(code));
    }

    private static String token(TerminalClient t, CentralSim.Running central, String psnNo) throws IOException {
        Response<EVoucher.Token> r = decode(t, central.issueEcode(psnNo));
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        return r.output().ecToken();
    }

    @Test
    void aCodeDecodesOnceIntoATokenOfItsPersonThatCarriesPersonInfo() throws IOException {
        String code = central.issueEcode(Harness.ACTIVE_SM4_PSN);
        assertTrue(EVoucher.QR_CODE.matcher(code).matches(), code);
        assertEquals("440100", EVoucher.region(code));
        Response<EVoucher.Token> r = decode(t, code);
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        assertEquals("440100", r.output().insuplcAdmdvs());
        assertEquals("440***********1222", r.output().certnoMask());
        Response<PersonInfo.Output> person = t.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.ELECTRONIC_CERTIFICATE, r.output().ecToken(), null, null));
        assertEquals(0, person.header().infcode(), person.header().errMsg());
        assertEquals(Harness.ACTIVE_SM4_PSN, person.output().baseinfo().psnNo());
        assertEquals(r.output().psnName(), person.output().baseinfo().psnName());

        Response<EVoucher.Token> again = decode(t, code);
        assertNotEquals(0, again.header().infcode());
        assertTrue(again.header().errMsg().contains("already used"), again.header().errMsg());
    }

    @Test
    void expiredForgedAndForeignCodesAreRefusedWithTheirReason() throws IOException {
        String code = central.issueEcode(Harness.ACTIVE_SM4_PSN);
        clock.advance(EVouchers.CODE_VALIDITY.plusSeconds(1));
        Response<EVoucher.Token> expired = decode(t, code);
        assertNotEquals(0, expired.header().infcode());
        assertTrue(expired.header().errMsg().contains("expired"), expired.header().errMsg());

        String forged = "EC440100" + "0123456789ABCDEF0123456789ABCDEF";
        Response<EVoucher.Token> f = decode(t, forged);
        assertTrue(f.header().errMsg().contains("forged"), f.header().errMsg());

        String foreign = "EC310000" + code.substring(8);
        Response<EVoucher.Token> x = decode(t, foreign);
        assertTrue(x.header().errMsg().contains("does not serve"), x.header().errMsg());
        assertThrows(IllegalArgumentException.class, () -> central.issueEcode("99999999999999"));
    }

    @Test
    void aTokenStandsOnlyForItsPersonAtItsInstitutionUntilItExpires() throws IOException {
        TerminalClient elsewhere = Harness.terminal(central, "DEV-E2", "H44010600002", clock);
        String token = token(t, central, Harness.ACTIVE_SM4_PSN);
        Response<Registration.Output> other = t.send(Transaction.REGISTRATION, new Registration.Input(
                Harness.FIFTH_PSN, InsuType.EMPLOYEE, "2025-03-14 09:00:00", MdtrtCertType.ELECTRONIC_CERTIFICATE,
                token, "OTP1", "D440106000001", "李医生", "D01", "内科门诊", "A03"));
        assertTrue(other.header().errMsg().contains("does not stand for psn_no"), other.header().errMsg());
        Response<PersonInfo.Output> foreign = elsewhere.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.ELECTRONIC_CERTIFICATE, token, null, null));
        assertTrue(foreign.header().errMsg().contains("another institution"), foreign.header().errMsg());
        clock.advance(EVouchers.TOKEN_VALIDITY.plus(Duration.ofSeconds(1)));
        Response<PersonInfo.Output> late = t.send(Transaction.PERSON_INFO, new PersonInfo.Input(
                MdtrtCertType.ELECTRONIC_CERTIFICATE, token, null, null));
        assertTrue(late.header().errMsg().contains("expired"), late.header().errMsg());
    }

    @Test
    void aVisitWithTheTokenSettlesTheFiguresOfTheCardVisit(@TempDir Path byCode) throws IOException {
        SettlementResult.SetlInfo card = settle(t, Visits.upToSettlement(t, Harness.ACTIVE_SM4_PSN, InsuType.EMPLOYEE,
                Harness.ACTIVE_SM4_CARD, 6));
        try (CentralSim.Running same = Harness.start(byCode, clock)) {
            TerminalClient u = Harness.terminal(same, "DEV-E1", HOSPITAL, clock);
            String token = token(u, same, Harness.ACTIVE_SM4_PSN);
            SettlementResult.SetlInfo code = settle(u, Visits.upToSettlement(u, Harness.ACTIVE_SM4_PSN,
                    InsuType.EMPLOYEE, MdtrtCertType.ELECTRONIC_CERTIFICATE, token, 6));
            assertNotEquals(0, code.acctPay().fen(), "the personal account pays as with the card");
            assertEquals(figures(card), figures(code), "the same person's visit settles the same with either");
        }
    }

    private static List<Money> figures(SettlementResult.SetlInfo s) {
        return List.of(s.medfeeSumamt(), s.fulamtOwnpayAmt(), s.overlmtSelfpay(), s.preselfpayAmt(), s.inscpScpAmt(),
                s.actPayDedc(), s.hifpPay(), s.fundPaySumamt(), s.psnPartAmt(), s.acctPay(), s.psnCashPay(), s.balc());
    }

    private static SettlementResult.SetlInfo settle(TerminalClient t, Request<Settlement.Input> request)
            throws IOException {
        Response<SettlementResult> r = t.send(Transaction.SETTLEMENT, request);
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        return r.output().setlinfo();
    }

    @Test
    void theEcodeCommandPrintsAFreshCodeOfTheDemoPersonWhileTheServiceRuns() throws IOException {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, CentralSim.run(new String[] {"ecode", "--data", data.toString(), Harness.FIFTH_PSN}));
            assertEquals(0, CentralSim.run(new String[] {"ecode", "--data", data.toString(), Harness.FIFTH_PSN}));
        } finally {
            System.setOut(out);
        }
        String[] codes = printed.toString(StandardCharsets.UTF_8).strip().split("\\R");
        assertEquals(2, codes.length);
        assertTrue(EVoucher.QR_CODE.matcher(codes[0]).matches(), codes[0]);
        assertFalse(codes[0].equals(codes[1]), "every code is fresh");
        assertThrows(IllegalArgumentException.class,
                () -> CentralSim.run(new String[] {"ecode", "--data", data.toString()}));
    }
}
