package org.sscard.terminal.ui.input;

import java.util.Arrays;

/**
 * The digits of a PIN while the card holder types them: kept only in a char array (never a String), shown only as
 * a count, wiped by {@link #clear()} and when {@link #take()} hands a copy out (the receiver wipes that copy).
 */
public final class PinBuffer {
    public static final int MIN_DIGITS = 4;
    public static final int MAX_DIGITS = 12;

    private final char[] digits = new char[MAX_DIGITS];
    private int length;

    /** Adds a digit; false (and nothing added) if full or not 0–9. */
    public boolean add(char digit) {
        if (digit < '0' || digit > '9' || length == MAX_DIGITS) {
            return false;
        }
        digits[length++] = digit;
        return true;
    }

    public void backspace() {
        if (length > 0) {
            digits[--length] = 0;
        }
    }

    public int length() {
        return length;
    }

    public boolean complete() {
        return length >= MIN_DIGITS;
    }

    /** A copy of the digits for the card (the caller wipes it after use); this buffer is wiped. */
    public char[] take() {
        char[] out = Arrays.copyOf(digits, length);
        clear();
        return out;
    }

    public void clear() {
        Arrays.fill(digits, '\0');
        length = 0;
    }

    /** True if no digit is left in memory (for tests). */
    boolean wiped() {
        for (char c : digits) {
            if (c != 0) {
                return false;
            }
        }
        return length == 0;
    }

    /** The dots shown for the digits typed so far. */
    public String mask() {
        return "●".repeat(length);
    }
}
