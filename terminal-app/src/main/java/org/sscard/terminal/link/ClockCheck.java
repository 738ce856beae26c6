package org.sscard.terminal.link;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.sscard.protocol.ResponseHeader;

/**
 * The station's clock against the central service's, read from a sign-in's answer ({@code respond_time}) when it
 * arrives. The central service refuses a message whose {@code inf_time} is more than {@link #CENTRAL_LIMIT} from its own
 * clock, so the operator is warned well before: from {@link #WARN_AT}.
 *
 * @param offset how far the station's clock is ahead of the central service's (negative: behind)
 */
public record ClockCheck(Duration offset, LocalDateTime central, LocalDateTime station) {
    public static final Duration WARN_AT = Duration.ofMinutes(1);
    public static final Duration CENTRAL_LIMIT = Duration.ofMinutes(5);
    private static final DateTimeFormatter RESPOND_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** The check from an answer's {@code respond_time} read at {@code station}; empty when the answer has none. */
    public static Optional<ClockCheck> of(ResponseHeader header, LocalDateTime station) {
        if (header.respondTime() == null) {
            return Optional.empty();
        }
        try {
            LocalDateTime central = LocalDateTime.parse(header.respondTime(), RESPOND_TIME);
            return Optional.of(new ClockCheck(Duration.between(central, station), central, station));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** More than a minute apart: the operator is told. */
    public boolean off() {
        return offset.abs().compareTo(WARN_AT) > 0;
    }

    /** For the operator: how far off, which way, and what to do. */
    public String warning() {
        long seconds = offset.abs().toSeconds();
        String amount = seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
        return "the station's clock is " + amount + (offset.isNegative() ? " behind" : " ahead of")
                + " the central service's (station " + SHOWN.format(station) + ", central " + SHOWN.format(central)
                + "); have the clock set right (time sync, docs/install.md): the central service refuses messages more"
                + " than " + CENTRAL_LIMIT.toMinutes() + " minutes off";
    }
}
