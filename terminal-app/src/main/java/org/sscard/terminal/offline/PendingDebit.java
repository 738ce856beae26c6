package org.sscard.terminal.offline;

/**
 * A debit written to the station's journal before the DEBIT command went to the card: everything of the C110
 * record but the TAC, which only the card's answer gives. {@code state} is {@code PENDING} while the card is being
 * debited and {@code UNKNOWN} once the card failed to answer (or the station stopped) during the DEBIT.
 *
 * @param msgid        the msgid reserved for its C110
 * @param termSeq      terminal sequence number (4 bytes, never reused)
 * @param cardNo       card number
 * @param cardSn       card identification code (hex, upper case)
 * @param amountFen    amount
 * @param txnTime      transaction time {@code yyyy-MM-dd HH:mm:ss}
 * @param offlineSeq   the card's offline sequence number before the debit
 * @param balanceAfter the balance after the debit, fen
 * @param operator     the pharmacist
 * @param state        PENDING or UNKNOWN
 */
public record PendingDebit(String msgid, long termSeq, String cardNo, String cardSn, long amountFen, String txnTime,
                           int offlineSeq, long balanceAfter, String operator, String operatorName, String state) {
    static final String PENDING = "PENDING";
    static final String UNKNOWN = "UNKNOWN";

    PendingDebit withState(String newState) {
        return new PendingDebit(msgid, termSeq, cardNo, cardSn, amountFen, txnTime, offlineSeq, balanceAfter, operator,
                operatorName, newState);
    }
}
