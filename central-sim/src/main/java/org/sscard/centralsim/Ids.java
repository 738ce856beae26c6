package org.sscard.centralsim;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Time stamps used inside the identifiers the central service hands out. */
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
}
