package org.sscard.values;

/**
 * An amount of money in integer fen (分), at most {@link #MAX_FEN} in absolute value. Arithmetic is exact and refuses
 * to leave that range ({@link ArithmeticException}); {@link #parse} reads yuan text strictly. {@link #toString()} is
 * the decimal form with two decimals ({@code 12.30}, {@code -0.05}); {@link MoneyFormat} has the forms for people.
 */
public record Money(long fen) implements Comparable<Money> {
    /** 999,999,999.99 元: far above any settlement, far below overflow (the national interface's largest amount). */
    public static final long MAX_FEN = 99_999_999_999L;
    public static final Money ZERO = new Money(0);
    /** What {@link #parse} accepts, for messages. */
    public static final String TEXT_RULE =
            "an amount in yuan with at most 2 decimals (12.34), no exponent or grouping, at most 999999999.99";

    public Money {
        if (fen > MAX_FEN || fen < -MAX_FEN) {
            throw new ArithmeticException("amount out of range (at most 999999999.99): " + MoneyFormat.decimal(fen));
        }
    }

    public static Money ofFen(long fen) {
        return new Money(fen);
    }

    /** Whole yuan, e.g. {@code ofYuan(1000)} = 1,000.00 元. */
    public static Money ofYuan(long yuan) {
        return new Money(Math.multiplyExact(yuan, 100L));
    }

    /**
     * Yuan text: an optional minus, the yuan without leading zeros ({@code 0} alone is fine) and 0, 1 or 2 decimals
     * ({@code "12"}, {@code "12.3"}, {@code "-0.05"}); no plus sign, exponent, grouping or blanks.
     *
     * @throws IllegalArgumentException naming {@link #TEXT_RULE} when the text is not such an amount
     */
    public static Money parse(String text) {
        if (text == null || text.isEmpty()) {
            throw notAnAmount(text);
        }
        boolean negative = text.charAt(0) == '-';
        int dot = text.indexOf('.');
        int start = negative ? 1 : 0;
        int yuanEnd = dot < 0 ? text.length() : dot;
        int yuanDigits = yuanEnd - start;
        int decimals = dot < 0 ? 0 : text.length() - dot - 1;
        if (yuanDigits < 1 || yuanDigits > 9 || (yuanDigits > 1 && text.charAt(start) == '0')
                || (dot >= 0 && (decimals < 1 || decimals > 2))) {
            throw notAnAmount(text);
        }
        long fen = 0;
        for (int i = start; i < text.length(); i++) {
            if (i == dot) {
                continue;
            }
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw notAnAmount(text);
            }
            fen = fen * 10 + (c - '0');
        }
        for (int i = decimals; i < 2; i++) {
            fen *= 10;
        }
        return new Money(negative ? -fen : fen);
    }

    private static IllegalArgumentException notAnAmount(String text) {
        return new IllegalArgumentException("not " + TEXT_RULE + ": '" + text + "'");
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(fen, other.fen));
    }

    public Money times(long count) {
        return new Money(Math.multiplyExact(fen, count));
    }

    public Money negate() {
        return new Money(-fen);
    }

    public Money min(Money other) {
        return fen <= other.fen ? this : other;
    }

    public Money max(Money other) {
        return fen >= other.fen ? this : other;
    }

    public boolean isNegative() {
        return fen < 0;
    }

    public boolean isPositive() {
        return fen > 0;
    }

    public boolean isZero() {
        return fen == 0;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(fen, other.fen);
    }

    /** Yuan with exactly two decimals and no grouping: {@code 12.30}, {@code -0.05} (what {@link #parse} reads). */
    @Override
    public String toString() {
        return MoneyFormat.decimal(fen);
    }
}
