package org.sscard.card.session;

import java.time.LocalDate;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.values.CardNumber;

/**
 * SSSE EF05, the card-issuer data (readable without authentication).
 *
 * @param identificationCode tag 01, 卡识别码
 * @param cardType           tag 02, an 1
 * @param specVersion        tag 03, an 4, e.g. "3.00"
 * @param institution        tag 04, an 12, the initialising institution
 * @param issueDate          tag 05
 * @param expiryDate         tag 06
 * @param cardNumber         tag 07
 */
public record IssuerData(CardIdentificationCode identificationCode, String cardType, String specVersion,
                         String institution, LocalDate issueDate, LocalDate expiryDate, CardNumber cardNumber) {
    public IssuerData {
        require(identificationCode != null, "the card identification code is missing");
        require(cardNumber != null, "the card number is missing");
        require(issueDate != null && expiryDate != null, "issue and expiry dates are required");
        require(!expiryDate.isBefore(issueDate), "the expiry date is before the issue date");
        require(cardType != null && cardType.length() == 1, "the card type is one character");
        require(specVersion != null && specVersion.length() <= 4, "the spec version has at most 4 characters");
        require(institution != null && institution.length() <= 12, "the institution has at most 12 characters");
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
