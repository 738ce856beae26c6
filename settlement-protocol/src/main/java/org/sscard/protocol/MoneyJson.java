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
import org.sscard.values.Money;

/**
 * {@link Money} on the wire: a JSON number with exactly two decimals ({@code 12.30}, {@code -0.05}); reading accepts
 * 0–2 decimals, no exponent, no leading zeros and at most 999999999.99 in absolute value ({@link Money#parse}).
 * The codec's mappers register {@link #MODULE}.
 */
final class MoneyJson {
    static final String WIRE_RULE =
            "not an amount (a decimal number with at most 2 decimals, no exponent, at most 999999999.99)";
    static final Module MODULE = new SimpleModule("sscard-money")
            .addSerializer(Money.class, new Serializer())
            .addDeserializer(Money.class, new Deserializer());

    private MoneyJson() {
    }

    private static final class Serializer extends StdSerializer<Money> {
        Serializer() {
            super(Money.class);
        }

        @Override
        public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toString());
        }
    }

    private static final class Deserializer extends StdDeserializer<Money> {
        Deserializer() {
            super(Money.class);
        }

        @Override
        public Money deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw JsonMappingException.from(p, "must be a number (an amount in yuan with 2 decimals)");
            }
            try {
                return Money.parse(p.getText());
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, WIRE_RULE);
            }
        }
    }
}
