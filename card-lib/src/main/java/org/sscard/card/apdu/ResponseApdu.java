package org.sscard.card.apdu;

import java.util.Arrays;
import java.util.HexFormat;
import org.sscard.card.CardFormatException;

/** A response APDU: data and the status word. */
public final class ResponseApdu {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final byte[] data;
    private final StatusWord sw;

    private ResponseApdu(byte[] data, StatusWord sw) {
        this.data = data;
        this.sw = sw;
    }

    /** Parses response bytes; fewer than the two status bytes is a {@link CardFormatException}. */
    public static ResponseApdu of(byte[] response) {
        if (response == null || response.length < 2) {
            throw new CardFormatException("The card's answer is incomplete (" + (response == null ? 0 : response.length)
                    + " bytes, a status word needs 2). Check the card is inserted properly and try again.");
        }
        int n = response.length;
        return new ResponseApdu(Arrays.copyOf(response, n - 2), StatusWord.of(response[n - 2], response[n - 1]));
    }

    public static ResponseApdu of(byte[] data, StatusWord sw) {
        return new ResponseApdu(data.clone(), sw);
    }

    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    public StatusWord statusWord() {
        return sw;
    }

    /** The status word as an int, e.g. {@code 0x9000}. */
    public int sw() {
        return sw.value();
    }

    public int sw1() {
        return sw.sw1();
    }

    public int sw2() {
        return sw.sw2();
    }

    public boolean isOk() {
        return sw.isOk();
    }

    public byte[] toBytes() {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) sw.sw1();
        out[data.length + 1] = (byte) sw.sw2();
        return out;
    }

    @Override
    public String toString() {
        return (data.length == 0 ? "" : HEX.formatHex(data) + " ") + sw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu r && sw.equals(r.sw) && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return 31 * sw.hashCode() + Arrays.hashCode(data);
    }
}
