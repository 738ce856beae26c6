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
 * A proportion between 0 and 1 held exactly in basis points (1/10,000), e.g. {@code selfpay_prop}.
 * On the wire: a JSON number with 2 to 4 decimals ({@code 0.10}, {@code 0.125}, {@code 1.00});
 * reading accepts 0–4 decimals, no exponent.
 */
@JsonSerialize(using = Ratio.Serializer.class)
@JsonDeserialize(using = Ratio.Deserializer.class)
public record Ratio(int basisPoints) {
    public static final int ONE = 10_000;
    public static final Ratio ZERO = new Ratio(0);
    private static final Pattern WIRE = Pattern.compile("(0|1)(\\.[0-9]{1,4})?");
    private static final String WIRE_RULE = "not a proportion (a number from 0 to 1 with at most 4 decimals)";

    public Ratio {
        if (basisPoints < 0 || basisPoints > ONE) {
            throw new ProtocolException(InfCode.VALIDATION, "proportion out of range 0..1");
        }
    }

    public static Ratio ofBasisPoints(int basisPoints) {
        return new Ratio(basisPoints);
    }

    /** Whole percent, e.g. {@code ofPercent(10)} = 0.10. */
    public static Ratio ofPercent(int percent) {
        return new Ratio(Math.multiplyExact(percent, 100));
    }

    public static Ratio parse(String text, String path) {
        Ratio r = parseOrNull(text);
        if (r == null) {
            throw ProtocolException.invalid(path, WIRE_RULE);
        }
        return r;
    }

    private static Ratio parseOrNull(String text) {
        if (text == null || !WIRE.matcher(text).matches()) {
            return null;
        }
        int dot = text.indexOf('.');
        int whole = text.charAt(0) - '0';
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        int bp = whole * ONE + Integer.parseInt((fraction + "0000").substring(0, 4));
        return bp > ONE ? null : new Ratio(bp);
    }

    /** The wire form with at least two decimals: {@code 0.10}, {@code 0.125}, {@code 1.00}. */
    @Override
    public String toString() {
        String fraction = String.format("%04d", basisPoints % ONE);
        while (fraction.length() > 2 && fraction.endsWith("0")) {
            fraction = fraction.substring(0, fraction.length() - 1);
        }
        return (basisPoints / ONE) + "." + fraction;
    }

    static final class Serializer extends StdSerializer<Ratio> {
        Serializer() {
            super(Ratio.class);
        }

        @Override
        public void serialize(Ratio value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toString());
        }
    }

    static final class Deserializer extends StdDeserializer<Ratio> {
        Deserializer() {
            super(Ratio.class);
        }

        @Override
        public Ratio deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw JsonMappingException.from(p, "must be a number (a proportion from 0 to 1)");
            }
            Ratio r = parseOrNull(p.getText());
            if (r == null) {
                throw JsonMappingException.from(p, WIRE_RULE);
            }
            return r;
        }
    }
}
