package org.sscard.protocol;

import java.util.List;
import org.sscard.values.Money;

/**
 * The output of 2206, 2207 and 2208: {@code setlinfo} and the fund rows {@code setldetail}. For 2206
 * {@code setl_id} is absent (nothing committed); for 2208 the amounts are the negated amounts of the
 * cancelled settlement and {@code orig_setl_id} names it.
 */
public record SettlementResult(SetlInfo setlinfo, List<SetlDetail> setldetail) implements TransactionOutput {
    @Override
    public void validate(Fields f) {
        f.object("setlinfo", setlinfo);
        f.optionalList("setldetail", setldetail, 10);
    }

    /**
     * The split of one settlement. Identities (checked): {@code medfee_sumamt = fulamt_ownpay_amt +
     * overlmt_selfpay + preselfpay_amt + inscp_scp_amt}; {@code fund_pay_sumamt + psn_part_amt =
     * medfee_sumamt}; {@code acct_pay + psn_cash_pay = psn_part_amt}. See docs/settlement-rules.md for the
     * meaning of {@code act_pay_dedc} and {@code pool_prop_selfpay}. {@code balc}: the personal-account
     * balance after this settlement.
     */
    public record SetlInfo(String setlId, String origSetlId, String mdtrtId, String psnNo, InsuType insutype,
            MedType medType, String setlTime, Money medfeeSumamt, Money fulamtOwnpayAmt, Money overlmtSelfpay,
            Money preselfpayAmt, Money inscpScpAmt, Money actPayDedc, Money hifpPay, Money poolPropSelfpay,
            Money fundPaySumamt, Money psnPartAmt, Money acctPay, Money psnCashPay, Money balc)
            implements Validated {
        @Override
        public void validate(Fields f) {
            f.optionalText("setl_id", setlId, 30);
            f.optionalText("orig_setl_id", origSetlId, 30);
            f.text("mdtrt_id", mdtrtId, 30);
            f.text("psn_no", psnNo, 30);
            f.required("insutype", insutype);
            f.required("med_type", medType);
            f.dateTime("setl_time", setlTime);
            Money[] all = {medfeeSumamt, fulamtOwnpayAmt, overlmtSelfpay, preselfpayAmt, inscpScpAmt, actPayDedc,
                hifpPay, poolPropSelfpay, fundPaySumamt, psnPartAmt, acctPay, psnCashPay};
            String[] names = {"medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
                "inscp_scp_amt", "act_pay_dedc", "hifp_pay", "pool_prop_selfpay", "fund_pay_sumamt", "psn_part_amt",
                "acct_pay", "psn_cash_pay"};
            for (int i = 0; i < all.length; i++) {
                f.required(names[i], all[i]);
            }
            f.nonNegative("balc", balc);
            if (!fulamtOwnpayAmt.plus(overlmtSelfpay).plus(preselfpayAmt).plus(inscpScpAmt).equals(medfeeSumamt)) {
                throw f.invalid("medfee_sumamt",
                        "must equal fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt");
            }
            if (!fundPaySumamt.plus(psnPartAmt).equals(medfeeSumamt)) {
                throw f.invalid("psn_part_amt", "fund_pay_sumamt + psn_part_amt must equal medfee_sumamt");
            }
            if (!acctPay.plus(psnCashPay).equals(psnPartAmt)) {
                throw f.invalid("psn_cash_pay", "acct_pay + psn_cash_pay must equal psn_part_amt");
            }
        }
    }

    /**
     * One fund's share. {@code fund_pay_type}: 310100 employee basic pool fund, 390100 resident basic pool
     * fund (ours: the only funds the simulator pays).
     */
    public record SetlDetail(String fundPayType, String fundPayTypeName, Money inscpScpAmt, Money fundPayamt)
            implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("fund_pay_type", fundPayType, 6);
            f.text("fund_pay_type_name", fundPayTypeName, 100);
            f.required("inscp_scp_amt", inscpScpAmt);
            f.required("fund_payamt", fundPayamt);
        }
    }
}
