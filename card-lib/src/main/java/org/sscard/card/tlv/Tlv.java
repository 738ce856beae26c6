package org.sscard.card.tlv;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.sscard.card.CardFormatException;

/**
 * One BER-style tag-length-value: tags of one to three bytes (e.g. {@code 9F0C}), lengths in the forms
 * {@code 0x..7F}, {@code 81 xx} and {@code 82 xx xx}. Parsing hostile input never reads past the buffer: a
 * truncated tag, length or value, or an indefinite or over-long length, is a {@link CardFormatException}.
 */
public final class Tlv {
    public static final int MAX_LENGTH = 0xFFFF;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final int tag;
    private final byte[] value;

    private Tlv(int tag, byte[] value) {
        this.tag = tag;
        this.value = value;
    }

    public static Tlv of(int tag, byte[] value) {
        checkTag(tag);
        if (value.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a TLV value is at most " + MAX_LENGTH + " bytes, got " + value.length);
        }
        return new Tlv(tag, value.clone());
    }

    /** A constructed TLV whose value is the encoding of {@code children}. */
    public static Tlv of(int tag, List<Tlv> children) {
        return of(tag, encodeAll(children));
    }

    /** Parses exactly one TLV; trailing bytes are an error. */
    public static Tlv parse(byte[] bytes) {
        List<Tlv> all = parseAll(bytes);
        if (all.size() != 1) {
            throw new CardFormatException("expected one TLV, found " + all.size());
        }
        return all.get(0);
    }

    /** Parses a sequence of TLVs that fills {@code bytes} exactly. */
    public static List<Tlv> parseAll(byte[] bytes) {
        List<Tlv> out = new ArrayList<>();
        int off = 0;
        while (off < bytes.length) {
            int tagStart = off;
            int first = bytes[off++] & 0xFF;
            int tag = first;
            if ((first & 0x1F) == 0x1F) {
                int more;
                do {
                    if (off >= bytes.length) {
                        throw truncated("tag", tagStart);
                    }
                    more = bytes[off++] & 0xFF;
                    tag = (tag << 8) | more;
                    if (off - tagStart > 3) {
                        throw new CardFormatException("TLV tag at offset " + tagStart + " is longer than 3 bytes");
                    }
                } while ((more & 0x80) != 0);
            }
            if (off >= bytes.length) {
                throw truncated("length", tagStart);
            }
            int lengthByte = bytes[off++] & 0xFF;
            int length;
            if (lengthByte < 0x80) {
                length = lengthByte;
            } else if (lengthByte == 0x81 || lengthByte == 0x82) {
                int n = lengthByte & 0x7F;
                if (off + n > bytes.length) {
                    throw truncated("length", tagStart);
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (bytes[off++] & 0xFF);
                }
            } else {
                throw new CardFormatException(String.format("TLV %s: length form %02X is not supported (1, 81 or 82 only)",
                        tagHex(tag), lengthByte));
            }
            if (length > bytes.length - off) {
                throw new CardFormatException("TLV " + tagHex(tag) + " declares " + length + " value bytes but only "
                        + (bytes.length - off) + " follow");
            }
            out.add(new Tlv(tag, Arrays.copyOfRange(bytes, off, off + length)));
            off += length;
        }
        return Collections.unmodifiableList(out);
    }

    /** The first TLV with {@code tag} in {@code list}, searching constructed TLVs' children depth-first. */
    public static Optional<Tlv> find(List<Tlv> list, int tag) {
        for (Tlv t : list) {
            if (t.tag == tag) {
                return Optional.of(t);
            }
            if (t.isConstructed()) {
                Optional<Tlv> inner = find(t.children(), tag);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    /** This TLV if it has {@code tag}, else the first descendant with it. */
    public Optional<Tlv> find(int wanted) {
        return find(List.of(this), wanted);
    }

    public static byte[] encodeAll(List<Tlv> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv t : list) {
            out.writeBytes(t.encode());
        }
        return out.toByteArray();
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.writeBytes(tagBytes(tag));
        if (value.length < 0x80) {
            out.write(value.length);
        } else if (value.length <= 0xFF) {
            out.write(0x81);
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >>> 8);
            out.write(value.length & 0xFF);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    public int tag() {
        return tag;
    }

    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Bit 6 of the first tag byte: the value is itself a sequence of TLVs. */
    public boolean isConstructed() {
        return (tagBytes(tag)[0] & 0x20) != 0;
    }

    /** The value parsed as TLVs (works for primitive-tagged containers such as {@code 9F0C} too). */
    public List<Tlv> children() {
        return parseAll(value);
    }

    public static String tagHex(int tag) {
        return HEX.formatHex(tagBytes(tag));
    }

    @Override
    public String toString() {
        return tagHex(tag) + " " + String.format("%02X", value.length) + " " + HEX.formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && t.tag == tag && Arrays.equals(t.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(value);
    }

    private static byte[] tagBytes(int tag) {
        if (tag <= 0xFF) {
            return new byte[] {(byte) tag};
        }
        if (tag <= 0xFFFF) {
            return new byte[] {(byte) (tag >>> 8), (byte) tag};
        }
        return new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 8), (byte) tag};
    }

    private static void checkTag(int tag) {
        if (tag < 0 || tag > 0xFFFFFF) {
            throw new IllegalArgumentException("a tag has 1 to 3 bytes, got " + tag);
        }
        byte[] b = tagBytes(tag);
        boolean multi = (b[0] & 0x1F) == 0x1F;
        if (multi != (b.length > 1)) {
            throw new IllegalArgumentException("tag " + tagHex(tag) + " is not a well-formed BER tag");
        }
        for (int i = 1; i < b.length; i++) {
            boolean last = i == b.length - 1;
            if (((b[i] & 0x80) != 0) == last) {
                throw new IllegalArgumentException("tag " + tagHex(tag) + " is not a well-formed BER tag");
            }
        }
    }

    private static CardFormatException truncated(String part, int offset) {
        return new CardFormatException("TLV at offset " + offset + " is truncated in its " + part);
    }
}
