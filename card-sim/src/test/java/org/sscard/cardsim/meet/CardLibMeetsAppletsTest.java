package org.sscard.cardsim.meet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.card.CardAccessDeniedException;
import org.sscard.card.CardBlockedException;
import org.sscard.card.CardFileNotFoundException;
import org.sscard.card.CardRejectedDataException;
import org.sscard.card.InsufficientBalanceException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.WrongPinException;
import org.sscard.card.session.Application;
import org.sscard.card.session.CardData;
import org.sscard.card.session.CardRecords;
import org.sscard.card.session.CardSession;
import org.sscard.card.session.DebitRequest;
import org.sscard.card.session.DebitResult;
import org.sscard.card.session.HolderData;
import org.sscard.card.session.Personaliser;
import org.sscard.card.session.SettlementEntry;
import org.sscard.card.tlv.Codecs;
import org.sscard.card.transport.CountingTransport;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.BlankCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.cardsim.factory.DemoCardSet;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;
import org.sscard.values.CardNumber;
import org.sscard.values.Money;

/** Every card-session flow of card-lib against the applets, through jCardSim's javax.smartcardio terminal. */
class CardLibMeetsAppletsTest {
    private static final DemoCardSet DEMO = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 8);
    private static final SoftwareSecurityModule MODULE = TestKeys.module();
    private static final Charset GBK = Charset.forName("GBK");

    /** A demo card of the algorithm whose name needs the extension tag 4E (cards 3 SM4 and 6 3DES). */
    private static DemoCard longNameCard(BlockAlgorithm alg) {
        DemoCard card = DEMO.card(alg == BlockAlgorithm.SM4 ? 3 : 6);
        assertEquals(alg, card.algorithm());
        assertTrue(card.holder().name().getBytes(GBK).length > CardRecords.NAME_BYTES, "the name needs tag 4E");
        return card;
    }

    private static DemoCard plainCard(BlockAlgorithm alg) {
        DemoCard card = DEMO.card(alg == BlockAlgorithm.SM4 ? 1 : 2);
        assertEquals(alg, card.algorithm());
        return card;
    }

    private record Live(DemoCard demo, SimulatedCard card, CountingTransport transport, CardSession session) {
    }

    private static Live present(DemoCard demo) {
        SimulatedCard card = new CardFactory(MODULE).issue(demo);
        CountingTransport transport = InProcessReader.connect(card);
        return new Live(demo, card, transport, new CardSession(transport, MODULE, new Random(7)));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void cardPresentedReadsWhatTheFactoryWrote(BlockAlgorithm alg) {
        for (DemoCard demo : new DemoCard[] {plainCard(alg), longNameCard(alg)}) {
            Live live = present(demo);
            CardData read = live.session().readCard();
            assertEquals(alg, live.session().algorithm());
            assertEquals(demo.cardData(), read);
            assertEquals(CardNumber.of(demo.cardNumber().value()), read.issuer().cardNumber());
            assertEquals(demo.holder().name(), read.holder().name(), "GBK name, with tag 4E where needed");
            boolean extended = demo.holder().name().getBytes(GBK).length > CardRecords.NAME_BYTES;
            assertEquals(extended ? 26 : 25, live.transport().count(), "commands of the card-presented flow, no SELECT of an EF");
            assertEquals(demo.insurance().balanceFen(), read.medical().balance().fen());
        }
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void holderDataNeedsExternalAuthentication(BlockAlgorithm alg) {
        Live live = present(plainCard(alg));
        live.session().selectSocialSecurityApplication();
        live.session().readIssuerData();
        assertThrows(CardAccessDeniedException.class, () -> live.session().readHolderData());
        live.session().authenticate();
        HolderData holder = live.session().readHolderData();
        assertEquals(live.demo().holder().certificateNumber(), holder.socialSecurityNumber());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void pinVerifyWrongBlockUnblockChangeAndReload(BlockAlgorithm alg) {
        Live live = present(plainCard(alg));
        CardSession s = live.session();
        s.selectSocialSecurityApplication();
        s.readIssuerData();
        assertEquals(Personaliser.DEFAULT_PIN_TRY_LIMIT, s.pinTriesLeft());
        s.verifyPin(live.demo().pin().toCharArray());
        WrongPinException wrong = assertThrows(WrongPinException.class, () -> s.verifyPin("000000".toCharArray()));
        assertEquals(5, wrong.triesLeft());
        assertEquals(5, s.pinTriesLeft(), "asking costs no try");
        s.changePin(live.demo().pin().toCharArray(), "2468".toCharArray());
        assertEquals(Personaliser.DEFAULT_PIN_TRY_LIMIT, s.pinTriesLeft(), "a change restores the tries");
        assertThrows(WrongPinException.class, () -> s.verifyPin(live.demo().pin().toCharArray()));
        s.verifyPin("2468".toCharArray());
        for (int left = 5; left >= 1; left--) {
            assertEquals(left, assertThrows(WrongPinException.class, () -> s.verifyPin("99999999".toCharArray())).triesLeft());
        }
        assertThrows(PinBlockedException.class, () -> s.verifyPin("99999999".toCharArray()));
        assertThrows(PinBlockedException.class, () -> s.verifyPin("2468".toCharArray()));
        assertEquals(0, s.pinTriesLeft());
        s.unblockPin("135791".toCharArray());
        s.verifyPin("135791".toCharArray());
        s.reloadPin("975310".toCharArray());
        assertThrows(WrongPinException.class, () -> s.verifyPin("135791".toCharArray()));
        s.verifyPin("975310".toCharArray());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void updateAndAppendWithMac(BlockAlgorithm alg) {
        Live live = present(plainCard(alg));
        CardSession s = live.session();
        s.readCard();
        byte[] birthplace = Codecs.encodeCn("310104", 3, "birthplace");
        s.updateRecord(Application.SSSE, Application.EF06, 0x0C, birthplace);
        s.updateRecord(Application.MEDICAL, Application.EF05, 0x33, Codecs.encodeAmount(4321, "balance"));
        byte[] detail = new byte[CardRecords.TRANSACTION_RECORD_BYTES];
        System.arraycopy("SETL0001".getBytes(Charset.forName("US-ASCII")), 0, detail, 0, 8);
        System.arraycopy(Codecs.encodeDate(LocalDate.of(2025, 3, 1), "date"), 0, detail, 20, 4);
        System.arraycopy(Codecs.encodeAmount(1234, "amount"), 0, detail, 24, 4);
        s.appendRecord(Application.EF08, detail);
        assertArrayEquals(detail, s.readCyclicRecord(Application.EF08, 1));
        assertThrows(CardFileNotFoundException.class, () -> s.readCyclicRecord(Application.EF08, 2));

        live.card().reset();
        CardSession again = new CardSession(InProcessReader.connect(live.card()), MODULE);
        CardData read = again.readCard();
        assertEquals("310104", read.holder().birthplace());
        assertEquals(Money.ofFen(4321), read.medical().balance());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aSettlementIsRecordedOnceAndItsCancelRewritesTheBalance(BlockAlgorithm alg) {
        Live live = present(plainCard(alg));
        CardSession s = live.session();
        s.readCard();
        LocalDate day = LocalDate.of(2025, 3, 14);
        String setlId = "HOSP-SETL-20250314-000042";
        assertEquals(false, s.carriesSettlement(setlId), "an empty EF08 carries no settlement");
        int[] marks = {0};
        s.recordSettlement(new SettlementEntry(setlId, Money.ofFen(8765), Money.ofFen(1500), day, Money.ofFen(2345)), () -> marks[0]++);
        assertEquals(1, marks[0]);
        assertTrue(s.carriesSettlement(setlId));
        assertEquals(false, s.carriesSettlement("HOSP-SETL-20250314-000043"));
        byte[] record = s.readCyclicRecord(Application.EF08, 1);
        assertEquals("SETL-20250314-000042", new String(record, 0, 20, Charset.forName("US-ASCII")));
        assertEquals(day, Codecs.decodeDate(Arrays.copyOfRange(record, 20, 24), "date"));
        assertEquals(2345, Codecs.decodeAmount(Arrays.copyOfRange(record, 24, 28), "amount"));

        s.recordSettlement(new SettlementEntry("HOSP-CANCEL-1", Money.ofFen(11110), Money.ZERO, day.plusDays(1),
                Money.ofFen(-2345)), () -> marks[0]++);
        assertEquals(1, marks[0], "a cancel appends no record");
        assertTrue(s.carriesSettlement(setlId));

        live.card().reset();
        CardData read = new CardSession(InProcessReader.connect(live.card()), MODULE).readCard();
        assertEquals(Money.ofFen(11110), read.medical().balance());
        assertEquals(Money.ZERO, read.medical().yearToDate());
        assertEquals(day.plusDays(1), read.medical().lastUpdate());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void updateWithTheWrongKeyIsRefused(BlockAlgorithm alg) {
        DemoCard demo = plainCard(alg);
        SimulatedCard card = new CardFactory(MODULE).issue(demo);
        SoftwareSecurityModule other = SoftwareSecurityModule.inMemory();
        TestKeys.loadInto(other);
        byte[] wrongKey = new byte[16];
        Arrays.fill(wrongKey, (byte) 0x5A);
        other.loadTestKey(org.sscard.crypto.KeyRef.city(KeyType.UPDATE, demo.identification().cityRegion(),
                TestKeys.nationalRef(KeyType.UPDATE, alg).version()), alg, wrongKey);
        CardSession s = new CardSession(InProcessReader.connect(card), other);
        s.readCard();
        assertThrows(CardRejectedDataException.class,
                () -> s.updateRecord(Application.SSSE, Application.EF06, 0x0B, Codecs.encodeCn("03", 1, "ethnicity")));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void offlineDebitWithMac2AndTac(BlockAlgorithm alg) {
        Live live = present(plainCard(alg));
        CardSession s = live.session();
        CardData before = s.readCard();
        byte[] terminal = HexFormat.of().parseHex("440106000001");
        DebitRequest request = new DebitRequest(Money.ofFen(1234), terminal, 77, LocalDateTime.of(2025, 3, 1, 10, 30, 5));
        assertThrows(CardAccessDeniedException.class, () -> s.debit(request), "the PIN comes first");
        s.verifyPin(live.demo().pin().toCharArray());
        DebitResult result = s.debit(request);
        assertEquals(before.medical().balance(), result.balanceBefore());
        assertEquals(before.medical().balance().fen() - 1234, result.data().balanceAfter());
        assertTrue(MODULE.verifyDebitTac(TestKeys.nationalRef(KeyType.DEBIT, alg), live.demo().identification(),
                result.data(), result.tac()), "the security module accepts the card's TAC");
        byte[] record = s.readCyclicRecord(Application.EF06, 1);
        assertArrayEquals(terminal, Arrays.copyOfRange(record, 0, 6));
        assertArrayEquals(result.tac(), Arrays.copyOfRange(record, 23, 27));
        assertEquals(before.medical().offlineSeq(), ((record[21] & 0xFF) << 8) | (record[22] & 0xFF));
        CardData after = s.readCard();
        assertEquals(before.medical().balance().fen() - 1234, after.medical().balance().fen());
        assertEquals(before.medical().offlineSeq() + 1, after.medical().offlineSeq());
        DebitRequest tooMuch = new DebitRequest(after.medical().balance().plus(Money.ofFen(1)), terminal, 78, LocalDateTime.of(2025, 3, 1, 10, 31));
        s.verifyPin(live.demo().pin().toCharArray());
        assertThrows(InsufficientBalanceException.class, () -> s.debit(tooMuch));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void applicationBlockIsPermanent(BlockAlgorithm alg) {
        Live live = present(plainCard(alg));
        CardSession s = live.session();
        s.readCard();
        s.blockApplication(Application.SSSE);
        live.card().powerOff();
        live.card().powerOn();
        CardSession later = new CardSession(InProcessReader.connect(live.card()), MODULE);
        assertThrows(CardBlockedException.class, later::selectSocialSecurityApplication);
        assertThrows(CardBlockedException.class, later::readMedicalData, "the block covers the medical application too");
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void personaliseABlankCardThroughTheTerminal(BlockAlgorithm alg) {
        BlankCard blank = DEMO.blankCards().stream().filter(b -> b.algorithm() == alg).findFirst().orElseThrow();
        SimulatedCard card = new CardFactory(MODULE).blank(blank);
        DemoCard template = longNameCard(alg);
        DemoCard issued = new DemoCard(99, template.cardNumber(), blank.identification(), alg, template.issueDate(),
                template.expiryDate(), DemoCard.Status.ACTIVE, "4321", template.holder(), template.insurance());
        CountingTransport transport = InProcessReader.connect(card);
        new Personaliser(transport, MODULE).personalise(issued.cardData(), "4321".toCharArray(), 3);
        assertEquals(68, transport.count(), "personalisation commands");
        card.reset();
        CardSession s = new CardSession(InProcessReader.connect(card), MODULE);
        assertEquals(issued.cardData(), s.readCard());
        assertEquals(3, s.pinTriesLeft());
        s.verifyPin("4321".toCharArray());
    }

}
