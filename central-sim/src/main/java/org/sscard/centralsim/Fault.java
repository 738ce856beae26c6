package org.sscard.centralsim;

import java.util.Locale;

/**
 * A fault injected for one transaction code, for tests of the terminal's link handling. {@code times}
 * is how many requests it applies to before it disarms itself (0 = every request until cleared);
 * {@code delayMillis} is used by {@link Mode#DELAY} only.
 */
public record Fault(String infno, Mode mode, long delayMillis, int times) {

    public enum Mode {
        /** Process and commit the request, then close the connection without any response. */
        DROP_AFTER_COMMIT("drop-after-commit"),
        /** Wait {@code delayMillis} before processing. */
        DELAY("delay"),
        /** Answer HTTP 503 before doing anything (nothing takes effect). */
        FAIL_5XX("fail-5xx"),
        /** Close the connection before doing anything (nothing takes effect). */
        CLOSE_BEFORE("close-before");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.wireName.equals(text.toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown fault mode '" + text
                    + "'; one of drop-after-commit, delay, fail-5xx, close-before");
        }
    }

    public Fault {
        if (infno == null || !infno.matches("[0-9A-Z]{4}")) {
            throw new IllegalArgumentException("fault: transaction code must be 4 characters such as 2207");
        }
        if (mode == null) {
            throw new IllegalArgumentException("fault: mode required");
        }
        if (times < 0) {
            throw new IllegalArgumentException("fault: times must be 0 (always) or more");
        }
        if (mode == Mode.DELAY ? delayMillis <= 0 : delayMillis != 0) {
            throw new IllegalArgumentException(mode == Mode.DELAY ? "fault: delay needs a positive number of ms"
                    : "fault: only delay takes a number of ms");
        }
    }

    /**
     * Parses {@code INFNO:MODE[:TIMES]}, or {@code INFNO:delay:MS[:TIMES]}: {@code 2207:drop-after-commit:1},
     * {@code 2206:delay:1500}, {@code 2207:fail-5xx}, {@code 1101:close-before:2}.
     */
    public static Fault parse(String spec) {
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 4) {
            throw new IllegalArgumentException("fault '" + spec + "': expected INFNO:MODE[:TIMES] or INFNO:delay:MS[:TIMES]");
        }
        Mode mode = Mode.parse(parts[1]);
        try {
            if (mode == Mode.DELAY) {
                if (parts.length < 3) {
                    throw new IllegalArgumentException("fault '" + spec + "': delay needs MS, e.g. 2206:delay:1500");
                }
                return new Fault(parts[0], mode, Long.parseLong(parts[2]), parts.length == 4 ? Integer.parseInt(parts[3]) : 0);
            }
            if (parts.length == 4) {
                throw new IllegalArgumentException("fault '" + spec + "': too many parts");
            }
            return new Fault(parts[0], mode, 0, parts.length == 3 ? Integer.parseInt(parts[2]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault '" + spec + "': MS and TIMES must be whole numbers");
        }
    }

    @Override
    public String toString() {
        return infno + ":" + mode.wireName + (mode == Mode.DELAY ? ":" + delayMillis : "") + (times > 0 ? ":" + times : "");
    }
}
