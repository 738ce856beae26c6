package org.sscard.card.session;

import java.time.LocalDate;

/**
 * Medical application EF05 (tags 30–36). Amounts are fen.
 *
 * @param insuranceType tag 30, an 3 (310 employee, 390 urban-rural resident)
 * @param personType    tag 31, an 2
 * @param insuredRegion tag 32, cn 3 = 6-digit administrative code
 * @param balanceFen    tag 33, personal-account balance, 4 bytes unsigned
 * @param yearToDateFen tag 34, amount counted towards the deductible this year, 4 bytes unsigned
 * @param lastUpdate    tag 35
 * @param offlineSeq    tag 36, the offline sequence number, 2 bytes
 */
public record MedicalData(String insuranceType, String personType, String insuredRegion, long balanceFen,
                          long yearToDateFen, LocalDate lastUpdate, int offlineSeq) {
    public MedicalData {
        IssuerData.require(insuranceType != null && insuranceType.length() <= 3, "the insurance type has at most 3 characters");
        IssuerData.require(personType != null && personType.length() <= 2, "the person type has at most 2 characters");
        IssuerData.require(insuredRegion != null && insuredRegion.matches("[0-9]{6}"), "the insured region has 6 digits");
        IssuerData.require(balanceFen >= 0 && balanceFen <= 0xFFFFFFFFL, "the balance must fit 4 unsigned bytes");
        IssuerData.require(yearToDateFen >= 0 && yearToDateFen <= 0xFFFFFFFFL, "the year-to-date amount must fit 4 unsigned bytes");
        IssuerData.require(lastUpdate != null, "the last update date is missing");
        IssuerData.require(offlineSeq >= 0 && offlineSeq <= 0xFFFF, "the offline sequence number is 0..65535");
    }
}
