package org.sscard.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.macs.CBCBlockCipherMac;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The MACs the card uses, all with ISO/IEC 9797-1 padding method 2 ({@code 80 00 ...}, always added)
 * and an explicit IV.
 */
public final class Macs {
    public static final int CARD_MAC_LENGTH = 4;

    private Macs() {
    }

    /** ISO/IEC 9797-1 MAC algorithm 1 (CBC-MAC) with 3DES throughout; 8 bytes. */
    public static byte[] iso9797Alg1Tdes(byte[] key, byte[] iv, byte[] data) {
        return iso9797Alg1Tdes(key, iv, data, true);
    }

    /** With {@code method2} false: padding method 1 (zeros, none for whole blocks), for the standards' examples. */
    static byte[] iso9797Alg1Tdes(byte[] key, byte[] iv, byte[] data, boolean method2) {
        BlockAlgorithm.TDES.checkKey(key);
        return run(new CBCBlockCipherMac(new DESedeEngine(), 64, method2 ? new ISO7816d4Padding() : null),
                key, iv, 8, data);
    }

    /**
     * ISO/IEC 9797-1 MAC algorithm 3, the "retail MAC": single DES CBC under K1, the last block
     * decrypted under K2 and encrypted under K1 (or K3 for a three-key key); 8 bytes.
     */
    public static byte[] iso9797Alg3(byte[] key, byte[] iv, byte[] data) {
        return iso9797Alg3(key, iv, data, true);
    }

    static byte[] iso9797Alg3(byte[] key, byte[] iv, byte[] data, boolean method2) {
        BlockAlgorithm.TDES.checkKey(key);
        return run(new ISO9797Alg3Mac(new DESEngine(), 64, method2 ? new ISO7816d4Padding() : null),
                key, iv, 8, data);
    }

    /** SM4 CBC-MAC; 16 bytes. */
    public static byte[] sm4CbcMac(byte[] key, byte[] iv, byte[] data) {
        BlockAlgorithm.SM4.checkKey(key);
        return run(new CBCBlockCipherMac(new SM4Engine(), 128, new ISO7816d4Padding()), key, iv, 16, data);
    }

    /**
     * The 4-byte MAC the card checks and produces. 3DES cards: retail MAC with IV = the 8-byte
     * challenge. SM4 cards: CBC-MAC with IV = the 8-byte challenge followed by 8 zero bytes.
     * A null challenge means a zero IV.
     */
    public static byte[] cardMac(BlockAlgorithm alg, byte[] key, byte[] challenge, byte[] data) {
        byte[] iv = cardIv(alg, challenge);
        byte[] full = alg == BlockAlgorithm.SM4 ? sm4CbcMac(key, iv, data) : iso9797Alg3(key, iv, data);
        return truncate(full);
    }

    /** The IV the card uses for an algorithm and an 8-byte challenge (zero IV for null). */
    public static byte[] cardIv(BlockAlgorithm alg, byte[] challenge) {
        byte[] iv = new byte[alg.blockSize()];
        if (challenge != null) {
            if (challenge.length != 8) {
                throw new CryptoException("a card challenge is 8 bytes, got " + challenge.length);
            }
            System.arraycopy(challenge, 0, iv, 0, 8);
        }
        return iv;
    }

    public static byte[] truncate(byte[] mac) {
        return Arrays.copyOf(mac, CARD_MAC_LENGTH);
    }

    private static byte[] run(Mac mac, byte[] key, byte[] iv, int blockSize, byte[] data) {
        if (iv.length != blockSize) {
            throw new CryptoException("MAC IV must be " + blockSize + " bytes, got " + iv.length);
        }
        mac.init(new ParametersWithIV(new KeyParameter(key), iv));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
