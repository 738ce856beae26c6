package org.sscard.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/** Published vectors for SM4 (GB/T 32907), SM3 (GB/T 32905), SM4-GCM (RFC 8998) and 3DES (NIST SP 800-67). */
class AlgorithmVectorsTest {
    private static final byte[] SM4_KEY = Hex.decode("0123456789abcdeffedcba9876543210");

    @Test
    void sm4StandardExample() {
        byte[] cipher = BlockAlgorithm.SM4.encryptEcb(SM4_KEY, SM4_KEY);
        assertEquals("681edf34d206965e86b3e94f536e4246", Hex.toHexString(cipher));
        assertArrayEquals(SM4_KEY, BlockAlgorithm.SM4.decryptEcb(SM4_KEY, cipher));
    }

    @Test
    void sm4MillionRounds() {
        byte[] block = SM4_KEY.clone();
        org.bouncycastle.crypto.BlockCipher engine = BlockAlgorithm.SM4.engine(true, SM4_KEY);
        for (int i = 0; i < 1_000_000; i++) {
            engine.processBlock(block, 0, block, 0);
        }
        assertEquals("595298c7c6fd271f0402f804c33d3f66", Hex.toHexString(block));
    }

    @Test
    void sm4CbcRoundTripAndChaining() {
        byte[] iv = Hex.decode("000102030405060708090a0b0c0d0e0f");
        byte[] plain = Hex.decode("0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210");
        byte[] cipher = BlockAlgorithm.SM4.encryptCbc(SM4_KEY, iv, plain);
        byte[] first = BlockAlgorithm.SM4.encryptEcb(SM4_KEY, xor(iv, java.util.Arrays.copyOf(plain, 16)));
        assertArrayEquals(first, java.util.Arrays.copyOf(cipher, 16));
        assertArrayEquals(plain, BlockAlgorithm.SM4.decryptCbc(SM4_KEY, iv, cipher));
    }

    @Test
    void sm3StandardExamples() {
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                Hex.toHexString(Sm3.hash("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
                Hex.toHexString(Sm3.hash("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void sm4GcmRfc8998Example() {
        byte[] key = Hex.decode("0123456789ABCDEFFEDCBA9876543210");
        byte[] nonce = Hex.decode("00001234567800000000ABCD");
        byte[] aad = Hex.decode("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        byte[] plain = Hex.decode("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                + "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
        byte[] out = Sm4Gcm.encrypt(key, nonce, aad, plain);
        assertEquals(("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
                + "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
                + "83DE3541E4C2B58177E065A9BF7B62EC").toLowerCase(), Hex.toHexString(out));
        assertArrayEquals(plain, Sm4Gcm.decrypt(key, nonce, aad, out));
    }

    @Test
    void sm4GcmRefusesAnyChange() {
        byte[] sealed = Sm4Gcm.seal(SM4_KEY, "row 7".getBytes(StandardCharsets.UTF_8), "张三".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < sealed.length; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 0x01;
            assertThrows(CryptoException.class, () -> Sm4Gcm.open(SM4_KEY, "row 7".getBytes(StandardCharsets.UTF_8), changed));
        }
        assertThrows(CryptoException.class, () -> Sm4Gcm.open(SM4_KEY, "row 8".getBytes(StandardCharsets.UTF_8), sealed));
    }

    @Test
    void tripleDesThreeKeySp80067Example() {
        byte[] key = Hex.decode("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123");
        byte[] plain = "The qufck brown fox jump".getBytes(StandardCharsets.US_ASCII);
        byte[] cipher = BlockAlgorithm.TDES.encryptEcb(key, plain);
        assertEquals("a826fd8ce53b855fcce21c8112256fe668d5c05dd9b6b900", Hex.toHexString(cipher));
        assertArrayEquals(plain, BlockAlgorithm.TDES.decryptEcb(key, cipher));
    }

    @Test
    void tripleDesTwoKeyMatchesJdkDesede() throws Exception {
        byte[] key = Hex.decode("0123456789ABCDEFFEDCBA9876543210");
        byte[] plain = Hex.decode("00112233445566778899AABBCCDDEEFF");
        Cipher jdk = Cipher.getInstance("DESede/ECB/NoPadding", "SunJCE");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(JcaReference.twoToThreeKey(key), "DESede"));
        assertArrayEquals(jdk.doFinal(plain), BlockAlgorithm.TDES.encryptEcb(key, plain));
    }

    @Test
    void badKeyAndDataLengthsAreRefusedClearly() {
        CryptoException e = assertThrows(CryptoException.class, () -> BlockAlgorithm.SM4.encryptEcb(new byte[15], new byte[16]));
        assertEquals("SM4 key must be 16 bytes, got 15", e.getMessage());
        assertThrows(CryptoException.class, () -> BlockAlgorithm.TDES.encryptEcb(new byte[16], new byte[7]));
        assertThrows(CryptoException.class, () -> BlockAlgorithm.TDES.encryptCbc(new byte[16], new byte[16], new byte[8]));
    }

    @Test
    void kcvIsTheFirstThreeBytesOfTheEncryptedZeroBlock() throws Exception {
        byte[] tdesKey = Hex.decode("0123456789ABCDEFFEDCBA9876543210");
        assertArrayEquals(java.util.Arrays.copyOf(JcaReference.tdesEcb(tdesKey, new byte[8]), 3),
                BlockAlgorithm.TDES.kcv(tdesKey));
        assertArrayEquals(java.util.Arrays.copyOf(JcaReference.sm4Ecb(SM4_KEY, new byte[16]), 3),
                BlockAlgorithm.SM4.kcv(SM4_KEY));
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
