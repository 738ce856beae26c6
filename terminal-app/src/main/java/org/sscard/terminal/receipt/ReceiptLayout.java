package org.sscard.terminal.receipt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * The receipt as a list of rows, shared by every renderer so the printed slip and the PDF say the same thing in
 * the same order. The printed text is Chinese (the slip is the patient's).
 */
public final class ReceiptLayout {
    /** One row of the slip. */
    public sealed interface Row {
    }

    /** A title line, centred and large. */
    public record Title(String text) implements Row {
    }

    /** Free text, left-aligned. */
    public record Text(String text) implements Row {
    }

    /** A label on the left and a value on the right; {@code strong} rows are printed bold. */
    public record Pair(String label, String value, boolean strong) implements Row {
    }

    /** A separating rule. */
    public record Rule() implements Row {
    }

    /** The QR code of {@code content}, centred. */
    public record Qr(String content) implements Row {
    }

    private ReceiptLayout() {
    }

    public static List<Row> rows(Receipt r) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Title(r.header().institutionName()));
        rows.add(new Title(r.cancellation() ? "医保结算撤销凭证" : "医保结算单"));
        if (r.deferred()) {
            rows.add(new Text("【脱机挂账，医保基金部分待结算】"));
        } else if (r.offline()) {
            rows.add(new Text("【脱机交易，待上传】"));
        }
        rows.add(new Pair(r.deferred() ? "挂账编号" : "结算编号", r.setlId(), false));
        if (r.cancellation()) {
            rows.add(new Pair("原结算编号", r.origSetlId(), false));
        }
        rows.add(new Pair("就诊编号", r.mdtrtId(), false));
        rows.add(new Pair("结算时间", r.setlTime(), false));
        rows.add(new Pair("姓名", Objects.requireNonNullElse(r.header().patientName(), ""), false));
        if (r.eVoucher()) {
            rows.add(new Pair("就诊凭证", Receipt.E_VOUCHER, false));
        }
        rows.add(new Pair("险种", r.insuranceLabel(), false));
        rows.add(new Rule());
        for (Receipt.Line line : r.lines()) {
            rows.add(new Text(line.name()));
            rows.add(new Pair("  " + line.count(), MoneyFormat.plain(line.amount()), false));
        }
        rows.add(new Rule());
        Receipt.Amounts a = r.amounts();
        rows.add(new Pair("医疗费总额", MoneyFormat.plain(a.medfeeSumamt()), true));
        rows.add(new Pair("基金支付", MoneyFormat.plain(a.fundPaySumamt()), false));
        for (Receipt.Fund f : r.funds()) {
            rows.add(new Pair("  " + f.name(), MoneyFormat.plain(f.amount()), false));
        }
        a.otherFunds().forEach((name, amount) -> rows.add(new Pair("  " + name, MoneyFormat.plain(amount), false)));
        rows.add(new Pair("个人账户支付", MoneyFormat.plain(a.acctPay()), false));
        rows.add(new Pair("现金支付", MoneyFormat.plain(a.psnCashPay()), true));
        rows.add(new Pair("个人账户余额", MoneyFormat.plain(Objects.requireNonNullElse(a.balance(), Money.ZERO)), false));
        if (r.deferred()) {
            rows.add(new Text("已全额现金支付，医保基金部分待联网后结算并退还，请凭挂账编号领取。"));
        }
        rows.add(new Rule());
        rows.add(new Pair("操作员", r.header().operatorName(), false));
        rows.add(new Pair("终端", r.header().deviceNumber(), false));
        rows.add(new Qr(r.setlId()));
        rows.add(new Text("金额单位：元"));
        return rows;
    }
}
