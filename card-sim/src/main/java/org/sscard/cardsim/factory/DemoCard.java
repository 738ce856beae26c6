package org.sscard.cardsim.factory;

import java.time.LocalDate;
import org.sscard.card.session.CardData;
import org.sscard.card.session.HolderData;
import org.sscard.card.session.IssuerData;
import org.sscard.card.session.MedicalData;
import org.sscard.crypto.BlockAlgorithm;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.values.CardNumber;
import org.sscard.values.Money;

/**
 * One issued demo card as the manifest lists it (docs/demo-cards.md). Amounts are fen. The status is
 * central data only: a LOST or CANCELLED card is personalised like any other.
 *
 * @param number 1-based position in the manifest (what {@code virtual-card --card N} names)
 */
public record DemoCard(int number, CardNumber cardNumber, CardIdentificationCode identification,
                       BlockAlgorithm algorithm, LocalDate issueDate, LocalDate expiryDate, Status status, String pin,
                       Holder holder, Insurance insurance) {

    public enum Status { ACTIVE, LOST, SUSPENDED, CANCELLED }

    /** EF06 and the central person record. */
    public record Holder(String personNumber, String certificateNumber, String name, String sex, LocalDate birthDate,
                         String ethnicity, String birthplace) {
    }

    /** Medical EF05 and the central insurance record. */
    public record Insurance(String insuranceType, String personType, String insuredRegion, long balanceFen,
                            long yearToDateDeductibleFen, long yearToDatePoolPaidFen) {
    }

    /** The issuing region (admin code of the identification code). */
    public String region() {
        return identification.region();
    }

    /** What the card office writes on the card. */
    public CardData cardData() {
        IssuerData issuer = new IssuerData(identification, "1", algorithm == BlockAlgorithm.SM4 ? "3.00" : "2.00",
                institution(), issueDate, expiryDate, cardNumber);
        HolderData holderData = new HolderData(holder.certificateNumber(), holder.name(), holder.sex(),
                holder.ethnicity(), holder.birthplace(), holder.birthDate());
        MedicalData medical = new MedicalData(insurance.insuranceType(), insurance.personType(),
                insurance.insuredRegion(), Money.ofFen(insurance.balanceFen()),
                Money.ofFen(insurance.yearToDateDeductibleFen()), issueDate, 0);
        return new CardData(issuer, holderData, medical);
    }

    /** The initialising institution, an 12: the city's code and a fixed suffix (ours). */
    private String institution() {
        return insurance.insuredRegion() + "RSJ001";
    }

    @Override
    public String toString() {
        return "DemoCard[" + number + ", " + cardNumber + ", " + algorithm.displayName() + ", " + status + "]";
    }
}
