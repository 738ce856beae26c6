package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscard.values.CitizenId;
import org.sscard.values.Money;

/**
 * The output of 2206, 2207 and 2208: {@code setlinfo} and the fund rows {@code setldetail}, directly under
 * {@code output}. For 2206 {@code setl_id} is absent (nothing committed); for 2208 the amounts are the negated amounts
 * of the cancelled settlement and {@code orig_setl_id} (ours) names it.
 */
public record SettlementResult(SetlInfo setlinfo, List<SetlDetail> setldetail) implements TransactionOutput {
    @Override
    public void validate(Fields f) {
        f.object("setlinfo", setlinfo);
        f.optionalList("setldetail", setldetail, 10);
    }

    /**
     * The split of one settlement, with every member of the interface's {@code setlinfo} (2207; 2206 has no
     * {@code setl_id}, 2208 is the reversing settlement with negative amounts and {@code orig_setl_id}, ours). Identities
     * (checked): {@code medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt};
     * {@code fund_pay_sumamt + psn_part_amt = medfee_sumamt}; {@code acct_pay + psn_cash_pay = psn_part_amt}. See
     * docs/settlement-rules.md for {@code act_pay_dedc}; {@code pool_prop_selfpay} is the pool fund's payment ratio,
     * N(5,4). {@code balc}: the personal-account balance after this settlement. The funds besides the pool
     * ({@link #otherFunds()}), {@code pool_prop_selfpay} and the person members are optional when read (platforms send {@code null}); 2208's
     * {@code pdn_cash_pay} (the V1.0 table's spelling) is read as {@code psn_cash_pay}. A reversing settlement (2208's
     * form, {@code medfee_sumamt} below zero) needs neither {@code psn_no}, {@code insutype} nor {@code med_type}: the
     * table's 2208 output has no person fields.
     */
    public record SetlInfo(String mdtrtId, String setlId, String origSetlId, String psnNo, String psnName,
            String psnCertType, String certno, Gender gend, String naty, String brdy, BigDecimal age, InsuType insutype,
            String psnType, String cvlservFlag, String setlTime, MdtrtCertType mdtrtCertType, MedType medType,
            Money medfeeSumamt, Money fulamtOwnpayAmt, Money overlmtSelfpay, Money preselfpayAmt, Money inscpScpAmt,
            Money actPayDedc, Money hifpPay, Ratio poolPropSelfpay, Money cvlservPay, Money hifesPay, Money hifmiPay,
            Money hifobPay, Money mafPay, Money othPay, Money fundPaySumamt, Money psnPartAmt, Money acctPay,
            @JsonAlias("pdn_cash_pay") Money psnCashPay, Money hospPartAmt, Money balc, Money acctMulaidPay,
            String medinsSetlId, String clrOptins, String clrWay, ClrType clrType) implements Validated {

        public SetlInfo {
            age = PersonInfo.ageAsWritten(age);
        }

        /** The funds and shares besides the basic pool fund, by wire name with their Chinese names, in table order. */
        public static final Map<String, String> OTHER_FUND_NAMES = otherFundNames();

        private static Map<String, String> otherFundNames() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("cvlserv_pay", "公务员医疗补助");
            m.put("hifes_pay", "企业补充医疗保险");
            m.put("hifmi_pay", "居民大病保险");
            m.put("hifob_pay", "职工大额医疗费用补助");
            m.put("maf_pay", "医疗救助");
            m.put("oth_pay", "其他支出");
            m.put("hosp_part_amt", "医院负担");
            m.put("acct_mulaid_pay", "个人账户共济支付");
            return Collections.unmodifiableMap(m);
        }

        /** The amounts of {@link #OTHER_FUND_NAMES} that are present and not zero, by wire name. */
        public Map<String, Money> otherFunds() {
            Money[] amounts = {cvlservPay, hifesPay, hifmiPay, hifobPay, mafPay, othPay, hospPartAmt, acctMulaidPay};
            Map<String, Money> out = new LinkedHashMap<>();
            int i = 0;
            for (String name : OTHER_FUND_NAMES.keySet()) {
                Money amount = amounts[i++];
                if (amount != null && !amount.isZero()) {
                    out.put(name, amount);
                }
            }
            return out;
        }

        @Override
        public void validate(Fields f) {
            f.text("mdtrt_id", mdtrtId, 30);
            f.optionalText("setl_id", setlId, 30);
            f.optionalText("orig_setl_id", origSetlId, 30);
            boolean reversing = f.required("medfee_sumamt", medfeeSumamt).fen() < 0;
            if (!reversing) {
                f.text("psn_no", psnNo, 30);
                f.required("insutype", insutype);
                f.required("med_type", medType);
            }
            f.optionalText("psn_no", psnNo, 30);
            f.optionalText("psn_name", psnName, 50);
            f.optionalText("psn_cert_type", psnCertType, 6);
            f.optionalText("certno", certno, 50);
            f.optionalText("naty", naty, 3);
            if (brdy != null) {
                f.date("brdy", brdy);
            }
            if (age != null) {
                f.decimal("age", age, 1, BigDecimal.ZERO, AGE_MAX);
            }
            f.optionalText("psn_type", psnType, 6);
            f.optionalText("cvlserv_flag", cvlservFlag, 3);
            if (setlId != null || setlTime != null) {
                f.dateTime("setl_time", setlTime);
            }
            Money[] all = {medfeeSumamt, fulamtOwnpayAmt, overlmtSelfpay, preselfpayAmt, inscpScpAmt, hifpPay,
                fundPaySumamt, psnPartAmt, acctPay, psnCashPay};
            String[] names = {"medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
                "inscp_scp_amt", "hifp_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay"};
            for (int i = 0; i < all.length; i++) {
                f.required(names[i], all[i]);
            }
            f.nonNegative("balc", balc);
            f.optionalText("medins_setl_id", medinsSetlId, 30);
            f.optionalText("clr_optins", clrOptins, 6);
            f.optionalText("clr_way", clrWay, 6);
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

        /**
         * This reversing settlement (a 2208 answer) as the cancel of settlement {@code cancelled}: its
         * {@code orig_setl_id}, and the person, insurance type and medical type of the settlement it cancels, whatever
         * the answer says of them (the table's 2208 output has none of these).
         */
        public SetlInfo asCancelOf(String cancelled, String cancelledPsnNo, InsuType cancelledInsutype,
                MedType cancelledMedType) {
            return new SetlInfo(mdtrtId, setlId, cancelled, cancelledPsnNo, psnName, psnCertType, certno, gend, naty,
                    brdy, age, cancelledInsutype, psnType, cvlservFlag, setlTime, mdtrtCertType, cancelledMedType,
                    medfeeSumamt, fulamtOwnpayAmt, overlmtSelfpay, preselfpayAmt, inscpScpAmt, actPayDedc, hifpPay,
                    poolPropSelfpay, cvlservPay, hifesPay, hifmiPay, hifobPay, mafPay, othPay, fundPaySumamt,
                    psnPartAmt, acctPay, psnCashPay, hospPartAmt, balc, acctMulaidPay, medinsSetlId, clrOptins, clrWay,
                    clrType);
        }

        @Override
        public String toString() {
            return "SetlInfo[setl_id=" + setlId + ", mdtrt_id=" + mdtrtId + ", psn_no=" + psnNo + ", medfee_sumamt="
                    + medfeeSumamt + ", fund_pay_sumamt=" + fundPaySumamt + ", certno=" + CitizenId.mask(certno) + "]";
        }
    }

    private static final BigDecimal AGE_MAX = BigDecimal.valueOf(150);

    /**
     * One fund's share. {@code fund_pay_type}: 310100 employee basic pool fund, 390100 resident basic pool fund (the
     * only funds central-sim pays), any code of the national list or a local one; {@code crt_payb_lmt_amt}: the limit
     * this settlement could pay (platforms send {@code null}); {@code setl_proc_info}: the platform's working, as text.
     */
    public record SetlDetail(String fundPayType, Money inscpScpAmt, Money crtPaybLmtAmt, Money fundPayamt,
            String fundPayTypeName, String setlProcInfo) implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("fund_pay_type", fundPayType, 6);
            f.required("inscp_scp_amt", inscpScpAmt);
            f.required("fund_payamt", fundPayamt);
            f.optionalText("fund_pay_type_name", fundPayTypeName, 200);
            f.optionalText("setl_proc_info", setlProcInfo, 4000);
        }
    }
}
