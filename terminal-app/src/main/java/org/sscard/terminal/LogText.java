package org.sscard.terminal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Free text that goes to a log file (the central service's answers, exception messages) with card numbers, ID numbers,
 * card identification codes, 医保码 and e-voucher tokens taken out: those messages are written for the operator, who may see them, but the
 * log file is kept and copied and must not hold personal data. Callers that know the card log its audit reference
 * ({@code AuditLog.cardRef}) instead; this is for text the station did not write itself.
 */
public final class LogText {
    /**
     * 医保码 and e-voucher tokens ({@code EC}/{@code ET}, a region, 32 or more hex digits), 32 hex digits (identification
     * code), 18-character ID numbers (15 for the old form), 9-character card numbers.
     */
    private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9A-Za-z])(?:E[CT][0-9]{6}[0-9A-Fa-f]{32,}"
            + "|[0-9A-Fa-f]{32}|[0-9]{17}[0-9Xx]|[0-9]{15}|[0-9A-Z]{8}[0-9X])(?![0-9A-Za-z])");

    private LogText() {
    }

    /**
     * {@code text} with every card identification code, ID number and card number masked; a card number is any
     * 9-character run of {@code [0-9A-Z]} with a digit in it, whether or not its check character is right (a number
     * typed wrongly is still somebody's card number), while words such as {@code CANCELLED} stay.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = CANDIDATE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(mask(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String mask(String candidate) {
        if (candidate.length() > 32 && candidate.startsWith("E")) {
            return "[e-voucher]";
        }
        return switch (candidate.length()) {
            case 32 -> "[card id]";
            case 18, 15 -> "[ID number]";
            default -> candidate.chars().anyMatch(Character::isDigit) ? "[card number]" : candidate;
        };
    }
}
