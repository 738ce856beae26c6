package org.sscard.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The two card algorithms: 3DES (second-generation cards, algorithm id 01) and SM4 (third-generation
 * cards, algorithm id 03). Both use 16-byte keys on the card; 3DES also accepts 24-byte three-key keys.
 */
public enum BlockAlgorithm {
    TDES("3DES", 8, 0x01),
    SM4("SM4", 16, 0x03);

    private final String displayName;
    private final int blockSize;
    private final int cardAlgorithmId;

    BlockAlgorithm(String displayName, int blockSize, int cardAlgorithmId) {
        this.displayName = displayName;
        this.blockSize = blockSize;
        this.cardAlgorithmId = cardAlgorithmId;
    }

    public String displayName() {
        return displayName;
    }

    public int blockSize() {
        return blockSize;
    }

    /** The value the card's FCI carries in {@code 9F0C 03 86 01 xx}. */
    public int cardAlgorithmId() {
        return cardAlgorithmId;
    }

    /** The length of the keys this project uses for the algorithm (two-key 3DES, SM4). */
    public int keyLength() {
        return 16;
    }

    public static BlockAlgorithm fromCardAlgorithmId(int id) {
        for (BlockAlgorithm alg : values()) {
            if (alg.cardAlgorithmId == id) {
                return alg;
            }
        }
        throw new CryptoException(String.format("unknown card algorithm id %02X (expected 01 for 3DES or 03 for SM4)", id));
    }

    /** Parses "SM4", "3DES" (also "TDES", "DES3"), case-insensitive. */
    public static BlockAlgorithm parse(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT);
        switch (n) {
            case "SM4":
                return SM4;
            case "3DES":
            case "TDES":
            case "DES3":
            case "DESEDE":
                return TDES;
            default:
                throw new CryptoException("unknown algorithm '" + name + "' (expected SM4 or 3DES)");
        }
    }

    void checkKey(byte[] key) {
        boolean ok = this == SM4 ? key.length == 16 : key.length == 16 || key.length == 24;
        if (!ok) {
            throw new CryptoException(displayName + " key must be " + (this == SM4 ? "16" : "16 or 24")
                    + " bytes, got " + key.length);
        }
    }

    BlockCipher engine(boolean encrypt, byte[] key) {
        checkKey(key);
        BlockCipher engine = this == SM4 ? new SM4Engine() : new DESedeEngine();
        engine.init(encrypt, new KeyParameter(key));
        return engine;
    }

    /** ECB over whole blocks, no padding. */
    public byte[] encryptEcb(byte[] key, byte[] data) {
        return ecb(true, key, data);
    }

    public byte[] decryptEcb(byte[] key, byte[] data) {
        return ecb(false, key, data);
    }

    private byte[] ecb(boolean encrypt, byte[] key, byte[] data) {
        checkWholeBlocks(data);
        BlockCipher engine = engine(encrypt, key);
        byte[] out = new byte[data.length];
        for (int off = 0; off < data.length; off += blockSize) {
            engine.processBlock(data, off, out, off);
        }
        return out;
    }

    /** CBC over whole blocks, no padding, explicit IV. */
    public byte[] encryptCbc(byte[] key, byte[] iv, byte[] data) {
        checkWholeBlocks(data);
        checkIv(iv);
        BlockCipher engine = engine(true, key);
        byte[] out = new byte[data.length];
        byte[] chain = iv.clone();
        for (int off = 0; off < data.length; off += blockSize) {
            for (int i = 0; i < blockSize; i++) {
                chain[i] ^= data[off + i];
            }
            engine.processBlock(chain, 0, out, off);
            System.arraycopy(out, off, chain, 0, blockSize);
        }
        return out;
    }

    public byte[] decryptCbc(byte[] key, byte[] iv, byte[] data) {
        checkWholeBlocks(data);
        checkIv(iv);
        BlockCipher engine = engine(false, key);
        byte[] out = new byte[data.length];
        byte[] chain = iv.clone();
        for (int off = 0; off < data.length; off += blockSize) {
            engine.processBlock(data, off, out, off);
            for (int i = 0; i < blockSize; i++) {
                out[off + i] ^= chain[i];
            }
            System.arraycopy(data, off, chain, 0, blockSize);
        }
        return out;
    }

    /** Key check value: the first 3 bytes of ENC(key, zero block). */
    public byte[] kcv(byte[] key) {
        return Arrays.copyOf(encryptEcb(key, new byte[blockSize]), 3);
    }

    /**
     * One level of key diversification with an 8-byte factor F.
     * 3DES: {@code ENC(parent, F) || ENC(parent, ~F)}; SM4: {@code ENC(parent, F || ~F)}.
     */
    public byte[] diversify(byte[] parent, byte[] factor) {
        if (factor.length != 8) {
            throw new CryptoException("a diversification factor is 8 bytes, got " + factor.length);
        }
        byte[] both = new byte[16];
        System.arraycopy(factor, 0, both, 0, 8);
        for (int i = 0; i < 8; i++) {
            both[8 + i] = (byte) ~factor[i];
        }
        return encryptEcb(parent, both);
    }

    private void checkWholeBlocks(byte[] data) {
        if (data.length % blockSize != 0) {
            throw new CryptoException(displayName + " data must be a whole number of " + blockSize
                    + "-byte blocks, got " + data.length + " bytes");
        }
    }

    private void checkIv(byte[] iv) {
        if (iv.length != blockSize) {
            throw new CryptoException(displayName + " IV must be " + blockSize + " bytes, got " + iv.length);
        }
    }
}
