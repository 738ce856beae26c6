package org.sscard.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class MacsTest {
    private static final byte[] ISO_KEY = Hex.decode("0123456789ABCDEFFEDCBA9876543210");
    private static final byte[] ZERO_IV = new byte[8];

    @Test
    void retailMacIso9797Examples() {
        // ISO/IEC 9797-1:2011 Annex B, MAC algorithm 3, padding method 1.
        assertEquals("a1c72e74", Hex.toHexString(Macs.truncate(Macs.iso9797Alg3(ISO_KEY, ZERO_IV,
                "Now is the time for all ".getBytes(StandardCharsets.US_ASCII), false))));
        assertEquals("2e2b1428", Hex.toHexString(Macs.truncate(Macs.iso9797Alg3(ISO_KEY, ZERO_IV,
                "Now is the time for it".getBytes(StandardCharsets.US_ASCII), false))));
    }

    @Test
    void mac1WithSingleLengthKeyIsTheFips113Example() {
        // A two-key 3DES key with K1 = K2 is single DES: FIPS 113's example.
        byte[] key = Hex.decode("0123456789abcdef0123456789abcdef");
        byte[] data = "7654321 Now is the time for ".getBytes(StandardCharsets.US_ASCII);
        assertEquals("f1d30f68", Hex.toHexString(Macs.truncate(Macs.iso9797Alg1Tdes(key, ZERO_IV, data, false))));
    }

    @Test
    void paddingMethodTwoAlwaysAppends80AndZeros() {
        byte[] data = "Now is the time for all ".getBytes(StandardCharsets.US_ASCII);
        byte[] padded = Arrays.copyOf(data, 32);
        padded[24] = (byte) 0x80;
        assertArrayEquals(Macs.iso9797Alg3(ISO_KEY, ZERO_IV, padded, false), Macs.iso9797Alg3(ISO_KEY, ZERO_IV, data));
        assertArrayEquals(Macs.iso9797Alg1Tdes(ISO_KEY, ZERO_IV, padded, false), Macs.iso9797Alg1Tdes(ISO_KEY, ZERO_IV, data));
    }

    @Test
    void retailMacMatchesItsDefinitionWithIv() throws Exception {
        byte[] iv = Hex.decode("1122334455667788");
        byte[] data = Hex.decode("04DC010015" + "31323334353637383930");
        byte[] padded = pad(data, 8);
        byte[] k1 = Arrays.copyOf(ISO_KEY, 8);
        byte[] k2 = Arrays.copyOfRange(ISO_KEY, 8, 16);
        byte[] chain = iv.clone();
        for (int off = 0; off < padded.length; off += 8) {
            for (int i = 0; i < 8; i++) {
                chain[i] ^= padded[off + i];
            }
            chain = des(true, k1, chain);
        }
        byte[] expected = des(true, k1, des(false, k2, chain));
        assertArrayEquals(expected, Macs.iso9797Alg3(ISO_KEY, iv, data));
        assertArrayEquals(Arrays.copyOf(expected, 4), Macs.cardMac(BlockAlgorithm.TDES, ISO_KEY, iv, data));
    }

    @Test
    void sm4CardMacIsCbcMacWithChallengeAndZerosAsIv() throws Exception {
        byte[] key = Hex.decode("0123456789abcdeffedcba9876543210");
        byte[] challenge = Hex.decode("A1A2A3A4A5A6A7A8");
        byte[] data = Hex.decode("84240000" + "14" + "00112233445566778899AABBCCDDEEFF");
        byte[] padded = pad(data, 16);
        byte[] chain = Arrays.copyOf(challenge, 16);
        for (int off = 0; off < padded.length; off += 16) {
            for (int i = 0; i < 16; i++) {
                chain[i] ^= padded[off + i];
            }
            chain = JcaReference.sm4Ecb(key, chain);
        }
        assertArrayEquals(chain, Macs.sm4CbcMac(key, Arrays.copyOf(challenge, 16), data));
        assertArrayEquals(Arrays.copyOf(chain, 4), Macs.cardMac(BlockAlgorithm.SM4, key, challenge, data));
    }

    @Test
    void nullChallengeMeansZeroIv() {
        byte[] data = Hex.decode("0102030405");
        assertArrayEquals(Macs.truncate(Macs.iso9797Alg3(ISO_KEY, new byte[8], data)),
                Macs.cardMac(BlockAlgorithm.TDES, ISO_KEY, null, data));
    }

    private static byte[] pad(byte[] data, int block) {
        int length = (data.length / block + 1) * block;
        byte[] out = Arrays.copyOf(data, length);
        out[data.length] = (byte) 0x80;
        return out;
    }

    private static byte[] des(boolean encrypt, byte[] key, byte[] block) throws Exception {
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("DES/ECB/NoPadding", "SunJCE");
        c.init(encrypt ? javax.crypto.Cipher.ENCRYPT_MODE : javax.crypto.Cipher.DECRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(key, "DES"));
        return c.doFinal(block);
    }
}
