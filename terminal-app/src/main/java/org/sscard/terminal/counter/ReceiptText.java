package org.sscard.terminal.counter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.terminal.receipt.Receipt;
import org.sscard.values.Money;

/** The receipt and the pre-settlement split as printable text (and as ordered fields for JSON). */
public final class ReceiptText {
    private ReceiptText() {
    }

    /** The printed receipt: header, one line per item with its class and split, then the settlement's figures. */
    public static String format(Receipt r) {
        StringBuilder b = new StringBuilder();
        String title = switch (r.kind()) {
            case "SALE" -> "药店购药结算单";
            case "CANCEL" -> "结算撤销单";
            default -> "门诊结算单";
        };
        b.append(r.header().institutionName()).append(" (").append(r.header().institutionCode()).append(")\n");
        b.append(title).append('\n');
        line(b, "结算号 setl_id", r.setlId());
        if (r.origSetlId() != null) {
            line(b, "原结算号", r.origSetlId());
        }
        line(b, "就诊号 mdtrt_id", r.mdtrtId());
        line(b, "报文号 msgid", r.msgid());
        line(b, "结算时间", r.setlTime());
        if (r.header().patientName() != null) {
            line(b, "姓名", r.header().patientName());
        }
        if (r.eVoucher()) {
            line(b, "就诊凭证", Receipt.E_VOUCHER);
        } else if (r.cardNumber() != null) {
            line(b, "社保卡号", r.cardNumber());
        }
        line(b, "险种 / 医疗类别", (r.insutype() == null ? "" : InsuType.of(r.insutype()).labelWithCode()) + " / "
                + (r.medType() == null ? "" : MedType.of(r.medType()).labelWithCode()));
        line(b, "操作员", r.header().operatorId());
        if (!r.lines().isEmpty()) {
            b.append("----------------------------------------------------------------\n");
            b.append(String.format("%-4s %-14s %-20s %5s %10s %11s %s%n", "#", "编码", "名称", "数量", "单价", "金额", "类别"));
            int n = 1;
            for (Receipt.Line l : r.lines()) {
                b.append(String.format("%-4d %-14s %-20s %5d %10s %11s %s%n", n++, l.localCode(), l.name(), l.count(),
                        l.price(), l.amount(), l.itemClass()));
            }
            b.append("----------------------------------------------------------------\n");
        }
        for (Map.Entry<String, Money> e : amounts(r).entrySet()) {
            line(b, e.getKey(), e.getValue().toString());
        }
        if (!r.eVoucher()) {
            line(b, "卡已更新", r.cardUpdated() ? "是" : "否 (card not updated; the settlement stands)");
        }
        return b.toString();
    }

    /** The figures of a receipt, labelled, in the order they are printed. */
    public static Map<String, Money> amounts(Receipt r) {
        Receipt.Amounts a = r.amounts();
        Map<String, Money> m = new LinkedHashMap<>();
        m.put("医疗费总额 medfee_sumamt", a.medfeeSumamt());
        m.put("全自费 fulamt_ownpay_amt", a.fulamtOwnpayAmt());
        m.put("超限价自费 overlmt_selfpay", a.overlmtSelfpay());
        m.put("先行自付 preselfpay_amt", a.preselfpayAmt());
        m.put("符合范围 inscp_scp_amt", a.inscpScpAmt());
        m.put("起付线 act_pay_dedc", a.actPayDedc());
        m.put("统筹基金 hifp_pay", a.hifpPay());
        m.putAll(a.otherFunds());
        m.put("基金支付合计 fund_pay_sumamt", a.fundPaySumamt());
        m.put("个人负担 psn_part_amt", a.psnPartAmt());
        m.put("个人账户 acct_pay", a.acctPay());
        m.put("现金 psn_cash_pay", a.psnCashPay());
        m.put("账户余额 balc", a.balance());
        return m;
    }

    /** The split the 2206 pre-settlement shows before the confirmation. */
    public static Map<String, String> preview(SettlementResult preview) {
        SettlementResult.SetlInfo i = preview.setlinfo();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("medfee_sumamt", i.medfeeSumamt().toString());
        m.put("fulamt_ownpay_amt", i.fulamtOwnpayAmt().toString());
        m.put("overlmt_selfpay", i.overlmtSelfpay().toString());
        m.put("preselfpay_amt", i.preselfpayAmt().toString());
        m.put("inscp_scp_amt", i.inscpScpAmt().toString());
        m.put("hifp_pay", i.hifpPay().toString());
        i.otherFunds().forEach((member, amount) -> m.put(member, amount.toString()));
        m.put("fund_pay_sumamt", i.fundPaySumamt().toString());
        m.put("acct_pay", i.acctPay().toString());
        m.put("psn_cash_pay", i.psnCashPay().toString());
        return m;
    }

    /** The receipt as ordered fields (JSON); amounts as yuan text. */
    public static Map<String, Object> fields(Receipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind());
        m.put("setl_id", r.setlId());
        m.put("orig_setl_id", r.origSetlId());
        m.put("mdtrt_id", r.mdtrtId());
        m.put("msgid", r.msgid());
        m.put("setl_time", r.setlTime());
        m.put("card_no", r.cardNumber());
        if (r.eVoucher()) {
            m.put("mdtrt_cert", Receipt.E_VOUCHER);
        }
        m.put("insutype", r.insutype());
        m.put("med_type", r.medType());
        m.put("operator", r.header().operatorId());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Receipt.Line l : r.lines()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("code", l.localCode());
            i.put("name", l.name());
            i.put("national_code", l.nationalCode());
            i.put("count", l.count());
            i.put("price", l.price().toString());
            i.put("amount", l.amount().toString());
            i.put("chrgitm_lv", l.itemClass());
            items.add(i);
        }
        m.put("items", items);
        // the figures under their interface names, the second word of the printed labels
        amounts(r).forEach((label, amount) -> m.put(label.substring(label.indexOf(' ') + 1), amount.toString()));
        m.put("card_updated", r.cardUpdated());
        return m;
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(label).append(": ").append(value).append('\n');
    }
}
