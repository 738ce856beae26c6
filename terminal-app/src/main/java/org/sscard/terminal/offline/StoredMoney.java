package org.sscard.terminal.offline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.sscard.values.Money;

/**
 * {@link Money} in the JSON the station stores (a deferred visit's row, the offline debit journal): a number of fen, the
 * form those rows have always had.
 */
final class StoredMoney {
    private StoredMoney() {
    }

    static SimpleModule module() {
        return new SimpleModule()
                .addSerializer(Money.class, new StdSerializer<>(Money.class) {
                    @Override
                    public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                        gen.writeNumber(value.fen());
                    }
                })
                .addDeserializer(Money.class, new StdDeserializer<>(Money.class) {
                    @Override
                    public Money deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                        return Money.ofFen(parser.getLongValue());
                    }
                });
    }
}
