package org.sscard.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.CardBlockedException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.WrongPinException;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardSession;
import org.sscard.cardsim.factory.BlankCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.protocol.CardService;
import org.sscard.protocol.CardState;
import org.sscard.protocol.MdtrtCertType;
import org.sscard.protocol.PersonInfo;
import org.sscard.protocol.Transaction;
import org.sscard.terminal.link.LinkOutcome;
import org.sscard.terminal.offline.OfflineDecision;
import org.sscard.terminal.offline.OfflineRefusal;
import org.sscard.terminal.office.CardOffice;
import org.sscard.terminal.office.CardOfficeException;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.office.HolderRecord;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.sync.Sync;
import org.sscard.values.CardNumber;
import org.sscard.values.CitizenId;
import org.sscard.values.Money;

/** Each card office workflow against central-sim with simulated cards (blank ones personalised by the office). */
public class CardOfficeEndToEndTest {
    @TempDir
    Path dir;
    LiveCentral live;
    CardOffice office;
    int blanks;

    @BeforeEach
    void start() throws Exception {
        live = new LiveCentral(dir);
        office = new CardOffice(live.station.config, live.station.store, live.station.module, live.link, live.authorizer,
                live.station.clock);
        live.login("clerk1");
    }

    @AfterEach
    void stop() {
        live.close();
    }

    /** A valid ID number (GB 11643 check character) with these first 17 digits. */
    public static String certno(String first17) {
        return CitizenId.withCheckCharacter(first17).value();
    }

    /** A new holder named 陈新卡 with this ID number, sex and birth date (yyyy-MM-dd), every other field valid. */
    public static HolderRecord holder(String certno, String sex, String birth) {
        return new HolderRecord(certno, "01", null, "陈新卡", sex, "01", "CHN", birth, "440106", "11", "310", "440100",
                "1", "91440101MA5CXXXX0X".replace('X', '1'), "广州某某有限公司", "13800138000", "广州市天河区体育西路1号",
                "510620", null, null);
    }

    private LiveCentral.Slot blank(BlockAlgorithm alg) {
        blanks++;
        CardIdentificationCode id = CardIdentificationCode.of("440106",
                HexFormat.of().parseHex("F0F0F0F0000000" + String.format("%02X", blanks)));
        return new LiveCentral.Slot(new CardFactory().blank(new BlankCard(id, alg)));
    }

    private CardOffice.BlankCard inReader(LiveCentral.Slot slot) {
        return new CardOffice.BlankCard(slot.transport(), slot.card.identification());
    }

    private CardSession session(LiveCentral.Slot slot) {
        return new CardSession(slot.transport(), live.station.module);
    }

    @Test
    void issueValidatesPersonalisesABlankCardAndRegistersIt() {
        HolderRecord bad = holder(certno("44010619900315123"), "2", "1990-03-16");
        CardOfficeException e = assertThrows(CardOfficeException.class, () -> office.issue(bad, inReader(blank(BlockAlgorithm.SM4)),
                "123456".toCharArray()));
        assertTrue(e.getMessage().contains("birth_date") && e.getMessage().contains("sex"), e.getMessage());

        LiveCentral.Slot slot = blank(BlockAlgorithm.SM4);
        String certno = certno("44010619900315123");
        HandoverSlip slip = office.issue(holder(certno, "1", "1990-03-15"), inReader(slot), "246810".toCharArray());
        assertEquals("ISSUED", slip.cardState());
        assertFalse(slip.toString().contains(certno));
        assertFalse(slip.toString().contains(slip.cardNo()), "the card number masked in toString: " + slip);
        assertTrue(slip.toString().contains(CardNumber.mask(slip.cardNo())), slip.toString());
        CardSession card = session(slot);
        CardData data = card.readCard();
        assertEquals(slip.cardNo(), data.issuer().cardNumber().toString());
        assertEquals(certno, data.holder().socialSecurityNumber());
        assertEquals("陈新卡", data.holder().name());
        card.verifyPin("246810".toCharArray());
        assertEquals(CardState.ISSUED, office.status(slip.cardNo()).cardStas());
        assertEquals(1, live.station.store.holders().byIdNumber("clerk1", certno).size());
    }

    @Test
    void lossReportAndLiftMoveTheCardOnAndOffTheBlacklist() {
        DemoCard demo = live.cards.card(2);
        String no = demo.cardNumber().toString();
        String cert = demo.holder().certificateNumber();
        Sync sync = new Sync(live.link, live.station.store, live.authorizer, live.station.clock);
        assertEquals(CardState.LOST, office.reportLoss(no, cert, "lost on the bus").cardStas());
        sync.blacklist();
        assertTrue(live.station.store.blacklist().findByCardNumber(no).isPresent());
        assertEquals(CardState.ACTIVE, office.liftLoss(no, cert).cardStas());
        sync.blacklist();
        assertTrue(live.station.store.blacklist().findByCardNumber(no).isEmpty());
        CardOfficeException wrongPerson = assertThrows(CardOfficeException.class,
                () -> office.reportLoss(no, certno("11010519491231002"), null));
        assertTrue(wrongPerson.getMessage().contains("refused"), wrongPerson.getMessage());
    }

    @Test
    void suspendRefusesTheCardOnlineAndOfflineUntilItIsResumed() {
        DemoCard demo = live.cards.card(2);
        String no = demo.cardNumber().toString();
        String cert = demo.holder().certificateNumber();
        PersonInfo.Input query = new PersonInfo.Input(MdtrtCertType.SOCIAL_SECURITY_CARD, no,
                demo.identification().hex().toUpperCase(Locale.ROOT), null);
        Sync sync = new Sync(live.link, live.station.store, live.authorizer, live.station.clock);

        CardOfficeException notSuspended = assertThrows(CardOfficeException.class, () -> office.resume(no, cert));
        assertTrue(notSuspended.getMessage().contains("resume card refused")
                && notSuspended.getMessage().contains("in state ACTIVE"), notSuspended.getMessage());
        CardOfficeException noReason = assertThrows(CardOfficeException.class, () -> office.suspend(no, cert, " "));
        assertTrue(noReason.getMessage().contains("needs a reason"), noReason.getMessage());

        assertEquals(CardState.SUSPENDED, office.suspend(no, cert, "holder abroad for a year").cardStas());
        LinkOutcome<PersonInfo.Output> refused = live.link.call(Transaction.PERSON_INFO, query, LiveCentral.PHARMACIST);
        assertTrue(refused instanceof LinkOutcome.Refused<PersonInfo.Output> r && r.message().contains("suspended"),
                refused.message());
        CardOfficeException twice = assertThrows(CardOfficeException.class, () -> office.suspend(no, cert, "again"));
        assertTrue(twice.getMessage().contains("in state SUSPENDED"), twice.getMessage());
        CardOfficeException lossOfSuspended = assertThrows(CardOfficeException.class, () -> office.reportLoss(no, cert, null));
        assertTrue(lossOfSuspended.getMessage().contains("in state SUSPENDED"), lossOfSuspended.getMessage());

        sync.blacklist();
        assertEquals("suspended", live.station.store.blacklist().findByCardNumber(no).orElseThrow().reason());
        OfflineDecision offline = live.policy().evaluate(demo.identification(), no, Money.ofFen(1_000));
        assertEquals(OfflineRefusal.CARD_BLACKLISTED, offline.reason(), offline.message());

        assertEquals(CardState.ACTIVE, office.resume(no, cert).cardStas());
        assertTrue(live.link.call(Transaction.PERSON_INFO, query, LiveCentral.PHARMACIST) instanceof LinkOutcome.Answered);
        sync.blacklist();
        assertTrue(live.station.store.blacklist().findByCardNumber(no).isEmpty());
        assertTrue(live.policy().evaluate(demo.identification(), no, Money.ofFen(1_000)).allowed());
        assertEquals(List.of("card.suspend " + no, "card.resume " + no), live.station.store.audit()
                .query("auditor", Instant.EPOCH, live.station.clock.instant().plusSeconds(1), "card.", 1000).stream()
                .filter(e -> e.action().equals("card.suspend") || e.action().equals("card.resume"))
                .map(e -> e.action() + " " + e.subject()).toList());
    }

    @Test
    void reissueGivesANewNumberAndIdentificationCodeAndCancelsTheOldCard() {
        DemoCard demo = live.cards.card(4);
        String old = demo.cardNumber().toString();
        DemoCard.Holder h = demo.holder();
        office.reportLoss(old, h.certificateNumber(), null);
        HolderRecord again = new HolderRecord(h.certificateNumber(), "01", null, h.name(), h.sex(), h.ethnicity(), "CHN",
                h.birthDate().toString(), h.birthplace(), demo.insurance().personType(), demo.insurance().insuranceType(),
                demo.insurance().insuredRegion(), "1", "911101010000000011", "某单位", "13900139000", "某地址", "100000",
                null, null);
        LiveCentral.Slot slot = blank(BlockAlgorithm.TDES);
        HandoverSlip slip = office.reissue(old, again, inReader(slot), "135790".toCharArray());
        assertTrue(!slip.cardNo().equals(old) && !slip.cardSn().equals(demo.identification().hex().toUpperCase()));
        assertEquals(CardState.CANCELLED, office.status(old).cardStas());
        assertEquals(CardState.ISSUED, office.status(slip.cardNo()).cardStas());
    }

    @Test
    void replaceCarriesTheBalanceOverAndBlocksTheOldCard() {
        DemoCard demo = live.cards.card(1);
        LiveCentral.Slot oldSlot = LiveCentral.issue(demo);
        DemoCard.Holder h = demo.holder();
        HolderRecord record = new HolderRecord(h.certificateNumber(), "01", null, h.name(), h.sex(), h.ethnicity(), "CHN",
                h.birthDate().toString(), h.birthplace(), demo.insurance().personType(), demo.insurance().insuranceType(),
                demo.insurance().insuredRegion(), "1", "911101010000000011", "某单位", "13900139000", "某地址", "100000",
                null, null);
        LiveCentral.Slot slot = blank(BlockAlgorithm.SM4);
        HandoverSlip slip = office.replace(session(oldSlot), record, inReader(slot), "888888".toCharArray());
        assertEquals(demo.insurance().balanceFen(), session(slot).readCard().medical().balance().fen());
        assertThrows(CardBlockedException.class, () -> session(oldSlot).readCard());
        assertEquals(CardState.CANCELLED, office.status(demo.cardNumber().toString()).cardStas());
        assertEquals(CardState.ISSUED, office.status(slip.cardNo()).cardStas());
    }

    @Test
    void pinResetAndUnblockNeedTheHoldersIdAndTheCentralsAuthorisation() {
        DemoCard demo = live.cards.card(2);
        LiveCentral.Slot slot = LiveCentral.issue(demo);
        String cert = demo.holder().certificateNumber();
        assertThrows(CardOfficeException.class, () -> office.resetPin(session(slot), certno("11010519491231002"),
                "111111".toCharArray()));
        assertFalse(office.resetPin(session(slot), cert, "111111".toCharArray()).isBlank());
        CardSession s = session(slot);
        s.readCard();
        s.verifyPin("111111".toCharArray());

        CardSession wrong = session(slot);
        wrong.readCard();
        for (int i = 0; i < 5; i++) {
            assertThrows(WrongPinException.class, () -> wrong.verifyPin("999999".toCharArray()));
        }
        assertThrows(RuntimeException.class, () -> wrong.verifyPin("999999".toCharArray()));
        assertThrows(PinBlockedException.class, () -> wrong.verifyPin("111111".toCharArray()));
        office.unblockPin(session(slot), cert, "222222".toCharArray());
        CardSession after = session(slot);
        after.readCard();
        after.verifyPin("222222".toCharArray());
    }

    @Test
    void cancellingACardIsForTheSupervisorAndBlocksTheCardInHand() {
        DemoCard demo = live.cards.card(3);
        String no = demo.cardNumber().toString();
        String cert = demo.holder().certificateNumber();
        assertThrows(AccessDeniedException.class, () -> office.cancel(no, cert, "holder deceased", null));
        live.login("sup1");
        LiveCentral.Slot slot = LiveCentral.issue(demo);
        CardService.CardStatus status = office.cancel(no, cert, "holder deceased", session(slot));
        assertEquals(CardState.CANCELLED, status.cardStas());
        assertThrows(CardBlockedException.class, () -> session(slot).readCard());
    }
}
