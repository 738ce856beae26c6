package org.sscard.protocol;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * A message id: the sender's 12-character institution code, the send time {@code yyyyMMddHHmmss} and a
 * 4-digit sequence (0000–9999) — 30 characters, unique per sender.
 */
public record MsgId(String institutionCode, LocalDateTime time, int sequence) {
    public static final int LENGTH = 30;
    private static final Pattern FORMAT = Pattern.compile("[A-Z0-9]{12}[0-9]{18}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

    public MsgId {
        new Fields("msgid").institutionCode("institution_code", institutionCode);
        if (time == null) {
            throw ProtocolException.invalid("msgid", "time required");
        }
        if (sequence < 0 || sequence > 9999) {
            throw ProtocolException.invalid("msgid", "sequence must be 0000 to 9999");
        }
        time = time.withNano(0);
    }

    /** Parses a 30-character msgid; {@code path} names the field in errors. */
    public static MsgId parse(String text, String path) {
        if (text == null) {
            throw ProtocolException.invalid(path, "required");
        }
        if (!FORMAT.matcher(text).matches()) {
            throw ProtocolException.invalid(path,
                    "must be 30 characters: institution code (12) + yyyyMMddHHmmss + 4-digit sequence");
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(text.substring(12, 26), STAMP);
        } catch (DateTimeParseException e) {
            throw ProtocolException.invalid(path, "characters 13-26 must be a valid time yyyyMMddHHmmss");
        }
        return new MsgId(text.substring(0, 12), time, Integer.parseInt(text.substring(26)));
    }

    @Override
    public String toString() {
        return institutionCode + STAMP.format(time) + String.format("%04d", sequence);
    }
}
