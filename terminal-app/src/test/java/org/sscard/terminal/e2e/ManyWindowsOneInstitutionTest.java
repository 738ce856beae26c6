package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.cardsim.factory.Manifest;
import org.sscard.centralsim.CatalogGenerator;
import org.sscard.centralsim.CentralConfig;
import org.sscard.centralsim.CentralSim;
import org.sscard.protocol.FeeUpload;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.PreSettlement;
import org.sscard.protocol.PsnSetlway;
import org.sscard.protocol.Registration;
import org.sscard.protocol.Settlement;
import org.sscard.protocol.SettlementResult;
import org.sscard.protocol.Transaction;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.link.Opter;
import org.sscard.values.Money;

/**
 * Many windows of one hospital: {@value #STATIONS} stations of one institution, each with its own store, key
 * module and device number, enrolled with one central-sim, settle visits at the same time. Every station's clock
 * and the central's stand still at the same second, so every station numbers all its messages within "the same
 * second" — the case in which stations that each count from 0001 collide. No message may be refused, every msgid
 * and every ipt_otp_no must be distinct, and every station got its own station number.
 */
class ManyWindowsOneInstitutionTest {
    private static final int STATIONS = 10;
    private static final int VISITS_PER_STATION = 2;
    private static final Opter CASHIER = new Opter("admin1", "管理员一");

    private record Window(TestStation station, CentralLink link) {
    }

    @Test
    void tenStationsSettlingAtOnceNeverReuseAMsgidOrAnOutpatientNumber(@TempDir Path dir) throws Exception {
        DemoCardSet cards = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 8);
        Path manifest = Manifest.write(cards, Files.createDirectories(dir.resolve("cards")));
        List<Window> windows = new ArrayList<>();
        CentralSim.Running central = null;
        try {
            for (int i = 1; i <= STATIONS; i++) {
                TestStation s = new TestStation(Files.createDirectories(dir.resolve("station-" + i)),
                        String.format("DEV-%04d", i));
                if (central == null) {
                    central = CentralSim.start(CentralConfig.of(dir.resolve("central")).withDemoManifest(manifest)
                            .withClock(s.clock));
                    Files.writeString(dir.resolve("central-ca.pem"), central.caCertPem(), StandardCharsets.US_ASCII);
                }
                s.config = s.config.withCentral(central.baseUri(), dir.resolve("central-ca.pem"))
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(90));
                windows.add(new Window(s, enrolAndSignIn(s, central)));
            }
            Set<Long> stationNumbers = new HashSet<>();
            for (Window w : windows) {
                stationNumbers.add(w.station().store.settings().getLong("link.station_no", 0));
            }
            assertEquals(STATIONS, stationNumbers.size(), "each window its own station number: " + stationNumbers);
            assertTrue(!stationNumbers.contains(0L), "every window got a number: " + stationNumbers);

            ConcurrentLinkedQueue<String> msgids = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> outpatientNumbers = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(STATIONS);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < windows.size(); i++) {
                Window w = windows.get(i);
                DemoCard card = cards.card(1 + i % 6);
                running.add(pool.submit(() -> {
                    start.await();
                    for (int v = 0; v < VISITS_PER_STATION; v++) {
                        visit(w.link(), card, msgids, outpatientNumbers, failures);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertEquals(List.of(), List.copyOf(failures), "no message refused or lost");
            int expected = STATIONS * VISITS_PER_STATION * 4;
            assertEquals(expected, msgids.size());
            assertEquals(expected, new HashSet<>(msgids).size(), "all msgids distinct");
            assertEquals(STATIONS * VISITS_PER_STATION, new HashSet<>(outpatientNumbers).size(),
                    "all ipt_otp_no distinct");
        } finally {
            for (Window w : windows) {
                w.station().close();
            }
            if (central != null) {
                central.stop();
            }
        }
    }

    private static CentralLink enrolAndSignIn(TestStation s, CentralSim.Running central) {
        s.ensureAdmin();
        Operators ops = s.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        long approval = ops.requestApproval("admin1", Enrolment.APPROVAL_ACTION, Enrolment.approvalSubject(s.config));
        ops.decide("admin2", approval, true);
        CentralLink link = s.link();
        String code = central.issueEnrolCode(s.config.deviceNumber(), s.config.institutionCode(), 2);
        new Enrolment(link, s.config, s.module, s.store, ref -> { }).enrol("admin1", approval, code.toCharArray());
        LinkOutcome<?> signIn = link.signIn(CASHIER, "00-1A-2B-3C-4D-5E", "10.1.2.3");
        if (!(signIn instanceof LinkOutcome.Answered)) {
            throw new IllegalStateException("sign-in failed: " + signIn.message());
        }
        return link;
    }

    /** 2201 → 2204 → 2206 → 2207 through the station's link, with an ipt_otp_no as the counter makes it. */
    private static void visit(CentralLink link, DemoCard card, ConcurrentLinkedQueue<String> msgids,
            ConcurrentLinkedQueue<String> outpatientNumbers, ConcurrentLinkedQueue<String> failures) {
        String psnNo = card.holder().personNumber();
        InsuType insutype = InsuType.of(card.insurance().insuranceType());
        String cardNo = card.cardNumber().value();
        String otp = link.msgIds().nextReference("OTP");
        outpatientNumbers.add(otp);
        LinkOutcome<Registration.Output> reg = link.call(Transaction.REGISTRATION, new Registration.Input(psnNo,
                insutype, "2025-03-14 09:30:00", MdtrtCertType.SOCIAL_SECURITY_CARD, cardNo, otp, "D440106000001", "李医生", "D01", "内科门诊", "A03"),
                CASHIER);
        if (!answered(reg, msgids, failures)) {
            return;
        }
        String mdtrtId = ((LinkOutcome.Answered<Registration.Output>) reg).output().mdtrtId();
        String batch = mdtrtId + "-1";
        CatalogGenerator.Entry item = CatalogGenerator.entries().get(mdtrtId.hashCode() & 0xff);
        Money price = Money.ofFen(item.capFen() == null ? 1234 : item.capFen());
        LinkOutcome<FeeUpload.Output> fees = link.call(Transaction.FEE_UPLOAD, new FeeUpload.Input(List.of(
                FeeUpload.FeeDetail.billed("1", mdtrtId, psnNo, batch, "2025-03-14 09:30:00", item.code(),
                        "L" + item.code(), price.times(2), 2L, price, "D01", "内科门诊", "D440106000001", "李医生"))),
                CASHIER);
        if (!answered(fees, msgids, failures)) {
            return;
        }
        PreSettlement.Input pre = new PreSettlement.Input(psnNo, MdtrtCertType.SOCIAL_SECURITY_CARD, cardNo,
                MedType.OUTPATIENT, price.times(2), PsnSetlway.BY_ITEM, mdtrtId, batch, Flag.NO, insutype);
        LinkOutcome<SettlementResult> preview = link.call(Transaction.PRE_SETTLEMENT, pre, CASHIER);
        if (!answered(preview, msgids, failures)) {
            return;
        }
        SettlementResult.SetlInfo p = ((LinkOutcome.Answered<SettlementResult>) preview).output().setlinfo();
        answered(link.call(Transaction.SETTLEMENT, new Settlement.Input(psnNo, pre.mdtrtCertType(), cardNo,
                pre.medType(), pre.medfeeSumamt(), pre.psnSetlway(), mdtrtId, batch, Flag.NO, insutype,
                p.fulamtOwnpayAmt(), p.overlmtSelfpay(), p.preselfpayAmt(), p.inscpScpAmt(), null), CASHIER), msgids, failures);
    }

    private static boolean answered(LinkOutcome<?> outcome, ConcurrentLinkedQueue<String> msgids,
            ConcurrentLinkedQueue<String> failures) {
        msgids.add(outcome.msgid());
        if (outcome instanceof LinkOutcome.Answered) {
            return true;
        }
        failures.add(outcome.msgid() + ": " + outcome.message());
        return false;
    }
}
