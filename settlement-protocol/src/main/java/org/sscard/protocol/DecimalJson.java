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
import java.util.function.Function;
import org.sscard.values.Money;

/**
 * The interface's decimal numbers: {@link Money} (exactly two decimals written, {@code 12.30}, {@code -0.05}; 0–2 read,
 * no exponent, no leading zeros, at most 999999999.99 in absolute value, {@link Money#parse}) and {@link Ratio}. Each
 * is a JSON number written as its {@code toString()} and read from the number's own text, never through a double.
 * The codec's mappers register {@link #MODULE}.
 */
final class DecimalJson {
    static final String MONEY_RULE =
            "not an amount (a decimal number with at most 2 decimals, no exponent, at most 999999999.99)";
    static final Module MODULE = new SimpleModule("sscard-decimals")
            .addSerializer(Money.class, new Writer<>(Money.class))
            .addDeserializer(Money.class, new Reader<>(Money.class, DecimalJson::moneyOrNull,
                    "an amount in yuan with 2 decimals", MONEY_RULE))
            .addSerializer(Ratio.class, new Writer<>(Ratio.class))
            .addDeserializer(Ratio.class, new Reader<>(Ratio.class, Ratio::parseOrNull, "a proportion from 0 to 1",
                    Ratio.WIRE_RULE));

    private DecimalJson() {
    }

    private static Money moneyOrNull(String text) {
        try {
            return Money.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
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

        Reader(Class<T> type, Function<String, T> parseOrNull, String what, String rule) {
            super(type);
            this.parseOrNull = parseOrNull;
            this.what = what;
            this.rule = rule;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw JsonMappingException.from(p, "must be a number (" + what + ")");
            }
            T value = parseOrNull.apply(p.getText());
            if (value == null) {
                throw JsonMappingException.from(p, rule);
            }
            return value;
        }
    }
}
