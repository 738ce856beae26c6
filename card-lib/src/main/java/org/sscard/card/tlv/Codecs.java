package org.sscard.card.tlv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.sscard.card.CardFormatException;

/**
 * The record encodings of the card: {@code cn} (BCD digits, left-aligned, F-padded), {@code an} (ASCII
 * text, 00-padded), GBK names (00-padded), 4-byte unsigned big-endian amounts in fen, and dates
 * {@code yyyyMMdd} / date-times {@code yyyyMMddHHmmss} in {@code cn}. Decoding what a card sent never
 * throws anything but {@link CardFormatException}, naming the field; encoding refuses bad input with
 * {@link IllegalArgumentException}.
 */
public final class Codecs {
    public static final Charset GBK = Charset.forName("GBK");

    private Codecs() {
    }

    /** The digits of a {@code cn} field; digits after the first F pad nibble, or nibbles A-E, are refused. */
    public static String decodeCn(byte[] value, String field) {
        StringBuilder digits = new StringBuilder(value.length * 2);
        boolean padding = false;
        for (byte b : value) {
            for (int nibble : new int[] {(b >> 4) & 0x0F, b & 0x0F}) {
                if (nibble == 0x0F) {
                    padding = true;
                } else if (nibble > 9) {
                    throw new CardFormatException(field + ": invalid BCD digit " + Integer.toHexString(nibble).toUpperCase());
                } else if (padding) {
                    throw new CardFormatException(field + ": a digit follows the F padding");
                } else {
                    digits.append((char) ('0' + nibble));
                }
            }
        }
        return digits.toString();
    }

    /** {@code digits} in {@code length} bytes of BCD, left-aligned, padded with F. */
    public static byte[] encodeCn(String digits, int length, String field) {
        if (digits.length() > length * 2) {
            throw new IllegalArgumentException(field + ": at most " + length * 2 + " digits, got " + digits.length());
        }
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) 0xFF);
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(field + ": digits only, got '" + c + "'");
            }
            int shift = i % 2 == 0 ? 4 : 0;
            out[i / 2] = (byte) ((out[i / 2] & ~(0x0F << shift)) | ((c - '0') << shift));
        }
        return out;
    }

    /** An {@code an} field: printable ASCII, trailing 00 padding removed; 00 inside the text is refused. */
    public static String decodeAn(byte[] value, String field) {
        int end = trimmedLength(value);
        for (int i = 0; i < end; i++) {
            int c = value[i] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                throw new CardFormatException(String.format("%s: byte %02X at position %d is not printable text", field, c, i + 1));
            }
        }
        return new String(value, 0, end, StandardCharsets.US_ASCII);
    }

    public static byte[] encodeAn(String text, int length, String field) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(field + ": printable ASCII only");
            }
        }
        if (text.length() > length) {
            throw new IllegalArgumentException(field + ": at most " + length + " characters, got " + text.length());
        }
        return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), length);
    }

    /** GBK text with trailing 00 padding removed; bytes that are not GBK are refused. */
    public static String decodeGbk(byte[] value, String field) {
        int end = trimmedLength(value);
        CharsetDecoder decoder = GBK.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(value, 0, end)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new CardFormatException(field + ": 00 byte inside the text");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new CardFormatException(field + ": the bytes are not valid GBK text", e);
        }
    }

    /** {@code text} in GBK; refused if a character has no GBK form. */
    public static byte[] encodeGbk(String text, String field) {
        CharsetEncoder encoder = GBK.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = encoder.encode(CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + ": contains a character that cannot be written in GBK", e);
        }
    }

    /** A 4-byte unsigned big-endian amount in fen. */
    public static long decodeAmount(byte[] value, String field) {
        return decodeUnsigned(value, 4, field);
    }

    public static byte[] encodeAmount(long fen, String field) {
        return encodeUnsigned(fen, 4, field);
    }

    /** An unsigned big-endian integer of exactly {@code length} bytes (1 to 4). */
    public static long decodeUnsigned(byte[] value, int length, String field) {
        requireLength(value, length, field);
        long v = 0;
        for (byte b : value) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    public static byte[] encodeUnsigned(long value, int length, String field) {
        if (value < 0 || (length < 8 && value >>> (8 * length) != 0)) {
            throw new IllegalArgumentException(field + ": " + value + " does not fit in " + length + " unsigned bytes");
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[length - 1 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    /** A date in {@code cn} 4 bytes, {@code yyyyMMdd}. */
    public static LocalDate decodeDate(byte[] value, String field) {
        requireLength(value, 4, field);
        String d = decodeCn(value, field);
        if (d.length() != 8) {
            throw new CardFormatException(field + ": a date has 8 digits, got '" + d + "'");
        }
        try {
            return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)));
        } catch (DateTimeException e) {
            throw new CardFormatException(field + ": " + d + " is not a calendar date", e);
        }
    }

    public static byte[] encodeDate(LocalDate date, String field) {
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            throw new IllegalArgumentException(field + ": year must have 4 digits");
        }
        return encodeCn(String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth()), 4, field);
    }

    /** A date-time in {@code cn} 7 bytes, {@code yyyyMMddHHmmss}. */
    public static LocalDateTime decodeDateTime(byte[] value, String field) {
        requireLength(value, 7, field);
        String d = decodeCn(value, field);
        if (d.length() != 14) {
            throw new CardFormatException(field + ": a date-time has 14 digits, got '" + d + "'");
        }
        try {
            return LocalDateTime.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)), Integer.parseInt(d.substring(8, 10)),
                    Integer.parseInt(d.substring(10, 12)), Integer.parseInt(d.substring(12, 14)));
        } catch (DateTimeException e) {
            throw new CardFormatException(field + ": " + d + " is not a valid date and time", e);
        }
    }

    public static byte[] encodeDateTime(LocalDateTime t, String field) {
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            throw new IllegalArgumentException(field + ": year must have 4 digits");
        }
        return encodeCn(String.format("%04d%02d%02d%02d%02d%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()), 7, field);
    }

    /** Left-aligns {@code value} in {@code length} bytes padded with 00; refused if longer. */
    public static byte[] pad(byte[] value, int length, String field) {
        if (value.length > length) {
            throw new IllegalArgumentException(field + ": at most " + length + " bytes, got " + value.length);
        }
        return Arrays.copyOf(value, length);
    }

    private static int trimmedLength(byte[] value) {
        int end = value.length;
        while (end > 0 && value[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static void requireLength(byte[] value, int length, String field) {
        if (value.length != length) {
            throw new CardFormatException(field + ": expected " + length + " bytes, got " + value.length);
        }
    }
}
