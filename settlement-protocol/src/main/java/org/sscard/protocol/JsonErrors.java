package org.sscard.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sscard.values.Money;

/**
 * Turns Jackson's exceptions into {@link ProtocolException}s that name the field in wire terms and never
 * echo the offending value or any Java class name.
 */
final class JsonErrors {
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '([a-z0-9_]{1,40})'");

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_]{1,40}");

    private JsonErrors() {
    }

    static ProtocolException translate(JacksonException e, String prefix) {
        if (e instanceof StreamConstraintsException) {
            return new ProtocolException(InfCode.VALIDATION, "message: " + limit(e.getOriginalMessage()));
        }
        if (e instanceof JsonParseException) {
            Matcher m = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (m.find()) {
                return new ProtocolException(InfCode.VALIDATION, "message: duplicate field '" + m.group(1) + "'");
            }
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate")) {
                return new ProtocolException(InfCode.VALIDATION, "message: duplicate field");
            }
            JsonLocation at = e.getLocation();
            return new ProtocolException(InfCode.VALIDATION, "message: not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (e instanceof InputCoercionException) {
            return new ProtocolException(InfCode.VALIDATION, "message: a number is out of range");
        }
        if (!(e instanceof JsonMappingException)) {
            return new ProtocolException(InfCode.VALIDATION, "message: not valid JSON");
        }
        JsonMappingException me = (JsonMappingException) e;
        String path = path(me, prefix);
        return ProtocolException.invalid(path.isEmpty() ? "message" : path, problem(me));
    }

    private static String problem(JsonMappingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException sce) {
                return limit(sce.getOriginalMessage());
            }
            if (t instanceof InputCoercionException) {
                return "number out of range";
            }
            if (t instanceof ProtocolException || t instanceof IllegalArgumentException) {
                String message = t.getMessage();
                int colon = t instanceof ProtocolException ? message.indexOf(": ") : -1;
                return colon >= 0 ? message.substring(colon + 2) : message;
            }
        }
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (e instanceof InvalidNullException) {
            return "must not be null";
        }
        if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return "content after the JSON object";
        }
        if (e instanceof MismatchedInputException mie) {
            return "wrong type (expected " + expected(mie.getTargetType()) + ")";
        }
        if (e instanceof ValueInstantiationException) {
            return "invalid value";
        }
        if (e.getClass() == JsonMappingException.class && e.getCause() == null) {
            return e.getOriginalMessage();
        }
        return "invalid value";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "an integer";
        }
        if (type == Money.class || type == Ratio.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another type";
    }

    private static String limit(String jacksonMessage) {
        String m = String.valueOf(jacksonMessage);
        if (m.contains("nesting depth")) {
            return "nested too deeply (at most " + Json.MAX_NESTING_DEPTH + " levels)";
        }
        if (m.contains("Number value length") || m.contains("Number length")) {
            return "a number is too long (at most " + Json.MAX_NUMBER_LENGTH + " characters)";
        }
        if (m.contains("Name length") || m.contains("Name value length")) {
            return "a field name is too long (at most " + Json.MAX_NAME_LENGTH + " characters)";
        }
        if (m.contains("String value length") || m.contains("String length")) {
            return "a string is too long";
        }
        if (m.contains("Document length") || m.contains("document length")) {
            return "too large (at most " + Json.MAX_BODY_BYTES + " bytes)";
        }
        return "exceeds a size limit";
    }

    /** A field name as sent, or {@code ?} when it is not a plain name (nothing odd is echoed). */
    static String safeName(String name) {
        return name != null && SAFE_NAME.matcher(name).matches() ? name : "?";
    }

    private static String path(JsonMappingException e, String prefix) {
        StringBuilder path = new StringBuilder(prefix);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(safeName(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
