package org.sscard.values;

/**
 * A citizen ID number (公民身份号码, GB 11643-1999): 6-digit administrative code ‖ birth date yyyyMMdd ‖ 3-digit order
 * number (odd for men, even for women) ‖ check character (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8
 * 4 2 over the 17 digits, check = {@code "10X98765432"[sum mod 11]}). {@link #toString()} shows it masked.
 *
 * @param value the whole number, for the card, the national interface and the store; never for a log line
 */
public record CitizenId(String value) {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final int SHOWN_FIRST = 3;
    private static final int SHOWN_LAST = 4;

    /**
     * Checks the form (17 digits and a digit or {@code X}) and the check character.
     *
     * @throws IllegalArgumentException saying which, without the number
     */
    public CitizenId {
        if (!hasForm(value)) {
            throw new IllegalArgumentException("an ID number has 17 digits and a check character (0-9 or X)");
        }
        if (checkCharacter(value.substring(0, 17)) != value.charAt(17)) {
            throw new IllegalArgumentException("the ID number's check character does not match (mistyped?)");
        }
    }

    /** Appends the check character to the first 17 digits. */
    public static CitizenId withCheckCharacter(String first17) {
        return new CitizenId(first17 + checkCharacter(first17));
    }

    /** True if {@code text} has the form and the right check character. */
    public static boolean isValid(String text) {
        return hasForm(text) && checkCharacter(text.substring(0, 17)) == text.charAt(17);
    }

    /** The check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17 || !digits(first17, 17)) {
            throw new IllegalArgumentException("an ID number starts with 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /**
     * An ID number fit for a screen, a slip or a log line: the first 3 and the last 4 characters kept
     * ({@code 440***********1234}); text shorter than 8 characters is all {@code *}; null stays null. Any text is
     * accepted, valid or not (a mistyped number is still somebody's).
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() < SHOWN_FIRST + SHOWN_LAST + 1) {
            return "*".repeat(text.length());
        }
        return text.substring(0, SHOWN_FIRST) + "*".repeat(text.length() - SHOWN_FIRST - SHOWN_LAST)
                + text.substring(text.length() - SHOWN_LAST);
    }

    private static boolean hasForm(String text) {
        return text != null && text.length() == 18 && digits(text, 17)
                && (digits(text.substring(17), 1) || text.charAt(17) == 'X');
    }

    private static boolean digits(String text, int count) {
        for (int i = 0; i < count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The masked number: a {@code CitizenId} in a log line or an exception message shows no more than that. */
    @Override
    public String toString() {
        return mask(value);
    }
}
