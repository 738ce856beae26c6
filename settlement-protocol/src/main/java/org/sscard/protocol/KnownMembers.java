package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which members of a received answer the message records know, by walking the JSON tree beside the record types (a
 * record's members are its components in snake_case, a {@code List<T>} holds {@code T}s); the rest are
 * {@link ExtraMember}s.
 */
final class KnownMembers {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private KnownMembers() {
    }

    /** Adds to {@code out} every member under {@code node} that {@code type} does not know, {@code at} its location. */
    static void collect(JsonNode node, Type type, List<Object> at, List<ExtraMember> out) {
        Class<?> raw = raw(type);
        if (node.isObject() && raw != null && raw.isRecord()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                RecordComponent component = component(raw, member.getKey());
                List<Object> here = append(at, member.getKey());
                if (component == null) {
                    out.add(new ExtraMember(here, member.getValue()));
                } else {
                    collect(member.getValue(), component.getGenericType(), here, out);
                }
            }
        } else if (node.isArray() && raw == List.class && type instanceof ParameterizedType list) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), list.getActualTypeArguments()[0], append(at, i), out);
            }
        }
    }

    /** Puts {@code member} back into {@code root} at its place; a place that no longer exists is left out. */
    static void putBack(ObjectNode root, ExtraMember member) {
        JsonNode container = root;
        List<Object> at = member.at();
        for (int i = 0; i < at.size() - 1 && container != null; i++) {
            container = at.get(i) instanceof Integer index ? container.get(index) : container.get((String) at.get(i));
        }
        Object last = at.get(at.size() - 1);
        if (container instanceof ObjectNode object && last instanceof String name && !object.has(name)) {
            object.set(name, member.value());
        }
    }

    private static RecordComponent component(Class<?> record, String wireName) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (wireName(record, c).equals(wireName) || aliases(record, c).contains(wireName)) {
                return c;
            }
        }
        return null;
    }

    /** A component's wire name: its {@link JsonProperty} name (1312's {@code pageNum}), else its name in snake_case. */
    private static String wireName(Class<?> record, RecordComponent c) {
        try {
            JsonProperty named = record.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
            return named == null || named.value().isEmpty() ? SNAKE.translate(c.getName()) : named.value();
        } catch (NoSuchFieldException e) {
            return SNAKE.translate(c.getName());
        }
    }

    /** The other names a component is read by ({@link JsonAlias}, e.g. 2208's {@code pdn_cash_pay}). */
    private static List<String> aliases(Class<?> record, RecordComponent c) {
        try {
            JsonAlias alias = record.getDeclaredField(c.getName()).getAnnotation(JsonAlias.class);
            return alias == null ? List.of() : List.of(alias.value());
        } catch (NoSuchFieldException e) {
            return List.of();
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : null;
    }

    private static List<Object> append(List<Object> at, Object step) {
        List<Object> out = new ArrayList<>(at.size() + 1);
        out.addAll(at);
        out.add(step);
        return out;
    }
}
