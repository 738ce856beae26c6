package org.sscard.cardsim.factory;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.sscard.values.CitizenId;

/**
 * Citizen ID numbers (GB 11643-1999): 6-digit administrative code ‖ birth date yyyyMMdd ‖ 3-digit order
 * number (odd for men, even for women) ‖ check character ({@link CitizenId}).
 */
public final class CitizenIds {
    private CitizenIds() {
    }

    /** Builds a number; {@code order} is 0..999 and must be odd for a man ("1") and even for a woman ("2"). */
    public static String of(String adminCode, LocalDate birthDate, int order, String sex) {
        if (order < 0 || order > 999 || (order % 2 == 1) != "1".equals(sex)) {
            throw new IllegalArgumentException("the order number is 0..999, odd for men and even for women");
        }
        return CitizenId.withCheckCharacter(adminCode + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%03d", order)).value();
    }

    /** True if the number has the right form, a real calendar birth date and the right check character. */
    public static boolean isValid(String number) {
        if (!CitizenId.isValid(number)) {
            return false;
        }
        try {
            LocalDate.parse(number.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}
