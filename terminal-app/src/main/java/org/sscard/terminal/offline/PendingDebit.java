package org.sscard.terminal.offline;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.sscard.values.Money;

/**
 * A debit written to the station's journal before the DEBIT command went to the card: everything of the C110
 * record but the TAC, which only the card's answer gives. Stored as JSON, its amounts as numbers of fen ({@code amount_fen},
 * {@code balance_after}).
 * {@code state} is {@code PENDING} while the card is being
 * debited and {@code UNKNOWN} once the card failed to answer (or the station stopped) during the DEBIT.
 *
 * @param msgid        the msgid reserved for its C110
 * @param termSeq      terminal sequence number (4 bytes, never reused)
 * @param cardNo       card number
 * @param cardSn       card identification code (hex, upper case)
 * @param amount       amount
 * @param txnTime      transaction time {@code yyyy-MM-dd HH:mm:ss}
 * @param offlineSeq   the card's offline sequence number before the debit
 * @param balanceAfter the balance after the debit
 * @param operator     the pharmacist
 * @param state        PENDING or UNKNOWN
 */
public record PendingDebit(String msgid, long termSeq, String cardNo, String cardSn,
                           @JsonProperty("amount_fen") Money amount, String txnTime, int offlineSeq, Money balanceAfter, String operator, String operatorName, String state) {
    static final String PENDING = "PENDING";
    static final String UNKNOWN = "UNKNOWN";

    PendingDebit withState(String newState) {
        return new PendingDebit(msgid, termSeq, cardNo, cardSn, amount, txnTime, offlineSeq, balanceAfter, operator,
                operatorName, newState);
    }
}
