package org.sscard.card.session;

import java.time.LocalDate;
import org.sscard.values.Money;

/**
 * Medical application EF05 (tags 30–36). Amounts are {@link Money}, on the card 4 unsigned bytes of fen.
 *
 * @param insuranceType tag 30, an 3 (310 employee, 390 urban-rural resident)
 * @param personType    tag 31, an 2
 * @param insuredRegion tag 32, cn 3 = 6-digit administrative code
 * @param balance       tag 33, personal-account balance, 4 bytes unsigned
 * @param yearToDate    tag 34, amount counted towards the deductible this year, 4 bytes unsigned
 * @param lastUpdate    tag 35
 * @param offlineSeq    tag 36, the offline sequence number, 2 bytes
 */
public record MedicalData(String insuranceType, String personType, String insuredRegion, Money balance,
                          Money yearToDate, LocalDate lastUpdate, int offlineSeq) {
    public MedicalData {
        IssuerData.require(insuranceType != null && insuranceType.length() <= 3, "the insurance type has at most 3 characters");
        IssuerData.require(personType != null && personType.length() <= 2, "the person type has at most 2 characters");
        IssuerData.require(insuredRegion != null && insuredRegion.matches("[0-9]{6}"), "the insured region has 6 digits");
        IssuerData.require(fitsFourBytes(balance), "the balance must fit 4 unsigned bytes");
        IssuerData.require(fitsFourBytes(yearToDate), "the year-to-date amount must fit 4 unsigned bytes");
        IssuerData.require(lastUpdate != null, "the last update date is missing");
        IssuerData.require(offlineSeq >= 0 && offlineSeq <= 0xFFFF, "the offline sequence number is 0..65535");
    }

    /** An amount the card holds in 4 unsigned bytes of fen (0 .. 2^32-1); null does not fit. */
    static boolean fitsFourBytes(Money amount) {
        return amount != null && amount.fen() >= 0 && amount.fen() <= 0xFFFFFFFFL;
    }
}
