package org.sscard.cardsim.applet;

/** SM4 with the applet's own block implementation; the MAC is a plain CBC-MAC. */
final class Sm4Cipher extends CardCipher {
    private final Sm4 sm4 = new Sm4();

    Sm4Cipher() {
        this(MAX_MAC_DATA);
    }

    Sm4Cipher(short maxMacData) {
        super(maxMacData);
    }

    @Override
    byte algorithmId() {
        return ALG_SM4;
    }

    @Override
    short blockSize() {
        return Sm4.BLOCK;
    }

    @Override
    void encryptEcb(byte[] key, short keyOff, byte[] in, short inOff, short len, byte[] out, short outOff) {
        sm4.setKey(key, keyOff);
        for (short off = 0; off < len; off += Sm4.BLOCK) {
            sm4.crypt(false, in, (short) (inOff + off), out, (short) (outOff + off));
        }
    }

    @Override
    void decryptEcb(byte[] key, short keyOff, byte[] in, short inOff, short len, byte[] out, short outOff) {
        sm4.setKey(key, keyOff);
        for (short off = 0; off < len; off += Sm4.BLOCK) {
            sm4.crypt(true, in, (short) (inOff + off), out, (short) (outOff + off));
        }
    }

    @Override
    void macOverPadded(byte[] key, short keyOff, short padded, short chain) {
        sm4.setKey(key, keyOff);
        for (short off = 0; off < padded; off += Sm4.BLOCK) {
            for (short i = 0; i < Sm4.BLOCK; i++) {
                macBuffer[(short) (chain + i)] ^= macBuffer[(short) (off + i)];
            }
            sm4.crypt(false, macBuffer, chain, macBuffer, chain);
        }
    }
}
