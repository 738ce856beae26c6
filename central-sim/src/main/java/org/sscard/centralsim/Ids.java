package org.sscard.centralsim;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Time stamps and zero-padded sequence numbers used inside the identifiers the central service hands out. */
final class Ids {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");

    private Ids() {
    }

    static String stamp(LocalDateTime t) {
        return STAMP.format(t);
    }

    static String day(LocalDateTime t) {
        return DAY.format(t);
    }

    /**
     * {@code value} (not negative) in decimal, zero-padded to {@code width} digits, as {@code %0Nd} would give
     * but without a Formatter (which dominated the cost of building identifiers under load).
     */
    static String digits(long value, int width) {
        String s = Long.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
