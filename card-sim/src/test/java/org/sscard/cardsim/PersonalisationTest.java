package org.sscard.cardsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sscard.cardsim.CardDriver.apdu;
import static org.sscard.cardsim.CardDriver.apduLe;
import static org.sscard.cardsim.CardDriver.concat;
import static org.sscard.cardsim.CardDriver.hex;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardCryptograms;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.WrappedKey;

class PersonalisationTest {

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void aBlankCardAnswersOnlySelectChallengeAndPersonalisation(BlockAlgorithm alg) {
        CardDriver d = CardDriver.blank(alg, "1111111111111111");
        assertEquals(0x6986, d.send(apduLe(0x00, 0x84, 0x00, 0x00, 8)).sw(), "nothing selected yet");
        Response select = d.selectSsse();
        assertEquals(0x9000, select.sw());
        assertEquals(alg.cardAlgorithmId(), select.data()[select.data().length - 1]);
        assertEquals(0x9000, d.selectEf(0x05).sw());
        assertEquals(0x6985, d.readTag(0x01).sw());
        assertEquals(0x6985, d.verify("123456").sw());
        assertEquals(0x6985, d.send(apdu(0x00, 0x88, 0x00, 0x02, new byte[8])).sw());
        assertEquals(0x9000, d.selectMedical().sw());
        assertEquals(0x6985, d.initializeForDebit(1).sw());
        assertEquals(0x6D00, d.send(apduLe(0x00, 0xCA, 0x00, 0x00, 0)).sw());
        assertEquals(8, d.challenge().length);
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void putKeyChecksMacAndKcv(BlockAlgorithm alg) {
        CardDriver d = CardDriver.blank(alg, "2222222222222222");
        d.selectSsse();
        WrappedKey wrapped = CardDriver.MODULE.wrapCardKey(d.ref(KeyType.DEBIT), d.ref(KeyType.TRANSPORT), d.id);
        byte[] data = concat(wrapped.ciphertext(), wrapped.kcv(), new byte[] {1});
        assertEquals(0x6985, d.send(apdu(0x84, 0xD4, 0x00, 0x07, concat(data, new byte[4]))).sw(), "no challenge");
        d.challenge();
        assertEquals(0x6984, d.send(apdu(0x84, 0xD4, 0x00, 0x07, concat(data, new byte[4]))).sw(), "bad MAC");
        byte[] badKcv = data.clone();
        badKcv[16] ^= 1;
        assertEquals(0x6984, d.macCommand(0x84, 0xD4, 0x00, 0x07, badKcv, KeyType.TRANSPORT).sw());
        assertEquals(0x6A86, d.macCommand(0x84, 0xD4, 0x00, 0x09, data, KeyType.TRANSPORT).sw());
        assertEquals(0x6A86, d.macCommand(0x84, 0xD4, 0x00, 0x00, data, KeyType.TRANSPORT).sw());
        assertEquals(0x6700, d.macCommand(0x84, 0xD4, 0x00, 0x07, concat(data, new byte[1]), KeyType.TRANSPORT).sw());
        assertEquals(0x9000, d.macCommand(0x84, 0xD4, 0x00, 0x07, data, KeyType.TRANSPORT).sw());

        CardDriver other = new CardDriver(SimulatedCard.blank(
                CardIdentificationCode.of("440106", hex("3333333333333333")), alg));
        other.selectSsse();
        WrappedKey forD = CardDriver.MODULE.wrapCardKey(d.ref(KeyType.DEBIT), d.ref(KeyType.TRANSPORT), d.id);
        byte[] ch = other.challenge();
        byte[] body = concat(forD.ciphertext(), forD.kcv(), new byte[] {1});
        byte[] hdr = {(byte) 0x84, (byte) 0xD4, 0x00, 0x07, (byte) (body.length + 4)};
        byte[] mac = CardDriver.MODULE.cardMac(d.ref(KeyType.TRANSPORT), d.id, ch, concat(hdr, body));
        assertEquals(0x6984, other.send(concat(hdr, body, mac)).sw(), "another card's transport key");
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void writeRecordAndSetPinChecks(BlockAlgorithm alg) {
        CardDriver d = CardDriver.blank(alg, "4444444444444444");
        d.selectSsse();
        assertEquals(0x6986, d.writeRecord(0x02, hex("31")).sw());
        d.selectEf(0x05);
        assertEquals(0x6700, d.writeRecord(0x02, hex("3132")).sw());
        assertEquals(0x6A83, d.writeRecord(0x08, new byte[18]).sw());
        assertEquals(0x6984, d.writeRecord(0x01, new byte[16]).sw(), "the identification code is fixed at install");
        assertEquals(0x9000, d.writeRecord(0x01, d.id.bytes()).sw());
        d.selectMedical();
        d.selectEf(0x06);
        assertEquals(0x6A83, d.writeRecord(0x01, new byte[27]).sw());

        byte[] enc = CardDriver.MODULE.encryptPinBlock(d.ref(KeyType.TRANSPORT), d.id, "1234".toCharArray());
        assertEquals(0x6A86, d.macCommand(0x84, 0xD8, 0x00, 0x00, enc, KeyType.TRANSPORT).sw());
        assertEquals(0x6A86, d.macCommand(0x84, 0xD8, 0x00, 16, enc, KeyType.TRANSPORT).sw());
        byte[] garbage = alg.encryptEcb(d.cardKey(KeyType.TRANSPORT), new byte[alg.blockSize()]);
        assertEquals(0x6984, d.macCommand(0x84, 0xD8, 0x00, 3, garbage, KeyType.TRANSPORT).sw());
        byte[] threeDigits = new byte[alg.blockSize()];
        threeDigits[0] = 3;
        threeDigits[1] = 0x12;
        threeDigits[2] = 0x3F;
        threeDigits[3] = (byte) 0x80;
        assertEquals(0x6984, d.macCommand(0x84, 0xD8, 0x00, 3,
                alg.encryptEcb(d.cardKey(KeyType.TRANSPORT), threeDigits), KeyType.TRANSPORT).sw());
        assertEquals(0x9000, d.macCommand(0x84, 0xD8, 0x00, 5, enc, KeyType.TRANSPORT).sw());
    }

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void closeNeedsEverythingThenThePersonalisationCommandsAreGone(BlockAlgorithm alg) {
        CardDriver d = CardDriver.blank(alg, "5555555555555555");
        var steps = CardDriver.personalisationSteps();
        for (CardDriver.PersoStep step : steps) {
            d.selectSsse();
            assertEquals(0x6985, d.close().sw(), "CLOSE before " + step.name());
            assertEquals(0x9000, step.run(d).sw(), step.name());
        }
        d.selectSsse();
        assertEquals(0x9000, d.close().sw());
        assertEquals(0x6D00, d.close().sw());
        assertEquals(0x6D00, d.putKey(KeyType.DEBIT).sw());

        d.card.reset();
        d.selectSsse();
        assertEquals(0x9000, d.externalAuthenticate().sw());
        d.selectEf(0x06);
        assertArrayEquals(concat(hex("0A01"), d.holderValue(0x0A)), d.readTag(0x0A).data());
        byte[] data = hex("0102030405060708");
        assertArrayEquals(CardCryptograms.authCryptogram(alg, d.cardKey(KeyType.INTERNAL_AUTH), data),
                d.sendOk(apdu(0x00, 0x88, 0x00, 0x02, data)).data());
        assertEquals(0x63C3, d.send(apduLe(0x00, 0x20, 0x00, 0x00, 0)).sw(), "VERIFY without data tells the tries");
        assertEquals(0x9000, d.verify(CardDriver.PIN).sw());
    }
}
