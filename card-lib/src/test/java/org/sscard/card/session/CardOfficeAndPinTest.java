package org.sscard.card.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscard.card.CardAccessDeniedException;
import org.sscard.card.CardBlockedException;
import org.sscard.card.CardFileNotFoundException;
import org.sscard.card.CardRejectedDataException;
import org.sscard.card.CardStatusException;
import org.sscard.card.ConditionsNotSatisfiedException;
import org.sscard.card.InvalidPinFormatException;
import org.sscard.card.PinBlockedException;
import org.sscard.card.SmartCardException;
import org.sscard.card.UnsupportedCommandException;
import org.sscard.card.WrongPinException;
import org.sscard.card.transport.ReplayTransport;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.KeyType;

class CardOfficeAndPinTest {
    private final TestCard card = new TestCard(BlockAlgorithm.SM4);

    static Stream<Arguments> pinStatuses() {
        return Stream.of(
                Arguments.of("63C2", WrongPinException.class),
                Arguments.of("63C0", WrongPinException.class),
                Arguments.of("6983", PinBlockedException.class),
                Arguments.of("6982", CardAccessDeniedException.class),
                Arguments.of("6984", CardRejectedDataException.class),
                Arguments.of("6985", ConditionsNotSatisfiedException.class),
                Arguments.of("6A82", CardFileNotFoundException.class),
                Arguments.of("6A83", CardFileNotFoundException.class),
                Arguments.of("6D00", UnsupportedCommandException.class),
                Arguments.of("6E00", UnsupportedCommandException.class),
                Arguments.of("6700", CardStatusException.class),
                Arguments.of("6F00", CardStatusException.class));
    }

    @Test
    void verifyPinSucceedsAndWipesThePin() {
        ReplayTransport replay = card.replay(Map.of("SW", "9000"), "verify-pin.replay");
        char[] pin = "123456".toCharArray();
        card.session(replay).verifyPin(pin);
        assertArrayEquals(new char[6], pin);
        replay.assertFinished();
    }

    @ParameterizedTest
    @MethodSource("pinStatuses")
    void everyStatusOfVerifyPinHasItsException(String sw, Class<? extends SmartCardException> expected) {
        ReplayTransport replay = card.replay(Map.of("SW", sw), "verify-pin.replay");
        char[] pin = "123456".toCharArray();
        SmartCardException e = assertThrows(expected, () -> card.session(replay).verifyPin(pin));
        assertArrayEquals(new char[6], pin);
        assertTrue(e.getMessage().length() > 20, e.getMessage());
        assertTrue(!e.getMessage().contains("123456"));
    }

    @Test
    void wrongPinTellsTheTriesLeft() {
        ReplayTransport replay = card.replay(Map.of("SW", "63C2"), "verify-pin.replay");
        WrongPinException e = assertThrows(WrongPinException.class, () -> card.session(replay).verifyPin("123456".toCharArray()));
        assertEquals(2, e.triesLeft());
        assertTrue(e.getMessage().contains("2 tries left"));
    }

    @Test
    void aMalformedPinNeverReachesTheCard() {
        ReplayTransport replay = ReplayTransport.fromText("empty", "", Map.of());
        CardSession session = card.session(replay);
        char[] letters = "12a456".toCharArray();
        assertThrows(InvalidPinFormatException.class, () -> session.verifyPin(letters));
        assertArrayEquals(new char[6], letters);
        assertThrows(InvalidPinFormatException.class, () -> session.verifyPin("123".toCharArray()));
        assertThrows(InvalidPinFormatException.class, () -> session.verifyPin("1234567890123".toCharArray()));
        assertEquals(0, replay.position());
    }

    @Test
    void changePinSendsOldFfNew() {
        ReplayTransport replay = card.replay(Map.of("SW", "9000"), "change-pin.replay");
        char[] oldPin = "123456".toCharArray();
        char[] newPin = "654321".toCharArray();
        card.session(replay).changePin(oldPin, newPin);
        assertArrayEquals(new char[6], oldPin);
        assertArrayEquals(new char[6], newPin);
        replay.assertFinished();
    }

    @Test
    void changePinWithAWrongOldPin() {
        ReplayTransport replay = card.replay(Map.of("SW", "63C4"), "change-pin.replay");
        WrongPinException e = assertThrows(WrongPinException.class,
                () -> card.session(replay).changePin("123456".toCharArray(), "654321".toCharArray()));
        assertEquals(4, e.triesLeft());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void reloadPinIsMacedUnderThePinReloadKey(BlockAlgorithm alg) {
        TestCard c = new TestCard(alg);
        ReplayTransport replay = c.replay(Map.of("MAC", c.mac(KeyType.PIN_RELOAD, "805E000006 2468"), "SW", "9000"),
                "issuer.replay", "reload-pin.replay");
        CardSession session = c.session(replay);
        session.readIssuerData();
        session.reloadPin("2468".toCharArray());
        replay.assertFinished();
    }

    @Test
    void reloadPinWithAWrongMacIsRefused() {
        ReplayTransport replay = card.replay(Map.of("MAC", card.mac(KeyType.PIN_RELOAD, "805E000006 2468"), "SW", "6984"),
                "issuer.replay", "reload-pin.replay");
        CardSession session = card.session(replay);
        session.readIssuerData();
        assertThrows(CardRejectedDataException.class, () -> session.reloadPin("2468".toCharArray()));
    }

    @Test
    void officeCommandsNeedTheIssuerDataFirst() {
        CardSession session = card.session(ReplayTransport.fromText("empty", "", Map.of()));
        assertThrows(IllegalStateException.class, () -> session.reloadPin("2468".toCharArray()));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void unblockPinEncryptsAndMacsUnderThePinUnblockKey(BlockAlgorithm alg) {
        TestCard c = new TestCard(alg);
        byte[] enc = CardCryptograms.encryptPinBlock(alg, c.cardKey(KeyType.PIN_UNBLOCK), "135790".toCharArray());
        String lc = String.format("%02X", enc.length + 4);
        ReplayTransport replay = c.replay(Map.of("LC", lc, "ENC", TestCard.hex(enc),
                "MAC", c.mac(KeyType.PIN_UNBLOCK, "84240000" + lc + TestCard.hex(enc)), "SW", "9000"),
                "issuer.replay", "unblock-pin.replay");
        CardSession session = c.session(replay);
        session.readIssuerData();
        char[] pin = "135790".toCharArray();
        session.unblockPin(pin);
        assertArrayEquals(new char[6], pin);
        replay.assertFinished();
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void updateRecordUsesTheUpdateKeyOfTheApplication(BlockAlgorithm alg) {
        TestCard c = new TestCard(alg);
        ReplayTransport replay = c.replay(Map.of("MAC", c.mac(KeyType.UPDATE, "04DC0A0005 32"), "SW", "9000"),
                "issuer.replay", "update-holder.replay");
        CardSession session = c.session(replay);
        session.readIssuerData();
        session.updateRecord(Application.SSSE, Application.EF06, 0x0A, new byte[] {0x32});
        replay.assertFinished();
    }

    @Test
    void updateRecordOfTheWrongLengthIsRefused() {
        ReplayTransport replay = card.replay(Map.of("MAC", card.mac(KeyType.UPDATE, "04DC0A0005 32"), "SW", "6700"),
                "issuer.replay", "update-holder.replay");
        CardSession session = card.session(replay);
        session.readIssuerData();
        CardStatusException e = assertThrows(CardStatusException.class,
                () -> session.updateRecord(Application.SSSE, Application.EF06, 0x0A, new byte[] {0x32}));
        assertTrue(e.getMessage().contains("6700"));
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void medicalUpdateAndAppendUseTheMedicalUpdateKey(BlockAlgorithm alg) {
        TestCard c = new TestCard(alg);
        String record = "5345544C3030303030303030303030303030303120250314000003E8";
        ReplayTransport replay = c.replay(Map.of("MAC", c.mac(KeyType.MEDICAL_UPDATE, "04DC340008 00002710"),
                "RECORD", record, "APPEND_MAC", c.mac(KeyType.MEDICAL_UPDATE, "04E2000020" + record)),
                "issuer.replay", "update-medical.replay");
        CardSession session = c.session(replay);
        session.readIssuerData();
        session.updateRecord(Application.MEDICAL, Application.EF05, 0x34, new byte[] {0, 0, 0x27, 0x10});
        session.appendRecord(Application.EF08, TestCard.HEX.parseHex(record));
        replay.assertFinished();
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void applicationBlockThenTheCardAnswers6283(BlockAlgorithm alg) {
        TestCard c = new TestCard(alg);
        ReplayTransport replay = c.replay(Map.of("MAC", c.mac(KeyType.APP_BLOCK, "841E000004")), "issuer.replay", "block.replay");
        CardSession session = c.session(replay);
        session.readIssuerData();
        session.blockApplication(Application.SSSE);
        CardBlockedException e = assertThrows(CardBlockedException.class, session::selectSocialSecurityApplication);
        assertInstanceOf(CardStatusException.class, e);
        assertTrue(e.getMessage().contains("blocked"));
        replay.assertFinished();
    }
}
