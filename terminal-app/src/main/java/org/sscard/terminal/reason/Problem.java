package org.sscard.terminal.reason;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A reason with its arguments: what a workflow reports instead of a sentence, put into words by {@link Reasons} in
 * the reader's language. An argument is a number, a text taken as it is (ids, codes, amounts, the central service's
 * own message), a role or a permission (named in the reader's language), another problem, or a list of these (put into
 * words one after the other).
 */
public record Problem(Reason reason, List<Object> args) {
    public Problem {
        Objects.requireNonNull(reason, "reason");
        args = List.copyOf(args.stream().map(Problem::normalised).toList());
    }

    public static Problem of(Reason reason, Object... args) {
        return new Problem(reason, Arrays.asList(args));
    }

    /** The words in English (log lines, exception messages, the command line). */
    public String english() {
        return Reasons.text(this, Locale.ENGLISH);
    }

    /** The words in {@code locale} (zh_CN unless it is English). */
    public String in(Locale locale) {
        return Reasons.text(this, locale);
    }

    @Override
    public String toString() {
        return english();
    }

    private static Object normalised(Object arg) {
        if (arg == null) {
            return "";
        }
        if (arg instanceof Number || arg instanceof Problem || arg instanceof Enum<?> e && Reasons.names(e)) {
            return arg;
        }
        if (arg instanceof List<?> list) {
            return List.copyOf(list.stream().map(Problem::normalised).toList());
        }
        return String.valueOf(arg);
    }
}
