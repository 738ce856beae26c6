package org.sscard.protocol;

import java.util.regex.Pattern;

/**
 * A proportion between 0 and 1 held exactly in basis points (1/10,000), e.g. {@code selfpay_prop}.
 * On the wire: a JSON number with 2 to 4 decimals ({@code 0.10}, {@code 0.125}, {@code 1.00});
 * reading accepts 0–4 decimals, no exponent ({@link DecimalJson}).
 */
public record Ratio(int basisPoints) {
    public static final int ONE = 10_000;
    public static final Ratio ZERO = new Ratio(0);
    private static final Pattern WIRE = Pattern.compile("(0|1)(\\.[0-9]{1,4})?");
    static final String WIRE_RULE = "not a proportion (a number from 0 to 1 with at most 4 decimals)";

    public Ratio {
        if (basisPoints < 0 || basisPoints > ONE) {
            throw new ProtocolException(InfCode.VALIDATION, "proportion out of range 0..1");
        }
    }

    public static Ratio ofBasisPoints(int basisPoints) {
        return new Ratio(basisPoints);
    }

    /** Whole percent, e.g. {@code ofPercent(10)} = 0.10. */
    public static Ratio ofPercent(int percent) {
        return new Ratio(Math.multiplyExact(percent, 100));
    }

    public static Ratio parse(String text, String path) {
        Ratio r = parseOrNull(text);
        if (r == null) {
            throw ProtocolException.invalid(path, WIRE_RULE);
        }
        return r;
    }

    static Ratio parseOrNull(String text) {
        if (text == null || !WIRE.matcher(text).matches()) {
            return null;
        }
        int dot = text.indexOf('.');
        int whole = text.charAt(0) - '0';
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        int bp = whole * ONE + Integer.parseInt((fraction + "0000").substring(0, 4));
        return bp > ONE ? null : new Ratio(bp);
    }

    /** The wire form with at least two decimals: {@code 0.10}, {@code 0.125}, {@code 1.00}. */
    @Override
    public String toString() {
        String fraction = String.format("%04d", basisPoints % ONE);
        while (fraction.length() > 2 && fraction.endsWith("0")) {
            fraction = fraction.substring(0, fraction.length() - 1);
        }
        return (basisPoints / ONE) + "." + fraction;
    }
}
