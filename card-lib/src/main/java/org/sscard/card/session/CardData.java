package org.sscard.card.session;

/** Everything a personalised card holds that the terminal reads or the card office writes. */
public record CardData(IssuerData issuer, HolderData holder, MedicalData medical) {
    public CardData {
        IssuerData.require(issuer != null && holder != null && medical != null, "issuer, holder and medical data are all required");
    }
}
