package org.sscard.protocol;

import java.util.List;
import org.sscard.values.Money;

/** 3202 detail reconciliation: the institution's list of settlements for a period, row by row. */
public final class DetailReconciliation {
    public static final int MAX_ROWS = 5_000;

    private DetailReconciliation() {
    }

    public record Input(String stmtBegndate, String stmtEnddate, List<StmtDetail> stmtdetail)
            implements TransactionInput {
        @Override
        public void validate(Fields f) {
            TotalReconciliation.validatePeriod(f, stmtBegndate, stmtEnddate);
            f.optionalList("stmtdetail", stmtdetail, MAX_ROWS);
        }
    }

    /** One settlement as the institution recorded it; {@code refd_setl_flag} 1 = it was cancelled (2208). */
    public record StmtDetail(String setlId, String msgid, String mdtrtId, String psnNo, Money medfeeSumamt,
            Money fundPaySumamt, Money acctPay, Flag refdSetlFlag) implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("setl_id", setlId, 30);
            MsgId.parse(msgid, f.at("msgid"));
            f.text("mdtrt_id", mdtrtId, 30);
            f.text("psn_no", psnNo, 30);
            f.required("medfee_sumamt", medfeeSumamt);
            f.required("fund_pay_sumamt", fundPaySumamt);
            f.required("acct_pay", acctPay);
            Flag.requireKnown(f, "refd_setl_flag", f.required("refd_setl_flag", refdSetlFlag));
        }
    }

    public record Output(List<StmtDetailRow> result) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.optionalList("result", result, 2 * MAX_ROWS);
        }
    }

    /** {@code msgid} is absent for rows only the central service knows of; {@code memo} explains a mismatch. */
    public record StmtDetailRow(String setlId, String msgid, StmtDetailResult stmtRslt, String memo)
            implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("setl_id", setlId, 30);
            if (msgid != null) {
                MsgId.parse(msgid, f.at("msgid"));
            }
            f.required("stmt_rslt", stmtRslt);
            f.optionalText("memo", memo, 200);
        }
    }
}
