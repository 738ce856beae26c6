package org.sscard.cardsim;

import java.util.Arrays;
import java.util.HexFormat;

/** A response APDU split into data and status word. */
record Response(byte[] data, int sw) {
    static Response of(byte[] raw) {
        int sw = ((raw[raw.length - 2] & 0xFF) << 8) | (raw[raw.length - 1] & 0xFF);
        return new Response(Arrays.copyOf(raw, raw.length - 2), sw);
    }

    @Override
    public String toString() {
        return HexFormat.of().withUpperCase().formatHex(data) + " " + String.format("%04X", sw);
    }
}
