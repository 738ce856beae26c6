package org.sscard.cardsim.applet;

import javacard.security.DESKey;
import javacard.security.KeyBuilder;
import javacardx.crypto.Cipher;

/** Two-key 3DES through the Java Card API; the retail MAC is single-DES CBC under K1 and a final 3DES step. */
final class TdesCipher extends CardCipher {
    private static final short BLOCK = 8;

    private final DESKey doubleKey;
    private final DESKey leftKey;
    private final DESKey rightKey;
    private final Cipher ecb;
    private final Cipher cbc;

    TdesCipher() {
        this(MAX_MAC_DATA);
    }

    TdesCipher(short maxMacData) {
        super(maxMacData);
        doubleKey = (DESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_DES_TRANSIENT_RESET, KeyBuilder.LENGTH_DES3_2KEY, false);
        leftKey = (DESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_DES_TRANSIENT_RESET, KeyBuilder.LENGTH_DES, false);
        rightKey = (DESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_DES_TRANSIENT_RESET, KeyBuilder.LENGTH_DES, false);
        ecb = Cipher.getInstance(Cipher.ALG_DES_ECB_NOPAD, false);
        cbc = Cipher.getInstance(Cipher.ALG_DES_CBC_NOPAD, false);
    }

    @Override
    byte algorithmId() {
        return ALG_TDES;
    }

    @Override
    short blockSize() {
        return BLOCK;
    }

    @Override
    void encryptEcb(byte[] key, short keyOff, byte[] in, short inOff, short len, byte[] out, short outOff) {
        doubleKey.setKey(key, keyOff);
        ecb.init(doubleKey, Cipher.MODE_ENCRYPT);
        ecb.doFinal(in, inOff, len, out, outOff);
    }

    @Override
    void decryptEcb(byte[] key, short keyOff, byte[] in, short inOff, short len, byte[] out, short outOff) {
        doubleKey.setKey(key, keyOff);
        ecb.init(doubleKey, Cipher.MODE_DECRYPT);
        ecb.doFinal(in, inOff, len, out, outOff);
    }

    @Override
    void macOverPadded(byte[] key, short keyOff, short padded, short chain) {
        leftKey.setKey(key, keyOff);
        rightKey.setKey(key, (short) (keyOff + BLOCK));
        cbc.init(leftKey, Cipher.MODE_ENCRYPT, macBuffer, chain, BLOCK);
        cbc.doFinal(macBuffer, (short) 0, padded, macBuffer, (short) 0);
        short last = (short) (padded - BLOCK);
        ecb.init(rightKey, Cipher.MODE_DECRYPT);
        ecb.doFinal(macBuffer, last, BLOCK, macBuffer, chain);
        ecb.init(leftKey, Cipher.MODE_ENCRYPT);
        ecb.doFinal(macBuffer, chain, BLOCK, macBuffer, chain);
    }
}
