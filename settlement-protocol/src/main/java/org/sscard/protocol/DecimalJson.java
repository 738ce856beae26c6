package org.sscard.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.function.Function;
import org.sscard.values.Money;

/**
 * The interface's decimal numbers: {@link Money} (exactly two decimals written, {@code 12.30}, {@code -0.05}; 0–2 read,
 * no exponent, no leading zeros, at most 999999999.99 in absolute value, {@link Money#parse}) and {@link Ratio}. Each
 * is a JSON number written as its {@code toString()} and read from the number's own text, never through a double.
 * {@link #STRICT} (requests) reads exactly that form. {@link #TOLERANT} (answers) also reads a number sent as a JSON
 * string ({@code "12.30"}, as some provinces send amounts), trailing zeros beyond the form's decimals
 * ({@code 41509.0000}), and whole numbers with a zero fraction ({@code 2.0000}) for integer members; a value the form
 * cannot hold exactly ({@code 0.123} as an amount, {@code 1.5} as a count) is still refused.
 */
final class DecimalJson {
    static final String MONEY_RULE =
            "not an amount (a decimal number with at most 2 decimals, no exponent, at most 999999999.99)";
    static final Module STRICT = new SimpleModule("sscard-decimals")
            .addSerializer(Money.class, new Writer<>(Money.class))
            .addDeserializer(Money.class, new Reader<>(Money.class, DecimalJson::moneyOrNull,
                    "an amount in yuan with 2 decimals", MONEY_RULE, false))
            .addSerializer(Ratio.class, new Writer<>(Ratio.class))
            .addDeserializer(Ratio.class, new Reader<>(Ratio.class, Ratio::parseOrNull, "a proportion from 0 to 1",
                    Ratio.WIRE_RULE, false));
    static final Module TOLERANT = new SimpleModule("sscard-decimals-tolerant")
            .addSerializer(Money.class, new Writer<>(Money.class))
            .addDeserializer(Money.class, new Reader<>(Money.class, text -> moneyOrNull(trimmed(text, 2)),
                    "an amount in yuan with 2 decimals", MONEY_RULE, true))
            .addSerializer(Ratio.class, new Writer<>(Ratio.class))
            .addDeserializer(Ratio.class, new Reader<>(Ratio.class, text -> Ratio.parseOrNull(trimmed(text, 4)),
                    "a proportion from 0 to 1", Ratio.WIRE_RULE, true))
            .addDeserializer(Long.class, new Reader<>(Long.class, DecimalJson::wholeOrNull, "a whole number",
                    "not a whole number", true))
            .addDeserializer(Integer.class, new Reader<>(Integer.class, DecimalJson::intOrNull, "a whole number",
                    "not a whole number", true))
            .addDeserializer(BigDecimal.class, new Reader<>(BigDecimal.class, DecimalJson::decimalOrNull,
                    "a decimal number", "not a decimal number", true));

    /** The longest number text read at all (as {@code Json.MAX_NUMBER_LENGTH}), so nothing is parsed at length. */
    private static final int MAX_TEXT = Json.MAX_NUMBER_LENGTH;

    private DecimalJson() {
    }

    private static Money moneyOrNull(String text) {
        try {
            return Money.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A plain decimal, no exponent; {@code null} when {@code text} is not one. */
    private static BigDecimal decimalOrNull(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT || text.indexOf('e') >= 0
                || text.indexOf('E') >= 0 || text.charAt(0) == '+') {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code text} without the zeros after its last {@code decimals} decimals ({@code 12.3000} → {@code 12.30}), so
     * the strict parser reads what it can hold exactly; anything else unchanged (the parser refuses it).
     */
    static String trimmed(String text, int decimals) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot < 0 || decimalOrNull(text) == null) {
            return text;
        }
        int end = text.length();
        while (end > dot + 1 + decimals && text.charAt(end - 1) == '0') {
            end--;
        }
        return text.charAt(end - 1) == '.' ? text.substring(0, end - 1) : text.substring(0, end);
    }

    private static Long wholeOrNull(String text) {
        BigDecimal d = decimalOrNull(text);
        if (d == null) {
            return null;
        }
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Integer intOrNull(String text) {
        Long whole = wholeOrNull(text);
        return whole == null || whole != whole.intValue() ? null : whole.intValue();
    }

    private static final class Writer<T> extends StdSerializer<T> {
        Writer(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toString());
        }
    }

    private static final class Reader<T> extends StdDeserializer<T> {
        private final transient Function<String, T> parseOrNull;
        private final String what;
        private final String rule;
        private final boolean stringsToo;

        Reader(Class<T> type, Function<String, T> parseOrNull, String what, String rule, boolean stringsToo) {
            super(type);
            this.parseOrNull = parseOrNull;
            this.what = what;
            this.rule = rule;
            this.stringsToo = stringsToo;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
            if (!number && !(stringsToo && token == JsonToken.VALUE_STRING)) {
                throw JsonMappingException.from(p, "must be a number (" + what + ")");
            }
            T value = parseOrNull.apply(number ? p.getText() : p.getText().strip());
            if (value == null) {
                throw JsonMappingException.from(p, rule);
            }
            return value;
        }
    }
}
