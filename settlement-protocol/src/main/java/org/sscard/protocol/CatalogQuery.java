package org.sscard.protocol;

import java.util.List;
import org.sscard.values.Money;

/** 1312 catalog query: the medical insurance catalog rows changed since {@code updt_time}, paged. */
public final class CatalogQuery {
    public static final long MAX_PAGE_SIZE = 1_000;

    private CatalogQuery() {
    }

    /** {@code page_num} starts at 1; rows are ordered by {@code updt_time}, then {@code hilist_code}. */
    public record Input(String updtTime, Long pageNum, Long pageSize) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.dateTime("updt_time", updtTime);
            f.positive("page_num", pageNum, Integer.MAX_VALUE);
            f.positive("page_size", pageSize, MAX_PAGE_SIZE);
        }
    }

    /** {@code total_cnt}: rows changed since {@code updt_time} over all pages. */
    public record Output(Long pageNum, Long pageSize, Long totalCnt, List<CatalogRow> rows)
            implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.positive("page_num", pageNum, Integer.MAX_VALUE);
            f.positive("page_size", pageSize, MAX_PAGE_SIZE);
            f.range("total_cnt", totalCnt, 0, Long.MAX_VALUE);
            f.optionalList("rows", rows, (int) MAX_PAGE_SIZE);
        }
    }

    /**
     * One catalog item. {@code selfpay_prop}: 0.00 for class A, the pre-self-pay proportion (between 0 and 1
     * exclusive) for class B, 1.00 for class C. {@code pric_uplmt_amt}: price cap, absent when none.
     * {@code lmt_used_flag}: 1 = restricted use (the prescriber must confirm the indication).
     */
    public record CatalogRow(String hilistCode, String hilistName, ChrgitmLv chrgitmLv, Money pricUplmtAmt,
            Ratio selfpayProp, Flag lmtUsedFlag, String updtTime) implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("hilist_code", hilistCode, 50);
            f.text("hilist_name", hilistName, 200);
            f.required("chrgitm_lv", chrgitmLv);
            if (pricUplmtAmt != null) {
                f.positive("pric_uplmt_amt", pricUplmtAmt);
            }
            f.required("selfpay_prop", selfpayProp);
            int bp = selfpayProp.basisPoints();
            // a level this version does not know has no rule to hold its ratio to
            boolean consistent = chrgitmLv == ChrgitmLv.CLASS_A ? bp == 0
                    : chrgitmLv == ChrgitmLv.CLASS_B ? bp > 0 && bp < Ratio.ONE
                    : chrgitmLv != ChrgitmLv.CLASS_C || bp == Ratio.ONE;
            if (!consistent) {
                throw f.invalid("selfpay_prop", "must be 0.00 for class 01, between 0 and 1 for 02, 1.00 for 03");
            }
            f.required("lmt_used_flag", lmtUsedFlag);
            f.dateTime("updt_time", updtTime);
        }
    }
}
