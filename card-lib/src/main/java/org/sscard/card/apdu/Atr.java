package org.sscard.card.apdu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.sscard.card.CardFormatException;

/**
 * An answer to reset (ISO 7816-3 §8.2): TS, T0 (Y1 and K), the interface bytes TA/TB/TC/TD in chains,
 * K historical bytes, and TCK when a protocol other than T=0 is indicated. {@link #parse} refuses an
 * ATR that is short, has bytes past its end, or a wrong TCK.
 */
public final class Atr {
    private static final int TS_DIRECT = 0x3B;
    private static final int TS_INVERSE = 0x3F;
    private static final int MAX_LENGTH = 33;

    private final byte[] bytes;
    private final byte[] historicalBytes;
    private final List<Integer> protocols;

    private Atr(byte[] bytes, byte[] historicalBytes, List<Integer> protocols) {
        this.bytes = bytes;
        this.historicalBytes = historicalBytes;
        this.protocols = protocols;
    }

    public static Atr parse(byte[] atr) {
        if (atr.length < 2) {
            throw malformed(atr, "it has " + atr.length + " bytes, at least TS and T0 are needed");
        }
        if (atr.length > MAX_LENGTH) {
            throw malformed(atr, "it has " + atr.length + " bytes, at most " + MAX_LENGTH + " are allowed");
        }
        int ts = atr[0] & 0xFF;
        if (ts != TS_DIRECT && ts != TS_INVERSE) {
            throw malformed(atr, String.format("TS is %02X, not 3B or 3F", ts));
        }
        int t0 = atr[1] & 0xFF;
        int historicalLength = t0 & 0x0F;
        int indicator = t0 >>> 4;
        int at = 2;
        List<Integer> protocols = new ArrayList<>();
        boolean tck = false;
        while (true) {
            at += Integer.bitCount(indicator & 0x07);
            if ((indicator & 0x08) == 0) {
                break;
            }
            if (at >= atr.length) {
                throw malformed(atr, "it ends inside its interface bytes");
            }
            int td = atr[at++] & 0xFF;
            int protocol = td & 0x0F;
            protocols.add(protocol);
            tck |= protocol != 0;
            indicator = td >>> 4;
        }
        if (protocols.isEmpty()) {
            protocols.add(0);
        }
        int end = at + historicalLength + (tck ? 1 : 0);
        if (atr.length < end) {
            throw malformed(atr, "it ends before its " + historicalLength + " historical bytes" + (tck ? " and TCK" : ""));
        }
        if (atr.length > end) {
            throw malformed(atr, (atr.length - end) + " bytes follow its last " + (tck ? "byte (TCK)" : "historical byte"));
        }
        if (tck) {
            int check = 0;
            for (int i = 1; i < atr.length; i++) {
                check ^= atr[i] & 0xFF;
            }
            if (check != 0) {
                throw malformed(atr, "its TCK does not check");
            }
        }
        return new Atr(atr.clone(), Arrays.copyOfRange(atr, at, at + historicalLength), List.copyOf(protocols));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The card's historical bytes (up to 15; may be empty). */
    public byte[] historicalBytes() {
        return historicalBytes.clone();
    }

    /** The protocols the TD bytes indicate, in order (T=0 when there is no TD). */
    public List<Integer> protocols() {
        return protocols;
    }

    private static CardFormatException malformed(byte[] atr, String why) {
        return new CardFormatException("The card's answer to reset " + HexFormat.of().withUpperCase().formatHex(atr)
                + " is malformed: " + why);
    }
}
