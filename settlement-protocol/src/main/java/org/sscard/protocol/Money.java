package org.sscard.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * An amount of money in integer fen (分). On the wire it is a JSON number with exactly two decimals
 * ({@code 12.30}, {@code -0.05}); reading accepts 0–2 decimals, no exponent, no leading zeros, and
 * at most {@link #MAX_FEN} in absolute value. Arithmetic is exact and fails on overflow.
 */
@JsonSerialize(using = Money.Serializer.class)
@JsonDeserialize(using = Money.Deserializer.class)
public record Money(long fen) implements Comparable<Money> {
    /** 999,999,999.99 元: far above any settlement, far below overflow. */
    public static final long MAX_FEN = 99_999_999_999L;
    public static final Money ZERO = new Money(0);
    private static final String WIRE_RULE =
            "not an amount (a decimal number with at most 2 decimals, no exponent, at most 999999999.99)";
    private static final Pattern WIRE = Pattern.compile("-?(0|[1-9][0-9]{0,8})(\\.[0-9]{1,2})?");

    public Money {
        if (fen > MAX_FEN || fen < -MAX_FEN) {
            throw new ProtocolException(InfCode.VALIDATION, "amount out of range (at most 999999999.99)");
        }
    }

    public static Money ofFen(long fen) {
        return new Money(fen);
    }

    /** Whole yuan, e.g. {@code ofYuan(1000)} = 1,000.00 元. */
    public static Money ofYuan(long yuan) {
        return new Money(Math.multiplyExact(yuan, 100L));
    }

    /** Parses the wire form ({@code "12.3"}, {@code "12.30"}, {@code "-5"}); {@code path} names the field in errors. */
    public static Money parse(String text, String path) {
        Money m = parseOrNull(text);
        if (m == null) {
            throw ProtocolException.invalid(path, WIRE_RULE);
        }
        return m;
    }

    private static Money parseOrNull(String text) {
        if (text == null || !WIRE.matcher(text).matches()) {
            return null;
        }
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        int dot = digits.indexOf('.');
        long yuan = Long.parseLong(dot < 0 ? digits : digits.substring(0, dot));
        long fraction = 0;
        if (dot >= 0) {
            String f = digits.substring(dot + 1);
            fraction = Long.parseLong(f.length() == 1 ? f + "0" : f);
        }
        long fen = yuan * 100 + fraction;
        return new Money(negative ? -fen : fen);
    }

    public static Money parse(String text) {
        return parse(text, "amount");
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(fen, other.fen));
    }

    public Money times(long count) {
        return new Money(Math.multiplyExact(fen, count));
    }

    public Money negate() {
        return new Money(-fen);
    }

    public Money min(Money other) {
        return fen <= other.fen ? this : other;
    }

    public Money max(Money other) {
        return fen >= other.fen ? this : other;
    }

    public boolean isNegative() {
        return fen < 0;
    }

    public boolean isPositive() {
        return fen > 0;
    }

    public boolean isZero() {
        return fen == 0;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(fen, other.fen);
    }

    /** The wire form: yuan with exactly two decimals, e.g. {@code 12.30}, {@code -0.05}. */
    @Override
    public String toString() {
        return yuan(fen);
    }

    /** Any number of fen in the wire form, also beyond {@link #MAX_FEN} (to say by how much a total is too large). */
    public static String yuan(long fen) {
        long abs = Math.abs(fen);
        return (fen < 0 ? "-" : "") + (abs / 100) + "." + (abs % 100 < 10 ? "0" : "") + (abs % 100);
    }

    static final class Serializer extends StdSerializer<Money> {
        Serializer() {
            super(Money.class);
        }

        @Override
        public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toString());
        }
    }

    static final class Deserializer extends StdDeserializer<Money> {
        Deserializer() {
            super(Money.class);
        }

        @Override
        public Money deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw JsonMappingException.from(p, "must be a number (an amount in yuan with 2 decimals)");
            }
            Money m = parseOrNull(p.getText());
            if (m == null) {
                throw JsonMappingException.from(p, WIRE_RULE);
            }
            return m;
        }
    }
}
