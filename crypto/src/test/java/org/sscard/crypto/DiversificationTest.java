package org.sscard.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Diversification against an independent JCA computation, for both algorithms and all three levels. */
class DiversificationTest {
    private static final byte[] NATIONAL = Hex.decode("00112233445566778899AABBCCDDEEFF");
    private static final CardIdentificationCode CARD =
            CardIdentificationCode.ofHex("440106D15600000501020304A1B2C3D4");

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void eachLevelMatchesTheFormula(BlockAlgorithm alg) throws Exception {
        byte[] province = JcaReference.diversify(alg, NATIONAL, "440000sx".getBytes(StandardCharsets.US_ASCII));
        byte[] city = JcaReference.diversify(alg, province, "440100sx".getBytes(StandardCharsets.US_ASCII));
        byte[] card = JcaReference.diversify(alg, city, Hex.decode("01020304A1B2C3D4"));

        assertArrayEquals(province, KeyDiversification.toRegion(alg, NATIONAL, "440000"));
        assertArrayEquals(city, KeyDiversification.toRegion(alg, province, "440100"));
        assertArrayEquals(card, KeyDiversification.toCard(alg, city, CARD));
        assertArrayEquals(card, KeyDiversification.nationalToCard(alg, NATIONAL, CARD));
        assertArrayEquals(card, KeyDiversification.fromLevel(alg, province, KeyLevel.PROVINCE, CARD));
        assertArrayEquals(card, KeyDiversification.fromLevel(alg, city, KeyLevel.CITY, CARD));
        assertArrayEquals(city, KeyDiversification.toLevel(alg, NATIONAL, KeyLevel.NATIONAL, KeyLevel.CITY, "440100"));
        assertArrayEquals(province, KeyDiversification.toLevel(alg, NATIONAL, KeyLevel.NATIONAL, KeyLevel.PROVINCE, "440100"));
        assertArrayEquals(city, KeyDiversification.toLevel(alg, province, KeyLevel.PROVINCE, KeyLevel.CITY, "440100"));
    }

    @Test
    void regionFactorIsTheCodeInAsciiFollowedBySx() {
        assertEquals("3434303130307378", Hex.toHexString(Regions.factor("440100")));
        assertEquals("440100", Regions.cityOf("440106"));
        assertEquals("440000", Regions.provinceOf("440106"));
    }

    @Test
    void cardIdentificationCodeStructureIsChecked() {
        assertEquals("440106", CARD.region());
        assertEquals("440100", CARD.cityRegion());
        assertArrayEquals(Hex.decode("01020304A1B2C3D4"), CARD.diversificationFactor());
        assertThrows(CryptoException.class, () -> CardIdentificationCode.ofHex("440106D15600000601020304A1B2C3D4"));
        assertThrows(CryptoException.class, () -> CardIdentificationCode.ofHex("4A0106D15600000501020304A1B2C3D4"));
        assertThrows(CryptoException.class, () -> CardIdentificationCode.ofHex("440106D156000005"));
        assertThrows(CryptoException.class, () -> CardIdentificationCode.ofHex("zz"));
        assertEquals(CARD, CardIdentificationCode.of("440106", Hex.decode("01020304A1B2C3D4")));
    }

    @Test
    void keyReferencesAreValidated() {
        assertThrows(CryptoException.class, () -> new KeyRef(KeyType.DEBIT, KeyLevel.NATIONAL, "440000", 1));
        assertThrows(CryptoException.class, () -> KeyRef.province(KeyType.DEBIT, "440100", 1));
        assertThrows(CryptoException.class, () -> KeyRef.city(KeyType.DEBIT, "440000", 1));
        assertThrows(CryptoException.class, () -> KeyRef.city(KeyType.DEBIT, "440106", 1));
        assertThrows(CryptoException.class, () -> KeyRef.local(KeyType.DEBIT, "440106", 1));
        assertThrows(CryptoException.class, () -> new KeyRef(KeyType.DATA, KeyLevel.CITY, "440100", 1));
        assertThrows(CryptoException.class, () -> KeyRef.national(KeyType.DEBIT, 256));
        KeyRef city = KeyRef.city(KeyType.DEBIT, "440100", 2);
        assertEquals(true, city.covers("440106"));
        assertEquals(false, city.covers("440306"));
        assertEquals(true, KeyRef.province(KeyType.DEBIT, "440000", 1).covers("440306"));
        assertEquals(false, KeyRef.province(KeyType.DEBIT, "440000", 1).covers("310106"));
    }
}
