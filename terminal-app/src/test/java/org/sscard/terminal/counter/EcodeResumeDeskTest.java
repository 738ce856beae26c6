package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.CardPresentationException;
import org.sscard.terminal.card.PresentedEcode;
import org.sscard.terminal.desk.CounterDesk;
import org.sscard.terminal.desk.NextStep;
import org.sscard.terminal.reason.Reason;

/**
 * The counter desk resumes an open visit with what it was begun with: a visit begun with a 医保码 takes a fresh 医保码 of
 * the same person (no PIN, no card), refuses another person's and a code the platform refuses (used, expired) with
 * the reason, and says offline that the 医保码 needs the link; a visit begun with the card still needs the card.
 */
class EcodeResumeDeskTest {
    @TempDir
    Path dir;

    private static CounterDesk desk(CounterFixture f, AtomicBoolean linkDown) {
        return new CounterDesk(new CounterDesk.Setup(f.presentation, f.counter, "第一人民医院", "DEV-0001", null, null,
                null, linkDown::get, null), MedType.OUTPATIENT);
    }

    private static CounterDesk.Order order(CounterFixture f, int first) {
        return CounterDesk.Order.of(List.of(new CounterItem("L" + f.nationalItems().get(first).code(), 2),
                new CounterItem("L" + f.nationalItems().get(first + 100).code(), 1)), "", "");
    }

    /** A visit registered, uploaded and pre-settled, then left (Esc): open in the store, fees uploaded. */
    private static String leftOpen(CounterDesk desk, CounterFixture f, int first) {
        String mdtrtId = assertInstanceOf(NextStep.ConfirmSettlement.class, desk.go(order(f, first))).visit().mdtrtId();
        desk.forget();
        return mdtrtId;
    }

    @Test
    void aVisitBegunWithTheEcodeIsResumedWithAFreshCodeOfTheSamePersonAndACardVisitStillNeedsTheCard()
            throws Exception {
        try (CounterFixture f = new CounterFixture(dir, null)) {
            DemoCard cardHolder = f.insert(3);
            f.login("cashier");
            AtomicBoolean linkDown = new AtomicBoolean();
            try (CounterDesk desk = desk(f, linkDown)) {
                String first = f.ecode(1);
                assertInstanceOf(NextStep.CheckHolder.class, desk.presentEcode(first));
                String byEcode = leftOpen(desk, f, 0);
                assertInstanceOf(NextStep.CheckHolder.class, desk.readCard(() -> Optional.of(cardHolder.pin()
                        .toCharArray())));
                String byCard = leftOpen(desk, f, 1);

                List<OpenVisits.OpenVisit> open = assertInstanceOf(NextStep.ChooseVisit.class, desk.openVisits()).open();
                assertEquals(MdtrtCertType.ELECTRONIC_CERTIFICATE, find(open, byEcode).begunWith(),
                        "the list says the visit was begun with the 医保码");
                assertEquals(MdtrtCertType.SOCIAL_SECURITY_CARD, find(open, byCard).begunWith());

                assertEquals(new NextStep.PresentCardToResume(byCard), desk.chooseToResume(byCard));
                int sent = f.centralMessages();
                assertEquals(new NextStep.PresentCardToResume(byCard), desk.presentEcodeForResume(byCard, f.ecode(3)),
                        "a visit begun with the card is not resumed with a 医保码");
                assertEquals(sent, f.centralMessages(), "the code was not even decoded");

                assertEquals(new NextStep.ScanEcodeToResume(byEcode), desk.chooseToResume(byEcode));
                assertEquals(new NextStep.ScanEcodeToResume(byEcode), desk.go(order(f, 0)),
                        "F8 says again what the visit waits for");

                CounterException other = assertThrows(CounterException.class, () -> desk.presentEcode(f.ecode(2)));
                assertEquals(Reason.ECODE_NOT_THE_VISITS_HOLDER, other.problem().reason());
                String chinese = other.problem().in(Locale.SIMPLIFIED_CHINESE);
                assertTrue(chinese.contains("不是就诊 " + byEcode + " 参保人本人的医保码"), chinese);

                CardPresentationException reused = assertThrows(CardPresentationException.class,
                        () -> desk.presentEcode(first));
                assertEquals(Reason.ECODE_REFUSED, reused.problem().reason());
                assertTrue(reused.getMessage().contains("already used"), reused.getMessage());

                String late = f.ecode(1);
                f.clock.advance(Duration.ofMinutes(6));
                f.login("cashier");
                CardPresentationException expired = assertThrows(CardPresentationException.class,
                        () -> desk.presentEcode(late));
                assertEquals(Reason.ECODE_REFUSED, expired.problem().reason());
                assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
                assertTrue(expired.problem().in(Locale.SIMPLIFIED_CHINESE).contains("刷新医保码"));

                linkDown.set(true);
                sent = f.centralMessages();
                assertInstanceOf(NextStep.EcodeNeedsLink.class, desk.presentEcode(f.ecode(1)),
                        "the link went down while the desk waited for the code");
                assertInstanceOf(NextStep.EcodeNeedsLink.class, desk.chooseToResume(byEcode));
                assertInstanceOf(NextStep.NotWhileLinkDown.class, desk.chooseToResume(byCard));
                assertEquals(sent, f.centralMessages(), "nothing was sent while the link was down");
                linkDown.set(false);

                assertEquals(new NextStep.ScanEcodeToResume(byEcode), desk.chooseToResume(byEcode));
                NextStep.ConfirmResume confirm = assertInstanceOf(NextStep.ConfirmResume.class,
                        desk.presentEcode(f.ecode(1)));
                assertEquals(byEcode, confirm.mdtrtId());
                assertEquals(f.cards.card(1).holder().name(), confirm.holder().name());
                assertNull(confirm.holder().cardNumber(), "no card");
                NextStep.ConfirmSettlement again = assertInstanceOf(NextStep.ConfirmSettlement.class, desk.resume());
                assertInstanceOf(PresentedEcode.class, again.visit().credential());
                assertInstanceOf(NextStep.ConfirmSettlement.class, desk.go(order(f, 0)), "the resumed visit's items");
                NextStep.Settled settled = assertInstanceOf(NextStep.Settled.class, desk.settle());
                assertEquals(byEcode, settled.visit().mdtrtId());
                assertNull(settled.visit().card(), "no card to write");
                assertTrue(settled.visit().receipt().eVoucher());
                assertFalse(settled.visit().receipt().cardUpdated());
                assertEquals(1, f.centralSettlements(byEcode));

                assertTrue(f.counter.visits(true).stream().noneMatch(v -> v.mdtrtId().equals(byEcode)));
                assertEquals(MdtrtCertType.SOCIAL_SECURITY_CARD, f.counter.openVisit(byCard).begunWith());
            }
        }
    }

    /**
     * A station upgraded with an open 医保码 visit: registered by the code before the visit row kept its credential
     * (schema 10: only the registration's audit entry says 医保码), the visit is still resumed with a fresh 医保码 of its
     * holder after the store is opened by this version, and the card visit beside it still needs the card.
     */
    @Test
    void anOpenEcodeVisitOfAStoreOfSchema9IsResumedWithAFreshCodeAfterTheUpgrade() throws Exception {
        try (CounterFixture f = new CounterFixture(dir, null)) {
            DemoCard cardHolder = f.insert(3);
            f.login("cashier");
            String byEcode;
            String byCard;
            try (CounterDesk desk = desk(f, new AtomicBoolean())) {
                assertInstanceOf(NextStep.CheckHolder.class, desk.presentEcode(f.ecode(1)));
                byEcode = leftOpen(desk, f, 0);
                assertInstanceOf(NextStep.CheckHolder.class, desk.readCard(() -> Optional.of(cardHolder.pin()
                        .toCharArray())));
                byCard = leftOpen(desk, f, 1);
            }
            f.store.close();
            backToSchema10(f.config.storeFile());
            f.restartStation();
            f.insert(3);
            f.login("cashier");

            assertEquals(MdtrtCertType.ELECTRONIC_CERTIFICATE, f.counter.openVisit(byEcode).begunWith());
            assertEquals(MdtrtCertType.SOCIAL_SECURITY_CARD, f.counter.openVisit(byCard).begunWith());
            try (CounterDesk desk = desk(f, new AtomicBoolean())) {
                assertEquals(new NextStep.PresentCardToResume(byCard), desk.chooseToResume(byCard));
                assertEquals(new NextStep.ScanEcodeToResume(byEcode), desk.chooseToResume(byEcode));
                CounterException other = assertThrows(CounterException.class, () -> desk.presentEcode(f.ecode(2)));
                assertEquals(Reason.ECODE_NOT_THE_VISITS_HOLDER, other.problem().reason());
                assertEquals(byEcode, assertInstanceOf(NextStep.ConfirmResume.class, desk.presentEcode(f.ecode(1)))
                        .mdtrtId());
                assertInstanceOf(NextStep.ConfirmSettlement.class, desk.resume());
                NextStep.Settled settled = assertInstanceOf(NextStep.Settled.class, desk.settle());
                assertEquals(byEcode, settled.visit().mdtrtId());
                assertTrue(settled.visit().receipt().eVoucher());
                assertEquals(1, f.centralSettlements(byEcode));
            }
        }
    }

    /** The store file as schema 10 left it: the visit row without its credential, V11 not applied. */
    private static void backToSchema10(Path storeFile) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + storeFile); Statement s = c.createStatement()) {
            s.executeUpdate("ALTER TABLE visit DROP COLUMN psn_no");
            s.executeUpdate("ALTER TABLE visit DROP COLUMN mdtrt_cert_type");
            for (String later : new String[] {"reserved_msgid", "msgid_block", "unprinted_receipt", "shift_close",
                    "ledger_position", "station_counter", "job_run"}) {
                s.executeUpdate("DROP TABLE " + later); // V12's, V13's and V14's, made after schema 10
            }
            s.executeUpdate("DELETE FROM flyway_schema_history WHERE CAST(version AS INTEGER) > 10");
        }
    }

    private static OpenVisits.OpenVisit find(List<OpenVisits.OpenVisit> open, String mdtrtId) {
        return open.stream().filter(v -> v.mdtrtId().equals(mdtrtId)).findFirst().orElseThrow(() ->
                new AssertionError(mdtrtId + " not in " + open));
    }
}
