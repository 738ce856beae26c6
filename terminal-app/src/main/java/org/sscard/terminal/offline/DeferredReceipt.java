package org.sscard.terminal.offline;

import java.util.List;
import org.sscard.values.Money;

/**
 * What the receipt of a deferred visit shows: the patient paid the whole total in cash; the fund share is settled
 * when the link returns and then refunded (quote {@code ref}). No pool-fund estimate is given offline.
 *
 * @param paidCash equal to {@code total}
 * @param note     the fixed sentence for the receipt
 */
public record DeferredReceipt(String ref, String institutionCode, String institutionName, String operator,
                              String visitTime, String cardNo, String holderName, String deptCode, String doctorName,
                              List<DeferredVisit.Item> items, Money total, Money paidCash, String note) {
    public static final String NOTE = "已全额现金支付，医保基金部分待联网后结算并退还 (paid in full (cash); fund share to be"
            + " settled later and refunded)";

    public DeferredReceipt {
        items = List.copyOf(items);
    }

    @Override
    public String toString() {
        return "DeferredReceipt[" + ref + " card " + cardNo + " total_fen=" + total.fen() + "]";
    }
}
