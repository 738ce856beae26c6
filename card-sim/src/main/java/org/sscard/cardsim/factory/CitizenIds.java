package org.sscard.cardsim.factory;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Citizen ID numbers (GB 11643-1999): 6-digit administrative code ‖ birth date yyyyMMdd ‖ 3-digit order
 * number (odd for men, even for women) ‖ check character (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3
 * 7 9 10 5 8 4 2 over the 17 digits, check = "10X98765432"[sum mod 11]).
 */
public final class CitizenIds {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";

    private CitizenIds() {
    }

    /** The check character of the first 17 digits. */
    public static char checkCharacter(String first17) {
        if (first17 == null || !first17.matches("[0-9]{17}")) {
            throw new IllegalArgumentException("a citizen ID number starts with 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    /** Builds a number; {@code order} is 0..999 and must be odd for a man ("1") and even for a woman ("2"). */
    public static String of(String adminCode, LocalDate birthDate, int order, String sex) {
        if (order < 0 || order > 999 || (order % 2 == 1) != "1".equals(sex)) {
            throw new IllegalArgumentException("the order number is 0..999, odd for men and even for women");
        }
        String first17 = adminCode + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", order);
        return first17 + checkCharacter(first17);
    }

    /** True if the number has the right form, a real calendar birth date and the right check character. */
    public static boolean isValid(String number) {
        if (number == null || !number.matches("[0-9]{17}[0-9X]")) {
            return false;
        }
        try {
            LocalDate.parse(number.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
        return checkCharacter(number.substring(0, 17)) == number.charAt(17);
    }
}
