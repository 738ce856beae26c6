package org.sscard.cardsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sscard.cardsim.CardDriver.hex;

import org.junit.jupiter.api.Test;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.KeyDiversification;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.TestKeys;

class SimulatedCardTest {
    private static final CardIdentificationCode ID = CardIdentificationCode.of("110105", hex("0011223344556677"));

    @Test
    void installParametersAreIdentificationAlgorithmAndTransportKey() {
        byte[] key = hex("000102030405060708090A0B0C0D0E0F");
        byte[] params = SimulatedCard.installParameters(ID, BlockAlgorithm.SM4, key);
        assertEquals(33, params.length);
        assertArrayEquals(ID.bytes(), java.util.Arrays.copyOf(params, 16));
        assertEquals(0x03, params[16]);
        assertArrayEquals(key, java.util.Arrays.copyOfRange(params, 17, 33));
        assertThrows(IllegalArgumentException.class, () -> SimulatedCard.installParameters(ID, BlockAlgorithm.SM4, new byte[8]));
    }

    @Test
    void aPoweredOffCardRefusesCommandsUntilPoweredOn() {
        CardDriver d = new CardDriver(SimulatedCard.blank(ID, BlockAlgorithm.TDES));
        assertEquals(0x9000, d.selectSsse().sw());
        d.card.powerOff();
        IllegalStateException e = assertThrows(IllegalStateException.class, d::selectSsse);
        assertEquals("the card is powered off; call powerOn() first", e.getMessage());
        d.card.powerOn();
        assertEquals(0x6986, d.send(CardDriver.apduLe(0x00, 0x84, 0x00, 0x00, 8)).sw(), "power-on selects nothing");
        assertEquals(0x9000, d.selectMedical().sw());
    }

    @Test
    void theDefaultTransportKeyIsTheNationalDemoKeyDerivedToTheCard() {
        byte[] transport = KeyDiversification.nationalToCard(BlockAlgorithm.TDES,
                TestKeys.national(KeyType.TRANSPORT, BlockAlgorithm.TDES), ID);
        CardDriver explicit = new CardDriver(SimulatedCard.blank(ID, BlockAlgorithm.TDES, transport));
        explicit.selectSsse();
        assertEquals(0x9000, explicit.putKey(KeyType.DEBIT).sw(), "the module's wrapping under TRANSPORT fits");
        CardDriver wrongKey = new CardDriver(SimulatedCard.blank(ID, BlockAlgorithm.TDES, new byte[16]));
        wrongKey.selectSsse();
        assertEquals(0x6984, wrongKey.putKey(KeyType.DEBIT).sw());
    }
}
