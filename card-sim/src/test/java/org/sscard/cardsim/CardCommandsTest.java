package org.sscard.cardsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.cardsim.CardDriver.MODULE;
import static org.sscard.cardsim.CardDriver.apdu;
import static org.sscard.cardsim.CardDriver.apduLe;
import static org.sscard.cardsim.CardDriver.concat;
import static org.sscard.cardsim.CardDriver.hex;
import static org.sscard.cardsim.CardDriver.uint;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.DebitData;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.Macs;

/** Every command of docs/card-protocol.md on a personalised card, success and error paths, both algorithms. */
class CardCommandsTest {

    private static CardDriver card(BlockAlgorithm alg) {
        return CardDriver.personalised(alg, alg == BlockAlgorithm.SM4 ? "A1B2C3D4E5F60718" : "0102030405060708");
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void selectAnswersTheFciWithTheAlgorithmId(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        String algId = String.format("%02X", alg.cardAlgorithmId());
        Response ssse = d.selectSsse();
        assertEquals(0x9000, ssse.sw());
        assertEquals("6F19840F7378312E73682EC9E7BBE1B1A3D5CFA5069F0C038601" + algId, ssse.toString().split(" ")[0]);
        Response medical = d.selectMedical();
        assertEquals(0x9000, medical.sw());
        assertEquals("6F108406D15600000503A5069F0C038601" + algId, medical.toString().split(" ")[0]);
        assertEquals(0x6A82, d.selectEf(0x07).sw());
        assertEquals(0x6A82, d.send(apdu(0x00, 0xA4, 0x04, 0x00, hex("A000000003"))).sw());
        assertEquals(0x6700, d.send(apdu(0x00, 0xA4, 0x02, 0x00, hex("EF0506"))).sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void ef05IsFreeToReadAndEf06NeedsExternalAuthentication(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        assertEquals(0x6986, d.readTag(0x07).sw(), "no EF selected");
        d.selectEf(0x05);
        Response id = d.sendOk(apduLe(0x00, 0xB2, 0x01, 0x00, 0));
        assertArrayEquals(concat(hex("0110"), d.id.bytes()), id.data());
        assertArrayEquals(concat(hex("0709"), d.holderValue(0x07)), d.readTag(0x07).data());
        assertArrayEquals(concat(hex("0304"), d.holderValue(0x03)), d.readNumber(3).data(), "record-number mode");
        assertEquals(0x6C0B, d.send(apduLe(0x00, 0xB2, 0x07, 0x00, 9)).sw(), "wrong Le tells the right one");
        assertEquals(0x9000, d.send(apduLe(0x00, 0xB2, 0x07, 0x00, 11)).sw());
        assertEquals(0x6A83, d.readTag(0x08).sw(), "tag of another EF");
        assertEquals(0x6A86, d.send(apduLe(0x00, 0xB2, 0x07, 0x01, 0)).sw());

        d.selectEf(0x06);
        assertEquals(0x6982, d.readTag(0x08).sw());
        assertEquals(0x6982, d.readNumber(1).sw());
    }

    /** READ RECORD P2 = SFI << 3 | mode, as driver software sends it: no SELECT of the EF first. */
    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void recordsAreReadByShortFileIdentifierWithoutSelectingTheFile(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        Response cardNumber = d.send(apduLe(0x00, 0xB2, 0x07, 0x2C, 0x0B));
        assertEquals(0x9000, cardNumber.sw(), "record 7 of SFI 5, the driver's command");
        assertArrayEquals(concat(hex("0709"), d.holderValue(0x07)), cardNumber.data());
        assertArrayEquals(concat(hex("0110"), d.id.bytes()), d.send(apduLe(0x00, 0xB2, 0x01, 0x2C, 0)).data());
        assertArrayEquals(concat(hex("0304"), d.holderValue(0x03)), d.send(apduLe(0x00, 0xB2, 0x03, 0x28, 0)).data(),
                "SFI 5 by tag");
        assertArrayEquals(concat(hex("0709"), d.holderValue(0x07)), d.readTag(0x07).data(),
                "the EF named by SFI became the current EF");
        assertEquals(0x6A83, d.send(apduLe(0x00, 0xB2, 0x08, 0x2C, 0)).sw(), "EF05 has 7 records");
        assertEquals(0x6C0B, d.send(apduLe(0x00, 0xB2, 0x07, 0x2C, 9)).sw());

        assertEquals(0x6982, d.send(apduLe(0x00, 0xB2, 0x01, 0x34, 0)).sw(), "EF06 by SFI 6 needs external auth");
        assertEquals(0x6982, d.send(apduLe(0x00, 0xB2, 0x08, 0x30, 0)).sw());
        assertEquals(0x6A82, d.send(apduLe(0x00, 0xB2, 0x01, 0x3C, 0)).sw(), "no SFI 7 in SSSE");
        assertEquals(0x6A82, d.send(apduLe(0x00, 0xB2, 0x01, 0x44, 0)).sw(), "EF08 is medical");
        assertEquals(0x6A86, d.send(apduLe(0x00, 0xB2, 0x01, 0x2D, 0)).sw(), "mode 101 is not supported");
        assertEquals(0x6A86, d.send(apduLe(0x00, 0xB2, 0x01, 0xFC, 0)).sw(), "SFI 31 is reserved");

        assertEquals(0x9000, d.externalAuthenticate().sw());
        d.selectEf(0x05);
        assertArrayEquals(concat(hex("0812"), d.holderValue(0x08)), d.send(apduLe(0x00, 0xB2, 0x01, 0x34, 0)).data(),
                "record 1 of EF06 is tag 08");
        assertArrayEquals(concat(hex("4E14"), d.holderValue(0x4E)), d.send(apduLe(0x00, 0xB2, 0x03, 0x34, 0)).data(),
                "records are numbered in the table order: 08, 09, 4E, 0A…");
        assertArrayEquals(concat(hex("0D04"), d.holderValue(0x0D)), d.send(apduLe(0x00, 0xB2, 0x0D, 0x30, 0)).data());
        assertEquals(0x6A83, d.send(apduLe(0x00, 0xB2, 0x08, 0x34, 0)).sw(), "EF06 has 7 records");

        d.selectMedical();
        assertArrayEquals(concat(hex("3304"), uint(CardDriver.INITIAL_BALANCE, 4)),
                d.send(apduLe(0x00, 0xB2, 0x04, 0x2C, 0)).data(), "medical EF05 record 4 = tag 33");
        assertArrayEquals(concat(hex("3003"), d.holderValue(0x30)), d.send(apduLe(0x00, 0xB2, 0x30, 0x28, 0)).data());
        assertEquals(0x6A83, d.send(apduLe(0x00, 0xB2, 0x01, 0x34, 0)).sw(), "SFI 6: empty cyclic file");
        assertEquals(0x6A83, d.send(apduLe(0x00, 0xB2, 0x01, 0x44, 0)).sw(), "SFI 8: empty cyclic file");
        assertEquals(0x6A82, d.send(apduLe(0x00, 0xB2, 0x01, 0x3C, 0)).sw(), "no SFI 7 in medical");

        d.card.reset();
        d.selectSsse();
        assertEquals(0x6982, d.send(apduLe(0x00, 0xB2, 0x01, 0x34, 0)).sw(), "a reset clears the authentication");
        d.selectMedical();
        assertEquals(0x6982, d.send(apduLe(0x00, 0xB2, 0x01, 0x2C, 0)).sw(), "medical EF05 by SFI needs external auth");
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void externalAuthenticationOpensTheProtectedFilesForTheCardSession(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        d.selectEf(0x06);
        assertEquals(0x6985, d.send(apdu(0x00, 0x82, 0x00, 0x01, new byte[alg.blockSize()])).sw(), "no challenge");
        byte[] ch = d.challenge();
        byte[] wrong = MODULE.externalAuthCryptogram(d.ref(KeyType.EXTERNAL_AUTH), d.id, ch);
        wrong[0] ^= 1;
        assertEquals(0x6984, d.send(apdu(0x00, 0x82, 0x00, 0x01, wrong)).sw());
        assertEquals(0x6982, d.readTag(0x08).sw());
        ch = d.challenge();
        assertEquals(0x6700, d.send(apdu(0x00, 0x82, 0x00, 0x01, new byte[alg.blockSize() + 1])).sw());
        assertEquals(0x6A86, d.send(apdu(0x00, 0x82, 0x00, 0x02, new byte[alg.blockSize()])).sw());

        ch = d.challenge();
        byte[] expected = CardCryptograms.authCryptogram(alg, d.cardKey(KeyType.EXTERNAL_AUTH), ch);
        assertArrayEquals(MODULE.externalAuthCryptogram(d.ref(KeyType.EXTERNAL_AUTH), d.id, ch), expected);
        d.sendOk(apdu(0x00, 0x82, 0x00, 0x01, expected));
        assertArrayEquals(concat(hex("0812"), d.holderValue(0x08)), d.readTag(0x08).data());
        assertArrayEquals(concat(hex("091E"), d.holderValue(0x09)), d.readTag(0x09).data());

        d.selectMedical();
        d.selectEf(0x05);
        assertArrayEquals(concat(hex("3304"), uint(CardDriver.INITIAL_BALANCE, 4)), d.readTag(0x33).data(),
                "the security state survives selecting the other application");
        d.card.reset();
        d.selectMedical();
        d.selectEf(0x05);
        assertEquals(0x6982, d.readTag(0x33).sw(), "reset clears it");
        d.card.powerOff();
        d.card.powerOn();
        d.selectSsse();
        d.selectEf(0x06);
        assertEquals(0x6982, d.readTag(0x08).sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aChallengeServesOnlyTheNextCommand(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        byte[] ch = d.challenge();
        d.selectEf(0x05);
        assertEquals(0x6985, d.send(apdu(0x00, 0x82, 0x00, 0x01,
                MODULE.externalAuthCryptogram(d.ref(KeyType.EXTERNAL_AUTH), d.id, ch))).sw());
        assertEquals(0x6700, d.send(apduLe(0x00, 0x84, 0x00, 0x00, 4)).sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void internalAuthenticationAnswersTheCardCryptogram(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        byte[] data = hex("0011223344556677");
        Response r = d.sendOk(apdu(0x00, 0x88, 0x00, 0x02, data));
        assertArrayEquals(CardCryptograms.authCryptogram(alg, d.cardKey(KeyType.INTERNAL_AUTH), data), r.data());
        assertTrue(MODULE.verifyInternalAuth(d.ref(KeyType.INTERNAL_AUTH), d.id, data, r.data()));
        assertEquals(0x6700, d.send(apdu(0x00, 0x88, 0x00, 0x02, hex("00112233"))).sw());
        assertEquals(0x6A86, d.send(apdu(0x00, 0x88, 0x00, 0x01, data)).sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void wrongPinsCostTriesUntilThePinIsBlocked(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectMedical();
        assertEquals(0x63C2, d.verify("654321").sw());
        assertEquals(0x9000, d.verify(CardDriver.PIN).sw(), "a correct PIN restores the tries");
        assertEquals(0x63C2, d.verify("000000").sw());
        assertEquals(0x63C1, d.verify("0000").sw());
        assertEquals(0x6983, d.verify("00000000").sw());
        assertEquals(0x6983, d.verify(CardDriver.PIN).sw(), "blocked even for the right PIN");
        d.card.reset();
        d.selectMedical();
        assertEquals(0x6983, d.verify(CardDriver.PIN).sw(), "blocked across resets");
        assertEquals(0x6700, d.send(apdu(0x00, 0x20, 0x00, 0x00, hex("12"))).sw());
        assertEquals(0x6700, d.send(apdu(0x00, 0x20, 0x00, 0x00, hex("12345678901234"))).sw());

        byte[] enc = MODULE.encryptPinBlock(d.ref(KeyType.PIN_UNBLOCK), d.id, "2468".toCharArray());
        assertArrayEquals(CardCryptograms.encryptPinBlock(alg, d.cardKey(KeyType.PIN_UNBLOCK), "2468".toCharArray()), enc);
        byte[] badMac = concat(apdu(0x84, 0x24, 0x00, 0x00, concat(enc, new byte[4])));
        d.challenge();
        assertEquals(0x6984, d.send(badMac).sw());
        assertEquals(0x6700, d.macCommand(0x84, 0x24, 0x00, 0x00, Arrays.copyOf(enc, enc.length - 1),
                KeyType.PIN_UNBLOCK).sw());
        byte[] notAPinBlock = alg.encryptEcb(d.cardKey(KeyType.PIN_UNBLOCK), new byte[alg.blockSize()]);
        assertEquals(0x6984, d.macCommand(0x84, 0x24, 0x00, 0x00, notAPinBlock, KeyType.PIN_UNBLOCK).sw());
        assertEquals(0x6983, d.verify("2468").sw());
        assertEquals(0x9000, d.macCommand(0x84, 0x24, 0x00, 0x00, enc, KeyType.PIN_UNBLOCK).sw());
        assertEquals(0x63C2, d.verify(CardDriver.PIN).sw(), "the old PIN is gone");
        assertEquals(0x9000, d.verify("2468").sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void changeAndReloadPin(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        byte[] oldPin = CardCryptograms.pinBcd(CardDriver.PIN.toCharArray());
        byte[] newPin = CardCryptograms.pinBcd("97531".toCharArray());
        assertEquals(0x63C2, d.send(apdu(0x80, 0x5E, 0x01, 0x00,
                concat(CardCryptograms.pinBcd("111111".toCharArray()), hex("FF"), newPin))).sw());
        assertEquals(0x6700, d.send(apdu(0x80, 0x5E, 0x01, 0x00, concat(oldPin, newPin))).sw(), "no separator");
        assertEquals(0x6984, d.send(apdu(0x80, 0x5E, 0x01, 0x00, concat(oldPin, hex("FF"), hex("12AB")))).sw());
        d.sendOk(apdu(0x80, 0x5E, 0x01, 0x00, concat(oldPin, hex("FF"), newPin)));
        assertEquals(0x63C2, d.verify(CardDriver.PIN).sw());
        assertEquals(0x9000, d.verify("97531").sw());

        assertEquals(0x63C2, d.verify("000000").sw());
        byte[] reloaded = CardCryptograms.pinBcd("888888".toCharArray());
        byte[] hdr = {(byte) 0x80, 0x5E, 0x00, 0x00, (byte) (reloaded.length + 4)};
        byte[] ch = d.challenge();
        byte[] mac = MODULE.cardMac(d.ref(KeyType.PIN_RELOAD), d.id, ch, concat(hdr, reloaded));
        assertArrayEquals(Macs.cardMac(alg, d.cardKey(KeyType.PIN_RELOAD), ch, concat(hdr, reloaded)), mac);
        mac[3] ^= 0x40;
        assertEquals(0x6984, d.send(concat(hdr, reloaded, mac)).sw());
        assertEquals(0x6985, d.send(concat(hdr, reloaded, mac)).sw(), "the challenge was used up");
        assertEquals(0x9000, d.macCommand(0x80, 0x5E, 0x00, 0x00, reloaded, KeyType.PIN_RELOAD).sw());
        assertEquals(0x63C2, d.verify("97531").sw(), "tries were reset to the limit, then one was spent");
        assertEquals(0x9000, d.verify("888888").sw());
        assertEquals(0x6A86, d.send(apdu(0x80, 0x5E, 0x02, 0x00, reloaded)).sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void updateAndAppendRecordsWithSecureMessaging(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        d.selectEf(0x06);
        byte[] name = CardDriver.gbk("李四", 30);
        Response badKey = d.macCommand(0x04, 0xDC, 0x09, 0x00, name, KeyType.MEDICAL_UPDATE);
        assertEquals(0x6984, badKey.sw(), "SSSE files use the update key 03");
        assertEquals(0x6700, d.macCommand(0x04, 0xDC, 0x09, 0x00, Arrays.copyOf(name, 29), KeyType.UPDATE).sw());
        assertEquals(0x6985, d.send(apdu(0x04, 0xDC, 0x09, 0x00, concat(name, new byte[4]))).sw(), "no challenge");
        assertEquals(0x9000, d.macCommand(0x04, 0xDC, 0x09, 0x00, name, KeyType.UPDATE).sw());
        d.externalAuthenticate();
        assertArrayEquals(concat(hex("091E"), name), d.readTag(0x09).data());
        d.selectEf(0x05);
        assertEquals(0x6985, d.macCommand(0x04, 0xDC, 0x01, 0x00, new byte[16], KeyType.UPDATE).sw(),
                "the card identification code never changes");

        d.selectMedical();
        d.selectEf(0x05);
        assertEquals(0x9000, d.macCommand(0x04, 0xDC, 0x33, 0x00, uint(99, 4), KeyType.MEDICAL_UPDATE).sw());
        assertArrayEquals(concat(hex("3304"), uint(99, 4)), d.readTag(0x33).data());
        assertEquals(0x6985, d.macCommand(0x04, 0xE2, 0x00, 0x00, new byte[28], KeyType.MEDICAL_UPDATE).sw(),
                "EF05 is not cyclic");

        d.selectEf(0x08);
        assertEquals(0x6A83, d.readNumber(1).sw(), "empty cyclic file");
        for (int i = 1; i <= 12; i++) {
            byte[] record = concat(CardDriver.an("SETL" + i, 20), hex("20260315"), uint(i * 100L, 4));
            assertEquals(0x9000, d.macCommand(0x04, 0xE2, 0x00, 0x00, record, KeyType.MEDICAL_UPDATE).sw());
        }
        assertArrayEquals(concat(CardDriver.an("SETL12", 20), hex("20260315"), uint(1200, 4)), d.readNumber(1).data());
        assertArrayEquals(concat(CardDriver.an("SETL3", 20), hex("20260315"), uint(300, 4)), d.readNumber(10).data());
        assertEquals(0x6A83, d.readNumber(11).sw());
        assertEquals(0x6C1C, d.send(apduLe(0x00, 0xB2, 0x01, 0x04, 27)).sw());
        assertEquals(0x6700, d.macCommand(0x04, 0xE2, 0x00, 0x00, new byte[27], KeyType.MEDICAL_UPDATE).sw());
        assertEquals(0x6984, d.macCommand(0x04, 0xE2, 0x00, 0x00, new byte[28], KeyType.UPDATE).sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void offlineDebit(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectMedical();
        assertEquals(0x6982, d.initializeForDebit(100).sw(), "PIN first");
        d.verify(CardDriver.PIN);
        assertEquals(0x9401, d.initializeForDebit(CardDriver.INITIAL_BALANCE + 1).sw());
        assertEquals(0x6700, d.send(apdu(0x80, 0x50, 0x01, 0x02, hex("07000000010102030405"))).sw());
        assertEquals(0x6985, d.send(apdu(0x80, 0x54, 0x01, 0x00, new byte[15])).sw(), "DEBIT without INITIALIZE");

        Response init = d.initializeForDebit(2_345);
        assertEquals(0x9000, init.sw());
        assertEquals(12, init.data().length);
        assertEquals(CardDriver.INITIAL_BALANCE, uint(init.data(), 0, 4));
        assertEquals(0, uint(init.data(), 4, 2));
        assertEquals(d.ref(KeyType.DEBIT).version(), init.data()[6]);
        assertEquals(alg.cardAlgorithmId(), init.data()[7]);
        DebitData data = CardDriver.debitData(init, 2_345, 0x01020304L);
        byte[] mac1 = MODULE.debitMac1(d.ref(KeyType.DEBIT), d.id, data);
        byte[] badMac1 = mac1.clone();
        badMac1[0] ^= 1;
        assertEquals(0x6984, d.debit(data, badMac1).sw());
        assertEquals(0x6985, d.debit(data, mac1).sw(), "a failed DEBIT ends the debit session");

        init = d.initializeForDebit(2_345);
        assertEquals(CardDriver.INITIAL_BALANCE, uint(init.data(), 0, 4), "nothing changed");
        assertEquals(0, uint(init.data(), 4, 2));
        data = CardDriver.debitData(init, 2_345, 0x01020304L);
        mac1 = MODULE.debitMac1(d.ref(KeyType.DEBIT), d.id, data);
        assertArrayEquals(CardCryptograms.mac1(alg, d.cardKey(KeyType.DEBIT), data), mac1);
        Response debit = d.debit(data, mac1);
        assertEquals(0x9000, debit.sw());
        byte[] tac = Arrays.copyOf(debit.data(), 4);
        byte[] mac2 = Arrays.copyOfRange(debit.data(), 4, 8);
        assertArrayEquals(CardCryptograms.tac(alg, d.cardKey(KeyType.DEBIT), data), tac);
        assertArrayEquals(CardCryptograms.mac2(alg, d.cardKey(KeyType.DEBIT), data), mac2);
        assertTrue(MODULE.verifyDebitTac(d.ref(KeyType.DEBIT), d.id, data, tac));
        assertTrue(MODULE.verifyDebitMac2(d.ref(KeyType.DEBIT), d.id, data, mac2));
        assertFalse(MODULE.verifyDebitMac2(d.ref(KeyType.DEBIT), d.id, data, tac));

        d.externalAuthenticate();
        d.selectEf(0x05);
        assertArrayEquals(concat(hex("3304"), uint(CardDriver.INITIAL_BALANCE - 2_345, 4)), d.readTag(0x33).data());
        assertArrayEquals(hex("360200 01"), d.readTag(0x36).data());
        d.selectEf(0x06);
        assertArrayEquals(concat(CardDriver.TERMINAL_ID, CardDriver.DATE_TIME, uint(2_345, 4),
                uint(CardDriver.INITIAL_BALANCE - 2_345, 4), uint(0, 2), tac), d.readNumber(1).data());
        assertEquals(0x6A83, d.readNumber(2).sw());

        Response second = d.payOffline(5, 7);
        assertEquals(0x9000, second.sw());
        assertEquals(0x9401, d.initializeForDebit(CardDriver.INITIAL_BALANCE).sw());
        d.selectEf(0x05);
        assertArrayEquals(hex("360200 02"), d.readTag(0x36).data());

        d.selectSsse();
        assertEquals(0x6985, d.initializeForDebit(1).sw(), "debit is a medical-application command");
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void applicationBlockIsPermanent(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        assertEquals(0x6700, d.macCommand(0x84, 0x1E, 0x00, 0x00, new byte[1], KeyType.APP_BLOCK).sw());
        assertEquals(0x6984, d.macCommand(0x84, 0x1E, 0x00, 0x00, new byte[0], KeyType.DEBIT).sw());
        assertEquals(0x9000, d.selectSsse().sw());
        assertEquals(0x9000, d.macCommand(0x84, 0x1E, 0x00, 0x00, new byte[0], KeyType.APP_BLOCK).sw());
        assertEquals(0x6985, d.send(apduLe(0x00, 0x84, 0x00, 0x00, 8)).sw());
        d.card.powerOff();
        d.card.powerOn();
        Response select = d.selectMedical();
        assertEquals(0x6283, select.sw());
        assertEquals(18, select.data().length, "the FCI still comes with 6283");
        assertEquals(0x6283, d.selectSsse().sw());
        assertEquals(0x6985, d.selectEf(0x05).sw());
        assertEquals(0x6985, d.verify(CardDriver.PIN).sw());
        assertEquals(0x6985, d.send(apdu(0x00, 0x88, 0x00, 0x02, new byte[8])).sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void unknownInstructionsAndClasses(BlockAlgorithm alg) {
        CardDriver d = card(alg);
        d.selectSsse();
        assertEquals(0x6D00, d.send(apduLe(0x00, 0xCA, 0x00, 0x00, 0)).sw());
        assertEquals(0x6D00, d.send(apduLe(0x80, 0x12, 0x00, 0x00, 0)).sw());
        assertEquals(0x6E00, d.send(apduLe(0x80, 0x84, 0x00, 0x00, 8)).sw());
        assertEquals(0x6E00, d.send(apdu(0x00, 0x24, 0x00, 0x00, new byte[12])).sw());
        assertEquals(0x6D00, d.putKey(KeyType.DEBIT).sw(), "personalisation commands are gone after CLOSE");
        assertEquals(0x6D00, d.writeRecord(0x02, hex("31")).sw());
        assertEquals(0x6D00, d.setPin("1234", 3).sw());
        assertEquals(0x6D00, d.close().sw());
    }
}
