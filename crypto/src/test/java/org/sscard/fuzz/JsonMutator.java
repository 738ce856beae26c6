package org.sscard.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutates a valid JSON message the way a broken or hostile peer would: a member's value of the wrong type,
 * huge or odd numbers, strings that are empty, huge, or hold control characters, members removed, added or
 * duplicated, deep nesting, and damage to the text itself (truncated, a byte changed).
 */
public final class JsonMutator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DEEP = "\u0000deep\u0000";
    private static final String[] ODD_NUMBERS = {"0x10", "NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1", "1e",
            "9".repeat(2_000), "1e99999999999"};
    /** Numbers as a peer's JSON library may write them (some are not JSON: the reader must refuse them cleanly). */
    private static final String[] DECIMALS = {"1e400", "-1e400", "1E-400", "123456789012345678901234567890",
            "-9223372036854775809", "9223372036854775808", "-0", "0.0000000000000000000001", "1.5", "-1", "0",
            "2147483648", "1e9", "12.345", "99999999999999.99", "1e1000000"};
    private static final String[] ODD_STRINGS = {"", " ", "\t", "null", "0", "-1", "1e9", "12.345", "9999999999999999999",
            "2025-02-30 10:00:00", "2025-13-01", "0000-00-00 00:00:00", "\u0000", "\u202e", "\uD800", "张三\n李四",
            "'; DROP TABLE message; --", "${jndi:ldap://x}", "%s%n", "../../etc/passwd", "A".repeat(10_000)};

    private final Random random;

    public JsonMutator(Random random) {
        this.random = random;
    }

    /** One to three mutations of {@code json} (an object); the result may no longer be JSON at all. */
    public String mutate(String json) {
        return mutateWithin(json, null);
    }

    /** As {@link #mutate(String)}, the tree mutations only inside the top-level member {@code member} if it is there. */
    public String mutateWithin(String json, String member) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the fixture is not JSON", e);
        }
        int n = 1 + random.nextInt(3);
        int deepLevels = 0;
        for (int i = 0; i < n; i++) {
            List<Slot> slots = new ArrayList<>();
            if (member == null || !root.has(member)) {
                collect(root, slots);
            } else {
                slots.add(new Slot(root, member, -1));
                collect(root.get(member), slots);
            }
            if (slots.isEmpty()) {
                break;
            }
            Slot slot = slots.get(random.nextInt(slots.size()));
            switch (random.nextInt(10)) {
                case 0 -> slot.set(wrongType(slot.get()));
                case 1 -> slot.set(NODES.numberNode(new BigDecimal(pick(DECIMALS))));
                case 2 -> slot.set(NODES.rawValueNode(new RawValue(pick(ODD_NUMBERS))));
                case 3 -> slot.set(NODES.textNode(pick(ODD_STRINGS)));
                case 4 -> slot.remove();
                case 5 -> {
                    if (slot.container() instanceof ObjectNode o) {
                        o.put("x_" + random.nextInt(100), random.nextInt());
                    }
                }
                case 6 -> {
                    deepLevels = random.nextBoolean() ? 1 + random.nextInt(40) : 500 + random.nextInt(5_000);
                    slot.set(NODES.textNode(DEEP));
                }
                case 7 -> slot.set(NODES.numberNode(pickLong()));
                case 8 -> slot.set(copyOfAnother(slots));
                default -> slot.set(NODES.textNode(mutateText(slot.get().asText())));
            }
        }
        String text = root.toString();
        if (deepLevels > 0) {
            boolean arrays = random.nextBoolean();
            String open = arrays ? "[" : "{\"a\":";
            String close = arrays ? "]" : "}";
            text = text.replace("\"" + DEEP.replace("\u0000", "\\u0000") + "\"",
                    open.repeat(deepLevels) + "1" + close.repeat(deepLevels));
        }
        return random.nextInt(8) == 0 ? damageText(text) : text;
    }

    /** Text-level damage: a cut, a changed character, a duplicated member name, or an inserted brace. */
    private String damageText(String text) {
        if (text.isEmpty()) {
            return "{";
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(5)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + (char) random.nextInt(0x80) + text.substring(at + 1);
            case 2 -> text.replaceFirst("\\{\"([a-z_]+)\":", "{\"$1\":1,\"$1\":");
            case 3 -> text.substring(0, at) + pick(new String[] {"{", "}", "[", "]", ",", ":", "\"", "\\"}) + text.substring(at);
            default -> text.substring(0, at) + "\uFFFD\uD83D" + text.substring(at);
        };
    }

    private JsonNode wrongType(JsonNode current) {
        int choice = random.nextInt(6);
        if (current.isTextual() && choice == 0) {
            choice = 1;
        }
        return switch (choice) {
            case 0 -> NODES.textNode(current.toString());
            case 1 -> NODES.numberNode(random.nextInt(1000) - 500);
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(current.deepCopy());
            default -> NODES.objectNode().set("v", current.deepCopy());
        };
    }

    private long pickLong() {
        long[] odd = {Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -1, 1, 99_999, 100_000,
                4_294_967_295L, 4_294_967_296L};
        return random.nextBoolean() ? odd[random.nextInt(odd.length)] : random.nextLong();
    }

    private JsonNode copyOfAnother(List<Slot> slots) {
        return slots.get(random.nextInt(slots.size())).get().deepCopy();
    }

    private String mutateText(String s) {
        if (s.isEmpty()) {
            return pick(ODD_STRINGS);
        }
        StringBuilder b = new StringBuilder(s);
        int at = random.nextInt(b.length());
        switch (random.nextInt(4)) {
            case 0 -> b.setCharAt(at, (char) (random.nextInt(0x60) + 0x20));
            case 1 -> b.deleteCharAt(at);
            case 2 -> b.insert(at, s);
            default -> b.setLength(at);
        }
        return b.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                out.add(new Slot(o, name, -1));
                collect(o.get(name), out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i));
                collect(a.get(i), out);
            }
        }
    }

    /** A place in the tree: a member of an object or an element of an array. */
    private record Slot(JsonNode container, String name, int index) {
        JsonNode get() {
            return name != null ? container.get(name) : container.get(index);
        }

        void set(JsonNode value) {
            if (name != null) {
                ((ObjectNode) container).set(name, value);
            } else {
                ((ArrayNode) container).set(index, value);
            }
        }

        void remove() {
            if (name != null) {
                ((ObjectNode) container).remove(name);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }
    }
}
