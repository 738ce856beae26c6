package org.sscard.terminal.ui.office;

import java.util.ArrayList;
import java.util.List;
import org.sscard.terminal.office.HandoverSlip;
import org.sscard.terminal.receipt.ReceiptLayout;

/**
 * The handover slip as receipt rows (printed in Chinese, like receipts: the slip is the holder's): what was done,
 * the new card's number and identification code, the holder's name and masked ID number, the dates, the state at the
 * central service, the card it replaces, operator and time, and a line for the holder's signature. No PIN, no full
 * ID number.
 */
public final class HandoverSlipLayout {
    private HandoverSlipLayout() {
    }

    public static String actionName(String action) {
        return switch (action) {
            case "issue" -> "新发卡";
            case "reissue" -> "补卡";
            case "replace" -> "换卡";
            default -> action;
        };
    }

    public static List<ReceiptLayout.Row> rows(String institutionName, HandoverSlip s) {
        List<ReceiptLayout.Row> rows = new ArrayList<>();
        rows.add(new ReceiptLayout.Title("社会保障卡领卡回执"));
        rows.add(new ReceiptLayout.Text(institutionName));
        rows.add(new ReceiptLayout.Rule());
        rows.add(new ReceiptLayout.Pair("业务", actionName(s.action()), true));
        rows.add(new ReceiptLayout.Pair("社会保障卡号", s.cardNo(), true));
        rows.add(new ReceiptLayout.Pair("卡识别码", s.cardSn(), false));
        rows.add(new ReceiptLayout.Pair("姓名", s.name(), false));
        rows.add(new ReceiptLayout.Pair("身份证号码", s.maskedCertno(), false));
        rows.add(new ReceiptLayout.Pair("发卡日期", s.issueDate(), false));
        rows.add(new ReceiptLayout.Pair("有效期至", s.expiryDate(), false));
        rows.add(new ReceiptLayout.Pair("卡状态", s.cardState(), false));
        if (s.oldCardNo() != null) {
            rows.add(new ReceiptLayout.Pair("原卡号", s.oldCardNo(), false));
        }
        rows.add(new ReceiptLayout.Pair("经办人", s.operator(), false));
        rows.add(new ReceiptLayout.Pair("时间", s.time(), false));
        rows.add(new ReceiptLayout.Rule());
        rows.add(new ReceiptLayout.Text("领卡人签名："));
        rows.add(new ReceiptLayout.Text(" "));
        rows.add(new ReceiptLayout.Text("请妥善保管社会保障卡和密码。"));
        return rows;
    }
}
