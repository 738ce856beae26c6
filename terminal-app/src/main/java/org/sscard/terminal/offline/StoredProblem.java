package org.sscard.terminal.offline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/**
 * Reads a stored {@link Problem}: its code and arguments ({@code {"reason": CODE, "args": [...]}}, as Jackson writes
 * the record), or the sentence an earlier version stored in its place, kept as {@link Reason#STORED_TEXT}.
 */
final class StoredProblem extends StdDeserializer<Problem> {
    StoredProblem() {
        super(Problem.class);
    }

    @Override
    public Problem deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return of(parser.readValueAsTree());
    }

    static Problem of(JsonNode node) {
        Reason reason = node.isObject() ? reason(node.path("reason").asText()) : null;
        if (reason == null) {
            return Problem.of(Reason.STORED_TEXT, node.isTextual() ? node.asText() : node.toString());
        }
        List<Object> args = new ArrayList<>();
        for (JsonNode a : node.path("args")) {
            args.add(arg(a));
        }
        return new Problem(reason, args);
    }

    private static Reason reason(String code) {
        try {
            return Reason.valueOf(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Object arg(JsonNode a) {
        if (a.isObject()) {
            return of(a);
        }
        if (a.isArray()) {
            List<Object> list = new ArrayList<>();
            a.forEach(e -> list.add(arg(e)));
            return list;
        }
        return a.isIntegralNumber() ? (Object) a.asLong() : a.asText();
    }
}
