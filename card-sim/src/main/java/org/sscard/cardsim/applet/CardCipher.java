package org.sscard.cardsim.applet;

import javacard.framework.JCSystem;
import javacard.framework.Util;

/**
 * The card's block algorithm, chosen at install: ECB over whole blocks and the 4-byte card MAC
 * (ISO/IEC 9797-1 padding method 2; 3DES: retail MAC with IV = challenge; SM4: CBC-MAC with
 * IV = challenge followed by zeros). Keys are 16 bytes, passed by reference to where they are stored.
 */
abstract class CardCipher {
    static final byte ALG_TDES = 0x01;
    static final byte ALG_SM4 = 0x03;
    static final short MAC_LENGTH = 4;
    static final short MAX_MAC_DATA = 96;

    /** Padded MAC input, then the running chain value. */
    protected final byte[] macBuffer;

    /** {@code maxMacData}: the longest MAC input this instance accepts. */
    protected CardCipher(short maxMacData) {
        macBuffer = JCSystem.makeTransientByteArray((short) (maxMacData + 32), JCSystem.CLEAR_ON_RESET);
    }

    static CardCipher forAlgorithm(byte algorithmId) {
        return forAlgorithm(algorithmId, MAX_MAC_DATA);
    }

    static CardCipher forAlgorithm(byte algorithmId, short maxMacData) {
        if (algorithmId == ALG_TDES) {
            return new TdesCipher(maxMacData);
        }
        if (algorithmId == ALG_SM4) {
            return new Sm4Cipher(maxMacData);
        }
        return null;
    }

    abstract byte algorithmId();

    abstract short blockSize();

    abstract void encryptEcb(byte[] key, short keyOff, byte[] in, short inOff, short len, byte[] out, short outOff);

    abstract void decryptEcb(byte[] key, short keyOff, byte[] in, short inOff, short len, byte[] out, short outOff);

    /**
     * Writes the 4-byte MAC of {@code data} to {@code out}. {@code challenge} is the 8-byte IV start, or
     * null for a zero IV. At most the {@code maxMacData} given at construction.
     */
    final void mac(byte[] key, short keyOff, byte[] challenge, short challengeOff,
                   byte[] data, short dataOff, short dataLen, byte[] out, short outOff) {
        short block = blockSize();
        Util.arrayCopyNonAtomic(data, dataOff, macBuffer, (short) 0, dataLen);
        short padded = (short) (((short) (dataLen / block) + 1) * block);
        Util.arrayFillNonAtomic(macBuffer, dataLen, (short) (padded - dataLen), (byte) 0);
        macBuffer[dataLen] = (byte) 0x80;
        short chain = padded;
        Util.arrayFillNonAtomic(macBuffer, chain, block, (byte) 0);
        if (challenge != null) {
            Util.arrayCopyNonAtomic(challenge, challengeOff, macBuffer, chain, (short) 8);
        }
        macOverPadded(key, keyOff, padded, chain);
        Util.arrayCopyNonAtomic(macBuffer, chain, out, outOff, MAC_LENGTH);
    }

    /** Runs the MAC over macBuffer[0, padded) with the IV at macBuffer[chain]; leaves the result there. */
    abstract void macOverPadded(byte[] key, short keyOff, short padded, short chain);
}
