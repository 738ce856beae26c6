package org.sscard.protocol;

import org.sscard.values.Money;

/**
 * 3202 detail reconciliation (对明细账), file-based: the institution's settlements of a period go up as a detail file
 * ({@link DetailFiles#writeUpload}, 9101), 3202 names it by its {@code file_qury_no} with the file's totals, and the
 * answer names the result file ({@link DetailFiles#readResult}) to fetch with 9102 before {@code dld_endtime}.
 */
public final class DetailReconciliation {
    /** {@code fixmedins_setl_cnt} N(10). */
    public static final long MAX_COUNT = 9_999_999_999L;

    private DetailReconciliation() {
    }

    /**
     * {@code setl_optins} C(6) the settling agency (a region code), {@code file_qury_no} C(30) of the uploaded detail
     * file, the period (dates inclusive), and the totals over the file's rows: {@code medfee_sumamt},
     * {@code fund_pay_sumamt}, {@code cash_payamt} (each row's medfee − fund − acct_pay), {@code fixmedins_setl_cnt}
     * its number of rows.
     */
    public record Input(String setlOptins, String fileQuryNo, String stmtBegndate, String stmtEnddate,
            Money medfeeSumamt, Money fundPaySumamt, Money cashPayamt, Long fixmedinsSetlCnt)
            implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.adminCode("setl_optins", setlOptins);
            f.text("file_qury_no", fileQuryNo, 30);
            TotalReconciliation.validatePeriod(f, stmtBegndate, stmtEnddate);
            f.required("medfee_sumamt", medfeeSumamt);
            f.required("fund_pay_sumamt", fundPaySumamt);
            f.required("cash_payamt", cashPayamt);
            f.range("fixmedins_setl_cnt", fixmedinsSetlCnt, 0, MAX_COUNT);
        }
    }

    /** {@code fileinfo}: the result file's {@code file_qury_no} C(30), {@code filename} C(200), {@code dld_endtime} DT. */
    public record Output(String fileQuryNo, String filename, String dldEndtime) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.text("file_qury_no", fileQuryNo, 30);
            f.text("filename", filename, 200);
            f.dateTime("dld_endtime", dldEndtime);
        }
    }
}
