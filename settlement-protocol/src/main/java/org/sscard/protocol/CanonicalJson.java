package org.sscard.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical form that message signatures cover (docs/settlement-protocol.md, "Canonical form"):
 * the top-level object without its {@code cainfo} member; object members sorted by the UTF-8 bytes of
 * their names, recursively; array order kept; no whitespace; strings with the minimal escapes; numbers,
 * {@code true}, {@code false} and {@code null} exactly as they appear on the wire; encoded in UTF-8.
 */
public final class CanonicalJson {
    public static final String SIGNATURE_MEMBER = "cainfo";

    private CanonicalJson() {
    }

    /** The canonical form of a message body, without its top-level {@code cainfo}. */
    public static byte[] of(byte[] body) {
        return split(body).canonical();
    }

    /**
     * A body's canonical form and its top-level {@code cainfo} as read: {@code null} when absent or JSON
     * {@code null}, a {@link String} when it is text, some other object when it has another type.
     */
    record Signed(byte[] canonical, Object cainfo) {
    }

    /** The canonical form and the signature member in one pass over the body. */
    static Signed split(byte[] body) {
        String text = Json.utf8(body);
        try (JsonParser p = Json.FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new ProtocolException(InfCode.VALIDATION, "message: must be a JSON object");
            }
            Map<String, Object> root = readObject(p);
            if (p.nextToken() != null) {
                throw new ProtocolException(InfCode.VALIDATION, "message: content after the JSON object");
            }
            Object cainfo = root.remove(SIGNATURE_MEMBER);
            StringBuilder out = new StringBuilder(text.length());
            write(root, out);
            return new Signed(out.toString().getBytes(StandardCharsets.UTF_8), cainfo == NULL ? null : cainfo);
        } catch (JacksonException e) {
            throw JsonErrors.translate(e, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number as its wire text, kept apart from strings. */
    private record RawNumber(String text) {
    }

    private static final Object NULL = new Object();

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> members = new TreeMap<>(CanonicalJson::compareAsUtf8);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            members.put(name, readValue(p));
        }
        return members;
    }

    /**
     * Orders names as their UTF-8 bytes would order: UTF-8 keeps code point order, so comparing code points
     * gives the same result without encoding (plain {@code String.compareTo} would not: it puts
     * supplementary characters, as surrogate pairs, before U+E000..U+FFFF).
     */
    static int compareAsUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY:
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p));
                }
                return items;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new RawNumber(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new ProtocolException(InfCode.VALIDATION, "message: not valid JSON");
        }
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString((String) e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof RawNumber n) {
            out.append(n.text());
        } else if (value == NULL) {
            out.append("null");
        } else {
            out.append(value.toString());
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new ProtocolException(InfCode.VALIDATION, "message: a string holds an unpaired surrogate");
                }
                out.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isLowSurrogate(c)) {
                throw new ProtocolException(InfCode.VALIDATION, "message: a string holds an unpaired surrogate");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
