package org.sscard.cardsim.applet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.licel.jcardsim.smartcardio.CardSimulator;
import java.util.Random;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.Macs;

class Sm4Test {
    @BeforeAll
    static void javaCardRuntime() {
        new CardSimulator();
    }

    @Test
    void standardVectorOfGbT32907() {
        byte[] key = Hex.decode("0123456789abcdeffedcba9876543210");
        Sm4 sm4 = new Sm4();
        sm4.setKey(key, (short) 0);
        byte[] block = key.clone();
        sm4.crypt(false, block, (short) 0, block, (short) 0);
        assertArrayEquals(Hex.decode("681edf34d206965e86b3e94f536e4246"), block);
        sm4.crypt(true, block, (short) 0, block, (short) 0);
        assertArrayEquals(key, block);
    }

    @Test
    void ecbAndCardMacMatchTheCryptoModuleOnRandomData() {
        Random random = new Random(32907);
        Sm4Cipher cipher = new Sm4Cipher();
        for (int round = 0; round < 200; round++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            byte[] data = new byte[16 * (1 + random.nextInt(4))];
            random.nextBytes(data);
            byte[] out = new byte[data.length];
            cipher.encryptEcb(key, (short) 0, data, (short) 0, (short) data.length, out, (short) 0);
            assertArrayEquals(BlockAlgorithm.SM4.encryptEcb(key, data), out);
            byte[] back = new byte[data.length];
            cipher.decryptEcb(key, (short) 0, out, (short) 0, (short) out.length, back, (short) 0);
            assertArrayEquals(data, back);

            byte[] macData = new byte[random.nextInt(CardCipher.MAX_MAC_DATA + 1)];
            random.nextBytes(macData);
            byte[] challenge = new byte[8];
            random.nextBytes(challenge);
            byte[] mac = new byte[4];
            cipher.mac(key, (short) 0, challenge, (short) 0, macData, (short) 0, (short) macData.length, mac, (short) 0);
            assertArrayEquals(Macs.cardMac(BlockAlgorithm.SM4, key, challenge, macData), mac);
            cipher.mac(key, (short) 0, null, (short) 0, macData, (short) 0, (short) macData.length, mac, (short) 0);
            assertArrayEquals(Macs.cardMac(BlockAlgorithm.SM4, key, null, macData), mac);
        }
    }

    @Test
    void tdesEcbAndRetailMacMatchTheCryptoModuleOnRandomData() {
        Random random = new Random(9797);
        TdesCipher cipher = new TdesCipher();
        for (int round = 0; round < 200; round++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            byte[] data = new byte[8 * (1 + random.nextInt(4))];
            random.nextBytes(data);
            byte[] out = new byte[data.length];
            cipher.encryptEcb(key, (short) 0, data, (short) 0, (short) data.length, out, (short) 0);
            assertArrayEquals(BlockAlgorithm.TDES.encryptEcb(key, data), out);
            byte[] back = new byte[data.length];
            cipher.decryptEcb(key, (short) 0, out, (short) 0, (short) out.length, back, (short) 0);
            assertArrayEquals(data, back);

            byte[] macData = new byte[random.nextInt(CardCipher.MAX_MAC_DATA + 1)];
            random.nextBytes(macData);
            byte[] challenge = new byte[8];
            random.nextBytes(challenge);
            byte[] mac = new byte[4];
            cipher.mac(key, (short) 0, challenge, (short) 0, macData, (short) 0, (short) macData.length, mac, (short) 0);
            assertArrayEquals(Macs.cardMac(BlockAlgorithm.TDES, key, challenge, macData), mac);
        }
    }
}
