package org.sscard.protocol;

import org.sscard.values.Money;

/** 3201 total reconciliation: the institution's totals for a period, insurance type and clearing type. */
public final class TotalReconciliation {
    private TotalReconciliation() {
    }

    /**
     * Totals over the settlements of {@code insutype} and {@code clr_type} in the period (dates inclusive), cancels
     * counted with their negative amounts; {@code fixmedins_setl_cnt} counts settlements and cancels alike.
     */
    public record Input(InsuType insutype, ClrType clrType, String stmtBegndate, String stmtEnddate, Money medfeeSumamt,
            Money fundPaySumamt, Money acctPay, Long fixmedinsSetlCnt) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.required("insutype", insutype);
            f.required("clr_type", clrType);
            validatePeriod(f, stmtBegndate, stmtEnddate);
            f.required("medfee_sumamt", medfeeSumamt);
            f.required("fund_pay_sumamt", fundPaySumamt);
            f.required("acct_pay", acctPay);
            f.range("fixmedins_setl_cnt", fixmedinsSetlCnt, 0, Integer.MAX_VALUE);
        }
    }

    static void validatePeriod(Fields f, String begin, String end) {
        if (f.date("stmt_begndate", begin).isAfter(f.date("stmt_enddate", end))) {
            throw f.invalid("stmt_enddate", "must not be before stmt_begndate");
        }
    }

    public record Output(StmtResult stmtRslt, String stmtRsltDscr) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.required("stmt_rslt", stmtRslt);
            f.text("stmt_rslt_dscr", stmtRsltDscr, 500);
        }
    }
}
