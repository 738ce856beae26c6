package org.sscard.protocol;

import org.sscard.values.Money;

/** 3201 total reconciliation: the institution's totals for a period, insurance type and clearing type. */
public final class TotalReconciliation {
    private TotalReconciliation() {
    }

    /**
     * Totals over the settlements of {@code insutype} and {@code clr_type} in the period (dates inclusive), cancels
     * counted with their negative amounts; {@code fixmedins_setl_cnt} counts settlements and cancels alike.
     * {@code setl_optins}: the settling agency, the six-digit region code of the insurance region the totals belong to.
     */
    public record Input(InsuType insutype, ClrType clrType, String setlOptins, String stmtBegndate, String stmtEnddate, Money medfeeSumamt,
            Money fundPaySumamt, Money acctPay, Long fixmedinsSetlCnt) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.required("insutype", insutype);
            f.required("clr_type", clrType);
            f.adminCode("setl_optins", setlOptins);
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

    /** {@code stmt_rslt_dscr}: the platform's explanation, C(200), optional as the table has it. */
    public record Output(String setlOptins, StmtResult stmtRslt, String stmtRsltDscr) implements TransactionOutput {
        public static final int DSCR_MAX = 200;

        @Override
        public void validate(Fields f) {
            f.optionalText("setl_optins", setlOptins, 6);
            f.required("stmt_rslt", stmtRslt);
            f.optionalText("stmt_rslt_dscr", stmtRsltDscr, DSCR_MAX);
        }
    }
}
