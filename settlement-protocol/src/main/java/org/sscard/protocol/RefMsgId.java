package org.sscard.protocol;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * The receiver's message id {@code inf_refmsgid} of an answer: the receiver's region code (6 digits) + the time
 * {@code yyyyMMddHHmmss} + a 10-digit serial, e.g. {@code 310000} {@code 20230920182350} {@code 0002516630}. Not the
 * form of a {@link MsgId} (which begins with the sender's institution code).
 */
public record RefMsgId(String region, LocalDateTime time, long serial) {
    public static final int LENGTH = 30;
    public static final long MAX_SERIAL = 9_999_999_999L;
    private static final Pattern FORMAT = Pattern.compile("[0-9]{30}");
    private static final Pattern REGION = Pattern.compile("[0-9]{6}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

    public RefMsgId {
        if (region == null || !REGION.matcher(region).matches()) {
            throw ProtocolException.invalid("inf_refmsgid", "region must be 6 digits");
        }
        if (time == null) {
            throw ProtocolException.invalid("inf_refmsgid", "time required");
        }
        if (serial < 0 || serial > MAX_SERIAL) {
            throw ProtocolException.invalid("inf_refmsgid", "serial must be 0 to " + MAX_SERIAL);
        }
        time = time.withNano(0);
    }

    /** Parses a 30-digit inf_refmsgid; {@code path} names the field in errors. */
    public static RefMsgId parse(String text, String path) {
        if (text == null) {
            throw ProtocolException.invalid(path, "required");
        }
        if (!FORMAT.matcher(text).matches()) {
            throw ProtocolException.invalid(path,
                    "must be 30 digits: receiver region (6) + yyyyMMddHHmmss + 10-digit serial");
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(text.substring(6, 20), STAMP);
        } catch (DateTimeParseException e) {
            throw ProtocolException.invalid(path, "characters 7-20 must be a valid time yyyyMMddHHmmss");
        }
        return new RefMsgId(text.substring(0, 6), time, Long.parseLong(text.substring(20)));
    }

    @Override
    public String toString() {
        return region + STAMP.format(time) + String.format("%010d", serial);
    }
}
