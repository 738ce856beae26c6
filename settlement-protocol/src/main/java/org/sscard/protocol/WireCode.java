package org.sscard.protocol;

/** A code of one of the interface's code lists, written on the wire as a JSON string (closed enums and {@link OpenCode}s). */
public interface WireCode {
    String code();

    /** The constant of {@code values} with wire code {@code code}; unknown codes are refused naming the set. */
    static <E extends Enum<E> & WireCode> E lookup(E[] values, String code) {
        for (E e : values) {
            if (e.code().equals(code)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : values) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.code());
        }
        throw new IllegalArgumentException("must be one of " + allowed);
    }

    /** A JSON value that must be a string (codes are never numbers on the wire). */
    static String text(Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("wrong type (expected a string)");
        }
        return s;
    }
}
