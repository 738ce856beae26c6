package org.sscard.card.session;

import java.time.LocalDateTime;
import org.sscard.values.Money;

/**
 * An offline debit the terminal asks the card to make.
 *
 * @param amount      the amount (1 fen .. 2^32-1 fen)
 * @param terminalId  the terminal's 6-byte id
 * @param terminalSeq the terminal's transaction sequence number (0 .. 2^32-1)
 * @param dateTime    the transaction time (to the second)
 */
public record DebitRequest(Money amount, byte[] terminalId, long terminalSeq, LocalDateTime dateTime) {
    public DebitRequest {
        IssuerData.require(MedicalData.fitsFourBytes(amount) && amount.isPositive(), "a debit amount is 1 fen or more and fits 4 bytes");
        IssuerData.require(terminalId != null && terminalId.length == 6, "the terminal id is 6 bytes");
        IssuerData.require(terminalSeq >= 0 && terminalSeq <= 0xFFFFFFFFL, "the terminal sequence number fits 4 bytes");
        IssuerData.require(dateTime != null, "the transaction time is missing");
        terminalId = terminalId.clone();
    }

    @Override
    public byte[] terminalId() {
        return terminalId.clone();
    }
}
