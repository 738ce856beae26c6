package org.sscard.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KeyComponentTest {

    @ParameterizedTest
    @EnumSource(BlockAlgorithm.class)
    void twoCustodiansCombineByXor(BlockAlgorithm alg) {
        KeyComponent a = KeyComponent.generate(alg);
        KeyComponent b = KeyComponent.generate(alg);
        byte[] expected = xor(Hex.decode(a.revealHex()), Hex.decode(b.revealHex()));
        DualControlCombiner combiner = new DualControlCombiner(alg);
        combiner.add("Wang Fang", a.revealHex(), a.kcvHex());
        combiner.add("Li Wei", b.revealHex().toLowerCase(), b.kcvHex().toLowerCase());
        DualControlCombiner.CombinedKey key = combiner.combine();
        assertArrayEquals(expected, key.key());
        assertEquals(Hex.toHexString(alg.kcv(expected)).toUpperCase(), key.kcvHex());
        assertEquals(2, key.custodians().size());
    }

    @Test
    void aComponentWithTheWrongKcvIsRefused() {
        KeyComponent a = KeyComponent.generate(BlockAlgorithm.SM4);
        DualControlCombiner combiner = new DualControlCombiner(BlockAlgorithm.SM4);
        CryptoException e = assertThrows(CryptoException.class, () -> combiner.add("Wang Fang", a.revealHex(), "000000"));
        assertTrue(e.getMessage().startsWith("component KCV mismatch"), e.getMessage());
        assertTrue(!e.getMessage().contains(a.revealHex()), "the component never appears in a message");
    }

    @Test
    void aSingleCustodianIsRefusedEvenWithTwoComponents() {
        KeyComponent a = KeyComponent.generate(BlockAlgorithm.TDES);
        KeyComponent b = KeyComponent.generate(BlockAlgorithm.TDES);
        DualControlCombiner combiner = new DualControlCombiner(BlockAlgorithm.TDES);
        combiner.add("Wang Fang", a.revealHex(), a.kcvHex());
        combiner.add(" wang fang ", b.revealHex(), b.kcvHex());
        CryptoException e = assertThrows(CryptoException.class, combiner::combine);
        assertTrue(e.getMessage().contains("two different custodians"));
    }

    @Test
    void oneComponentIsNotEnough() {
        KeyComponent a = KeyComponent.generate(BlockAlgorithm.SM4);
        DualControlCombiner combiner = new DualControlCombiner(BlockAlgorithm.SM4);
        combiner.add("Wang Fang", a.revealHex(), a.kcvHex());
        assertThrows(CryptoException.class, combiner::combine);
    }

    @Test
    void malformedComponentsAreRefusedClearly() {
        DualControlCombiner combiner = new DualControlCombiner(BlockAlgorithm.SM4);
        assertThrows(CryptoException.class, () -> combiner.add("A", "0011", "000000"));
        assertThrows(CryptoException.class, () -> combiner.add("A", "not hex at all!", "000000"));
        assertThrows(CryptoException.class, () -> combiner.add("", KeyComponent.generate(BlockAlgorithm.SM4).revealHex(), "000000"));
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
