package org.sscard.card.session;

import java.time.LocalDate;
import org.sscard.values.CitizenId;

/**
 * SSSE EF06, the holder's basic data (readable after external authentication). {@link #toString()} masks
 * the social security number and the name.
 *
 * @param socialSecurityNumber tag 08, an 18 (the citizen ID number)
 * @param name                 tags 09 ‖ 4E, GBK, at most 50 bytes (30 in 09, the rest in 4E)
 * @param sex                  tag 0A, "1" male, "2" female
 * @param ethnicity            tag 0B, cn 1 = 2 digits (GB 3304 code, "01" Han)
 * @param birthplace           tag 0C, cn 3 = 6-digit administrative code
 * @param birthDate            tag 0D
 */
public record HolderData(String socialSecurityNumber, String name, String sex, String ethnicity, String birthplace,
                         LocalDate birthDate) {
    public HolderData {
        IssuerData.require(socialSecurityNumber != null && socialSecurityNumber.matches("[0-9]{17}[0-9X]"),
                "the social security number has 17 digits and a final digit or X");
        IssuerData.require(name != null && !name.isBlank(), "the name is missing");
        IssuerData.require("1".equals(sex) || "2".equals(sex), "sex is 1 (male) or 2 (female)");
        IssuerData.require(ethnicity != null && ethnicity.matches("[0-9]{2}"), "the ethnicity code has 2 digits");
        IssuerData.require(birthplace != null && birthplace.matches("[0-9]{6}"), "the birthplace code has 6 digits");
        IssuerData.require(birthDate != null, "the birth date is missing");
    }

    /** The social security number masked ({@link CitizenId#mask}). */
    public String maskedSocialSecurityNumber() {
        return CitizenId.mask(socialSecurityNumber);
    }

    @Override
    public String toString() {
        return "HolderData[ssn=" + maskedSocialSecurityNumber() + ", name=<" + name.length() + " chars>, sex=" + sex
                + ", ethnicity=" + ethnicity + ", birthplace=" + birthplace + ", birthDate=" + birthDate + "]";
    }
}
