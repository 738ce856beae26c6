package org.sscard.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The card-side formulas, over a card key already derived (one card, one key). Security modules call
 * these inside; the card simulator implements the same formulas in applet code.
 * <ul>
 * <li>Authentication blocks: the 8-byte challenge or data, followed by 8 zero bytes on SM4 cards.</li>
 * <li>External authentication: {@code ENC_ECB(K_ext, block(challenge))}.</li>
 * <li>Internal authentication: {@code ENC_ECB(K_int, block(data))}.</li>
 * <li>PIN block: {@code len || BCD digits (F-padded)}, padded with method 2 to whole blocks, ECB-encrypted.</li>
 * <li>Debit session key: one diversification step of the card's debit key with
 *     {@link DebitData#sessionFactor()}; MAC1 and MAC2 under it with a zero IV; the TAC under the
 *     card's debit key itself with a zero IV.</li>
 * </ul>
 */
public final class CardCryptograms {
    private static final byte[] BLIND_INDEX_LABEL = "sscard blind index v1".getBytes(StandardCharsets.US_ASCII);

    private CardCryptograms() {
    }

    public static byte[] authBlock(BlockAlgorithm alg, byte[] eightBytes) {
        if (eightBytes.length != 8) {
            throw new CryptoException("authentication data is 8 bytes, got " + eightBytes.length);
        }
        return Arrays.copyOf(eightBytes, alg.blockSize());
    }

    public static byte[] authCryptogram(BlockAlgorithm alg, byte[] cardKey, byte[] eightBytes) {
        return alg.encryptEcb(cardKey, authBlock(alg, eightBytes));
    }

    public static byte[] pinBlock(BlockAlgorithm alg, char[] pin) {
        if (pin.length < 4 || pin.length > 12) {
            throw new CryptoException("a PIN has 4 to 12 digits, got " + pin.length);
        }
        int bcdLength = (pin.length + 1) / 2;
        int plainLength = 1 + bcdLength + 1;
        int padded = ((plainLength + alg.blockSize() - 1) / alg.blockSize()) * alg.blockSize();
        byte[] block = new byte[padded];
        block[0] = (byte) pin.length;
        byte[] bcd = pinBcd(pin);
        System.arraycopy(bcd, 0, block, 1, bcd.length);
        Arrays.fill(bcd, (byte) 0);
        block[1 + bcdLength] = (byte) 0x80;
        return block;
    }

    /** PIN digits as BCD, left-aligned, padded with F. */
    public static byte[] pinBcd(char[] pin) {
        byte[] out = new byte[(pin.length + 1) / 2];
        Arrays.fill(out, (byte) 0xFF);
        for (int i = 0; i < pin.length; i++) {
            char c = pin[i];
            if (c < '0' || c > '9') {
                throw new CryptoException("a PIN has digits only");
            }
            int shift = i % 2 == 0 ? 4 : 0;
            out[i / 2] = (byte) ((out[i / 2] & ~(0x0F << shift)) | ((c - '0') << shift));
        }
        return out;
    }

    public static byte[] encryptPinBlock(BlockAlgorithm alg, byte[] cardKey, char[] pin) {
        byte[] block = pinBlock(alg, pin);
        try {
            return alg.encryptEcb(cardKey, block);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    public static byte[] debitSessionKey(BlockAlgorithm alg, byte[] cardDebitKey, DebitData debit) {
        return alg.diversify(cardDebitKey, debit.sessionFactor());
    }

    public static byte[] mac1(BlockAlgorithm alg, byte[] cardDebitKey, DebitData debit) {
        return Macs.cardMac(alg, debitSessionKey(alg, cardDebitKey, debit), null, debit.mac1Input());
    }

    public static byte[] mac2(BlockAlgorithm alg, byte[] cardDebitKey, DebitData debit) {
        return Macs.cardMac(alg, debitSessionKey(alg, cardDebitKey, debit), null, debit.mac2Input());
    }

    public static byte[] tac(BlockAlgorithm alg, byte[] cardDebitKey, DebitData debit) {
        return Macs.cardMac(alg, cardDebitKey, null, debit.tacInput());
    }

    static byte[] blindIndex(byte[] dataKey, byte[] value) {
        byte[] indexKey = Sm3.hmac(dataKey, BLIND_INDEX_LABEL);
        try {
            return Sm3.hmac(indexKey, value);
        } finally {
            Arrays.fill(indexKey, (byte) 0);
        }
    }
}
