package org.sscard.crypto;

import java.security.SecureRandom;
import org.bouncycastle.util.encoders.Hex;

/**
 * One custodian's share of a master key. The key is the XOR of two or more components held by
 * different custodians; each component travels with its own KCV so it can be checked as it is entered.
 */
public final class KeyComponent {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final BlockAlgorithm algorithm;
    private final byte[] value;

    private KeyComponent(BlockAlgorithm algorithm, byte[] value) {
        this.algorithm = algorithm;
        this.value = value;
    }

    public static KeyComponent generate(BlockAlgorithm algorithm) {
        byte[] value = new byte[algorithm.keyLength()];
        RANDOM.nextBytes(value);
        return new KeyComponent(algorithm, value);
    }

    /** A component as a custodian enters it; its KCV must match the one written down with it. */
    public static KeyComponent entered(BlockAlgorithm algorithm, String hex, String expectedKcvHex) {
        return entered(algorithm, hex.toCharArray(), expectedKcvHex);
    }

    /** As {@link #entered(BlockAlgorithm, String, String)}, from characters the caller wipes (no String copy). */
    public static KeyComponent entered(BlockAlgorithm algorithm, char[] hex, String expectedKcvHex) {
        byte[] value = decodeHex(hex);
        if (value.length != algorithm.keyLength()) {
            throw new CryptoException("a " + algorithm.displayName() + " component is " + algorithm.keyLength()
                    + " bytes (" + algorithm.keyLength() * 2 + " hex digits), got " + value.length);
        }
        KeyComponent component = new KeyComponent(algorithm, value);
        String kcv = component.kcvHex();
        if (!kcv.equalsIgnoreCase(expectedKcvHex.replace(" ", "").trim())) {
            component.wipe();
            throw new CryptoException("component KCV mismatch: the component as entered has KCV " + kcv
                    + ", not " + expectedKcvHex.trim().toUpperCase() + "; re-enter it");
        }
        return component;
    }

    private static byte[] decodeHex(char[] hex) {
        int digits = 0;
        for (char c : hex) {
            if (Character.digit(c, 16) >= 0) {
                digits++;
            } else if (c != ' ') {
                throw new CryptoException("the component is not hexadecimal");
            }
        }
        if (digits % 2 != 0) {
            throw new CryptoException("the component has an odd number of hex digits");
        }
        byte[] out = new byte[digits / 2];
        int n = 0;
        for (char c : hex) {
            int d = Character.digit(c, 16);
            if (d >= 0) {
                out[n / 2] |= (byte) (n % 2 == 0 ? d << 4 : d);
                n++;
            }
        }
        return out;
    }

    public BlockAlgorithm algorithm() {
        return algorithm;
    }

    public String kcvHex() {
        return Hex.toHexString(algorithm.kcv(value)).toUpperCase();
    }

    /** The component's hex, shown once to its custodian when it is generated. */
    public String revealHex() {
        return Hex.toHexString(value).toUpperCase();
    }

    byte[] value() {
        return value;
    }

    public void wipe() {
        java.util.Arrays.fill(value, (byte) 0);
    }
}
