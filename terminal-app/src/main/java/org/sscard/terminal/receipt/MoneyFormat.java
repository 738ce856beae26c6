package org.sscard.terminal.receipt;

/**
 * Amounts in integer fen as people read them: {@code 123456} → {@code 1,234.56} (grouped by thousands, always two
 * decimals, a leading minus for refunds). Pure integer arithmetic: no floating point anywhere.
 */
public final class MoneyFormat {
    private MoneyFormat() {
    }

    /** {@code 1,234.56}; {@code -0.05}. */
    public static String plain(long fen) {
        StringBuilder out = new StringBuilder();
        if (fen < 0) {
            out.append('-');
        }
        long abs = Math.abs(fen);
        String yuan = Long.toString(abs / 100);
        int firstGroup = yuan.length() % 3 == 0 ? 3 : yuan.length() % 3;
        out.append(yuan, 0, firstGroup);
        for (int i = firstGroup; i < yuan.length(); i += 3) {
            out.append(',').append(yuan, i, i + 3);
        }
        long cents = abs % 100;
        return out.append('.').append(cents < 10 ? "0" : "").append(cents).toString();
    }

    /** {@code ¥1,234.56}; {@code -¥0.05}. */
    public static String yuan(long fen) {
        String p = plain(fen);
        return p.startsWith("-") ? "-¥" + p.substring(1) : "¥" + p;
    }
}
