package org.sscard.terminal.ui.input;

/**
 * Tells a barcode scanner in keyboard-wedge mode from a person typing: a scanner sends its characters in a burst
 * (each within {@code maxGapNanos} of the previous) and ends with Enter; a person types slower. {@link #onChar}
 * and {@link #onEnter} are fed every typed character with the time it arrived; {@code onEnter} returns the code
 * when the burst qualifies (at least {@code minLength} characters, Enter itself also within the gap), else null.
 */
public final class WedgeDetector {
    /** 35 ms between keys: scanners send a character every 1–10 ms; fast typists need 60 ms or more. */
    public static final long DEFAULT_MAX_GAP_NANOS = 35_000_000L;
    public static final int DEFAULT_MIN_LENGTH = 6;

    private final long maxGapNanos;
    private final int minLength;
    private final StringBuilder burst = new StringBuilder();
    private long lastAt;

    public WedgeDetector(long maxGapNanos, int minLength) {
        this.maxGapNanos = maxGapNanos;
        this.minLength = minLength;
    }

    public WedgeDetector() {
        this(DEFAULT_MAX_GAP_NANOS, DEFAULT_MIN_LENGTH);
    }

    /** A printable character arrived at {@code nanos} (a monotonic clock). */
    public void onChar(char c, long nanos) {
        if (burst.length() > 0 && nanos - lastAt > maxGapNanos) {
            burst.setLength(0);
        }
        if (c < 0x20 || c == 0x7F) {
            burst.setLength(0);
            return;
        }
        burst.append(c);
        lastAt = nanos;
    }

    /** Enter arrived: the scanned code if the characters before it were a scanner's burst, else null. */
    public String onEnter(long nanos) {
        String code = burst.length() >= minLength && nanos - lastAt <= maxGapNanos ? burst.toString() : null;
        burst.setLength(0);
        return code;
    }

    /** How many characters of the current burst have been seen (they may have gone into a text field). */
    public int pending() {
        return burst.length();
    }
}
