package org.sscard.centralsim.policy;

import java.util.List;

/**
 * The split of one settlement, in fen, named as on the wire (setlinfo), the per-item splits and the
 * {@link StateDelta} to apply to the person's year. Identities (checked when built):
 * <ul>
 * <li>{@code medfee = Σ item amounts = fulamtOwnpay + overlmt + preselfpay + inscp}</li>
 * <li>{@code inscp = actPayDedc + hifpPay + poolPropSelfpay}</li>
 * <li>{@code fundPaySumamt + psnPartAmt = medfee}</li>
 * <li>{@code acctPay + psnCashPay = psnPartAmt}</li>
 * </ul>
 * A cancel is {@link #negate()}: every amount and the delta negated, the items kept.
 */
public record SettlementOutcome(List<ItemSplit> items, long medfeeSumamtFen, long fulamtOwnpayFen,
        long overlmtSelfpayFen, long preselfpayFen, long inscpScpFen, long actPayDedcFen, long hifpPayFen,
        long poolPropSelfpayFen, long fundPaySumamtFen, long psnPartAmtFen, long acctPayFen, long psnCashPayFen,
        StateDelta delta) {

    public SettlementOutcome {
        items = List.copyOf(items);
        checkIdentities(items, medfeeSumamtFen, fulamtOwnpayFen, overlmtSelfpayFen, preselfpayFen, inscpScpFen,
                actPayDedcFen, hifpPayFen, poolPropSelfpayFen, fundPaySumamtFen, psnPartAmtFen, acctPayFen,
                psnCashPayFen, delta);
    }

    /** The reversing settlement of a cancel (2208): every amount negated; the delta restores the year exactly. */
    public SettlementOutcome negate() {
        return new SettlementOutcome(items, -medfeeSumamtFen, -fulamtOwnpayFen, -overlmtSelfpayFen, -preselfpayFen,
                -inscpScpFen, -actPayDedcFen, -hifpPayFen, -poolPropSelfpayFen, -fundPaySumamtFen, -psnPartAmtFen,
                -acctPayFen, -psnCashPayFen, delta.negate());
    }

    /** True for the reversing outcome of a cancel. */
    public boolean isReversal() {
        return medfeeSumamtFen < 0;
    }

    private static void checkIdentities(List<ItemSplit> items, long medfee, long fulamt, long overlmt,
            long preselfpay, long inscp, long dedc, long hifp, long poolSelf, long fund, long psnPart, long acct,
            long cash, StateDelta delta) {
        long sign = medfee < 0 ? -1 : 1;
        long sumAmounts = 0;
        long sumFul = 0;
        long sumOver = 0;
        long sumPre = 0;
        long sumInscp = 0;
        for (ItemSplit s : items) {
            if (s.amountFen() != s.fulamtOwnpayFen() + s.overlmtFen() + s.preselfpayFen() + s.inscpFen()) {
                throw new PolicyViolation("item " + s.item().code() + ": parts do not add up to the amount");
            }
            if (s.fulamtOwnpayFen() < 0 || s.overlmtFen() < 0 || s.preselfpayFen() < 0 || s.inscpFen() < 0) {
                throw new PolicyViolation("item " + s.item().code() + ": a part is negative");
            }
            sumAmounts += s.amountFen();
            sumFul += s.fulamtOwnpayFen();
            sumOver += s.overlmtFen();
            sumPre += s.preselfpayFen();
            sumInscp += s.inscpFen();
        }
        require(medfee == sign * sumAmounts, "medfee_sumamt differs from the sum of the items");
        require(fulamt == sign * sumFul && overlmt == sign * sumOver && preselfpay == sign * sumPre
                && inscp == sign * sumInscp, "visit totals differ from the sum of the item splits");
        require(medfee == fulamt + overlmt + preselfpay + inscp,
                "medfee_sumamt != fulamt_ownpay + overlmt + preselfpay + inscp");
        require(inscp == dedc + hifp + poolSelf, "inscp != act_pay_dedc + hifp_pay + pool_prop_selfpay");
        require(fund == hifp, "fund_pay_sumamt != hifp_pay");
        require(fund + psnPart == medfee, "fund_pay_sumamt + psn_part_amt != medfee_sumamt");
        require(acct + cash == psnPart, "acct_pay + psn_cash_pay != psn_part_amt");
        for (long v : new long[] {medfee, fulamt, overlmt, preselfpay, inscp, dedc, hifp, poolSelf, fund, psnPart,
            acct, cash}) {
            require(sign * v >= 0, "an amount has the wrong sign");
        }
        require(delta.deductibleConsumedFen() == dedc && delta.poolPaidFen() == hifp
                && delta.accountBalanceFen() == -acct, "state delta does not match the amounts");
    }

    private static void require(boolean condition, String identity) {
        if (!condition) {
            throw new PolicyViolation("settlement identity violated: " + identity);
        }
    }
}
