package org.sscard.card.session;

import java.time.LocalDate;
import org.sscard.card.tlv.Codecs;
import org.sscard.values.Money;

/**
 * What a settlement, or its cancel, leaves on the card's medical application: the absolute EF05 values balance (tag
 * 33), year-to-date deductible (34) and last update (35), and for a settlement (not a cancel) one EF08 transaction
 * record: settlement id an 20 (its last 20 characters) ‖ date cn 4 ‖ amount fen 4.
 *
 * @param amount the settlement's total, negative for a cancel
 */
public record SettlementEntry(String settlementId, Money balance, Money yearToDate, LocalDate date, Money amount) {
    public SettlementEntry {
        IssuerData.require(settlementId != null && !settlementId.isEmpty(), "the settlement id is missing");
        IssuerData.require(date != null, "the date is missing");
        IssuerData.require(balance != null && yearToDate != null && amount != null, "an amount is missing");
    }

    /** A cancel rewrites EF05 only; the card's EF08 keeps the settlement's record. */
    public boolean cancel() {
        return amount.isNegative();
    }

    /** The first 20 bytes of an EF08 record: the settlement id's last 20 characters, an 20. */
    static byte[] settlementIdField(String settlementId) {
        String id = settlementId.length() > 20 ? settlementId.substring(settlementId.length() - 20) : settlementId;
        return Codecs.encodeAn(id, 20, "settlement id");
    }

    byte[] transactionRecord() {
        byte[] record = new byte[CardRecords.TRANSACTION_RECORD_BYTES];
        System.arraycopy(settlementIdField(settlementId), 0, record, 0, 20);
        System.arraycopy(Codecs.encodeDate(date, "date"), 0, record, 20, 4);
        System.arraycopy(Codecs.encodeAmount(amount.fen(), "amount"), 0, record, 24, 4);
        return record;
    }
}
