package org.sscard.values;

/**
 * The social security card number (卡号, SSSE EF05 tag 07): 8 characters {@code [0-9A-Z]} and a check character
 * computed with the weights 3,7,9,10,5,8,4,2 (digits count as their value, A = 10, B = 11, ...): check =
 * 11 − (sum mod 11), where 10 is written {@code X} and 11 is written {@code 0}.
 */
public record CardNumber(String value) {
    private static final int[] WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    private static final int SHOWN_LAST = 4;
    /** Checks the length and the check character. */
    public CardNumber {
        if (value == null || value.length() != 9) {
            throw new IllegalArgumentException("a card number has 9 characters, got "
                    + (value == null ? "none" : value.length()));
        }
        char expected = checkCharacter(value.substring(0, 8));
        if (value.charAt(8) != expected) {
            throw new IllegalArgumentException("card number " + mask(value) + " has a wrong check character (expected "
                    + expected + "): mistyped or not a genuine card number");
        }
    }

    /** Parses a 9-character card number and checks its check character (the same as the constructor). */
    public static CardNumber of(String text) {
        return new CardNumber(text);
    }

    /** Appends the check character to the 8-character body. */
    public static CardNumber withCheckCharacter(String body) {
        return new CardNumber(body + checkCharacter(body));
    }

    /** True if {@code text} is 9 characters {@code [0-9A-Z]} ending in the right check character. */
    public static boolean isValid(String text) {
        try {
            of(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The check character of the 8-character body. */
    public static char checkCharacter(String body) {
        if (body.length() != 8) {
            throw new IllegalArgumentException("the card number body has 8 characters, got " + body.length());
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = body.charAt(i);
            int v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (c >= 'A' && c <= 'Z') {
                v = c - 'A' + 10;
            } else {
                throw new IllegalArgumentException("a card number has characters 0-9 and A-Z only, got '" + c + "'");
            }
            sum += v * WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    }

    /**
     * A card number fit for a log line: only the last 4 characters kept ({@code *****567X}); text of 4 characters or
     * fewer is all {@code *}; null stays null. Any text is accepted, valid or not.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() <= SHOWN_LAST) {
            return "*".repeat(text.length());
        }
        return "*".repeat(text.length() - SHOWN_LAST) + text.substring(text.length() - SHOWN_LAST);
    }

    /** The whole number: it is printed on the card, the receipt and the screens (logs use {@link #mask}). */
    @Override
    public String toString() {
        return value;
    }
}
