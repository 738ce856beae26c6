package org.sscard.terminal.card;

import java.time.LocalDate;
import org.sscard.values.CardNumber;
import org.sscard.values.Money;

/**
 * What the cashier is shown to check that the person, the ID and the card match (人证卡相符): name, sex and birth
 * date from the card, the ID number masked, and the insurance as the central service reports it (1101).
 * {@link #toString()} shows no name and only the masked ID and card numbers.
 *
 * @param sex             "1" male, "2" female
 * @param maskedIdNumber  the citizen ID number masked (first 3 and last 4 characters, {@code CitizenId.mask})
 * @param insuranceType   310 employee, 390 resident
 * @param insuranceStatus 1 normal, 2 suspended, 4 terminated (psn_insu_stas)
 * @param balance         the personal-account balance at the central service
 */
public record HolderView(String name, String sex, LocalDate birthDate, String maskedIdNumber, String cardNumber,
                         String personNumber, String insuranceType, String personType, String insuranceStatus,
                         String insuredRegion, Money balance) {

    /** 男 / 女 for display. */
    public String sexText() {
        return "1".equals(sex) ? "男" : "女";
    }

    @Override
    public String toString() {
        return "HolderView[card=" + CardNumber.mask(cardNumber) + ", id=" + maskedIdNumber + ", insutype="
                + insuranceType + "]";
    }
}
