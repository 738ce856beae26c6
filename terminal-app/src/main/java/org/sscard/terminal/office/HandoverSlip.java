package org.sscard.terminal.office;

import org.sscard.values.CardNumber;

/**
 * What the handover slip prints when a card is handed to its holder: no full ID number (masked), no PIN.
 * {@link #toString()} masks the card number too.
 *
 * @param action     issue, reissue or replace
 * @param cardNo     the new card's number
 * @param cardSn     its identification code (hex)
 * @param name       the holder's name (the holder signs the slip)
 * @param maskedCertno the ID number masked (first 3 and last 4 characters)
 * @param issueDate  yyyy-MM-dd
 * @param expiryDate yyyy-MM-dd
 * @param cardState  the central service's state after registration (ISSUED)
 * @param oldCardNo  the card it replaces (reissue/replace), else null
 * @param operator   the card clerk
 * @param time       when, yyyy-MM-dd HH:mm:ss
 */
public record HandoverSlip(String action, String cardNo, String cardSn, String name, String maskedCertno,
                           String issueDate, String expiryDate, String cardState, String oldCardNo, String operator,
                           String time) {
    @Override
    public String toString() {
        return "HandoverSlip[" + action + " " + CardNumber.mask(cardNo) + ", holder " + maskedCertno + ", " + cardState
                + "]";
    }
}
