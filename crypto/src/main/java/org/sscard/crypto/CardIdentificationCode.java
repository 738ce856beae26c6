package org.sscard.crypto;

import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;

/**
 * The card identification code (卡识别码, SSSE EF05 tag 01), 16 bytes: the issuing region's admin code
 * in BCD (3 bytes), the registered application provider id {@code D156000005} (5 bytes), and 8
 * chip-unique bytes, which are the card's diversification factor.
 */
public final class CardIdentificationCode {
    public static final int LENGTH = 16;
    static final byte[] RID = Hex.decode("D156000005");
    private final byte[] bytes;

    private CardIdentificationCode(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses and checks the structure; a malformed code is refused with the reason. */
    public static CardIdentificationCode of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new CryptoException("a card identification code is 16 bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
        String region = Hex.toHexString(bytes, 0, 3);
        if (!Regions.isAdminCode(region)) {
            throw new CryptoException("card identification code: region " + region.toUpperCase() + " is not BCD digits");
        }
        if (!Arrays.equals(Arrays.copyOfRange(bytes, 3, 8), RID)) {
            throw new CryptoException("card identification code: bytes 4-8 must be D156000005, got "
                    + Hex.toHexString(bytes, 3, 5).toUpperCase());
        }
        return new CardIdentificationCode(bytes.clone());
    }

    public static CardIdentificationCode ofHex(String hex) {
        try {
            return of(Hex.decode(hex.trim()));
        } catch (org.bouncycastle.util.encoders.DecoderException e) {
            throw new CryptoException("card identification code: not hexadecimal: '" + hex + "'");
        }
    }

    /** Builds one from a region code and 8 chip-unique bytes. */
    public static CardIdentificationCode of(String regionCode, byte[] chipUnique) {
        Regions.requireAdminCode(regionCode);
        if (chipUnique.length != 8) {
            throw new CryptoException("chip-unique part is 8 bytes, got " + chipUnique.length);
        }
        byte[] b = new byte[LENGTH];
        System.arraycopy(Hex.decode(regionCode), 0, b, 0, 3);
        System.arraycopy(RID, 0, b, 3, 5);
        System.arraycopy(chipUnique, 0, b, 8, 8);
        return new CardIdentificationCode(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The issuing region's admin code, e.g. {@code 440100}. */
    public String region() {
        return Hex.toHexString(bytes, 0, 3);
    }

    public String cityRegion() {
        return Regions.cityOf(region());
    }

    public String provinceRegion() {
        return Regions.provinceOf(region());
    }

    /** The card's diversification factor: the last 8 bytes. */
    public byte[] diversificationFactor() {
        return Arrays.copyOfRange(bytes, 8, 16);
    }

    public String hex() {
        return Hex.toHexString(bytes).toUpperCase();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardIdentificationCode && Arrays.equals(bytes, ((CardIdentificationCode) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
