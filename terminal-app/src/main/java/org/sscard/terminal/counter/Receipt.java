package org.sscard.terminal.counter;

import java.util.List;
import org.sscard.protocol.Money;

/**
 * What the receipt printer gets after a settlement or a cancel: the whole breakdown in fen (negative for a cancel).
 * Holds the holder's name for printing; {@link #toString()} does not show it.
 *
 * @param kind         VISIT, SALE or CANCEL
 * @param cardUpdated  whether the card's medical data were written after the settlement
 */
public record Receipt(String kind, String institutionCode, String institutionName, String operatorId,
                      String setlTime, String setlId, String origSetlId, String mdtrtId, String msgid,
                      String holderName, String cardNumber, String insuranceType, String medType,
                      List<Line> items, Money medfeeSumamt, Money fulamtOwnpayAmt, Money overlmtSelfpay,
                      Money preselfpayAmt, Money inscpScpAmt, Money actPayDedc, Money hifpPay, Money poolPropSelfpay,
                      Money fundPaySumamt, Money psnPartAmt, Money acctPay, Money psnCashPay, Money balance,
                      boolean cardUpdated) {

    /** One item line with its insurance split (from the 2204 answer). */
    public record Line(String localCode, String name, String nationalCode, long count, Money price, Money amount,
                       String itemClass, Money fulamtOwnpay, Money overlmt, Money preselfpay, Money inscp) {
    }

    public Receipt {
        items = List.copyOf(items);
    }

    @Override
    public String toString() {
        return "Receipt[" + kind + " setl_id=" + setlId + " mdtrt_id=" + mdtrtId + " total=" + medfeeSumamt + " fund="
                + fundPaySumamt + " acct=" + acctPay + " cash=" + psnCashPay + "]";
    }
}
