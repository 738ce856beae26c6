package org.sscard.values;

/**
 * The one way amounts in fen become text, always with two decimals and a leading minus for refunds, in pure integer
 * arithmetic. {@link #decimal} is the form machines read (the national interface, CSV, JSON, the command line's
 * figures); {@link #plain} and {@link #yuan} are grouped by thousands for people (screens, receipts, reports).
 * Any {@code long} is accepted, also beyond {@link Money#MAX_FEN} (to say by how much a total is too large).
 */
public final class MoneyFormat {
    private MoneyFormat() {
    }

    /** {@code 1234.56}; {@code -0.05}. */
    public static String decimal(long fen) {
        return format(fen, false);
    }

    /** {@code 1,234.56}; {@code -0.05}. */
    public static String plain(long fen) {
        return format(fen, true);
    }

    /** {@code 1,234.56}; {@code -0.05}. */
    public static String plain(Money amount) {
        return plain(amount.fen());
    }

    /** {@code ¥1,234.56}; {@code -¥0.05}. */
    public static String yuan(long fen) {
        String p = plain(fen);
        return p.startsWith("-") ? "-¥" + p.substring(1) : "¥" + p;
    }

    /** {@code ¥1,234.56}; {@code -¥0.05}. */
    public static String yuan(Money amount) {
        return yuan(amount.fen());
    }

    private static String format(long fen, boolean grouped) {
        StringBuilder out = new StringBuilder();
        if (fen < 0) {
            out.append('-');
        }
        // yuan and fen each made non-negative on their own: Math.abs(Long.MIN_VALUE) would stay negative
        String yuan = Long.toString(Math.abs(fen / 100));
        long cents = Math.abs(fen % 100);
        if (grouped) {
            int firstGroup = yuan.length() % 3 == 0 ? 3 : yuan.length() % 3;
            out.append(yuan, 0, firstGroup);
            for (int i = firstGroup; i < yuan.length(); i += 3) {
                out.append(',').append(yuan, i, i + 3);
            }
        } else {
            out.append(yuan);
        }
        return out.append('.').append(cents < 10 ? "0" : "").append(cents).toString();
    }
}
