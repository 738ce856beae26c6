package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.sscard.protocol.CatalogCodes.LmtpricType;
import org.sscard.protocol.CatalogCodes.OverlmtDspoWay;
import org.sscard.values.Money;

/**
 * 1318 限价: the catalogue's price caps changed on or after {@code updt_time}, paged. Each row is one cap of one item
 * under its key pair ({@code hilist_lmtpric_type}, {@code overlmt_dspo_way}) for one insured area from
 * {@code begndate}.
 */
public final class PriceCapQuery {
    /** The cap is a price, N(16,6) on the wire (as 2204's pric_uplmt_amt); at most an amount, so it has fen. */
    static final int CAP_DECIMALS = 6;
    private static final BigDecimal CAP_MAX = BigDecimal.valueOf(Money.MAX_FEN, 2);

    private PriceCapQuery() {
    }

    /** The interface's 14 members: every filter optional; {@code updt_time}, {@code page_num}, {@code page_size} required. */
    public record Input(String queryDate, String hilistCode, LmtpricType hilistLmtpricType,
            OverlmtDspoWay overlmtDspoWay, String insuAdmdvs, String begndate, String enddate, Flag valiFlag,
            String rid, String tabname, String poolareaNo, String updtTime, Long pageNum, Long pageSize)
            implements TransactionInput {
        /** Every cap changed on or after {@code updtTime}, one page of them. */
        public Input(String updtTime, Long pageNum, Long pageSize) {
            this(null, null, null, null, null, null, null, null, null, null, null, updtTime, pageNum, pageSize);
        }

        @Override
        public void validate(Fields f) {
            CatalogPaging.validateInput(f, queryDate, updtTime, pageNum, pageSize);
            f.optionalText("hilist_code", hilistCode, 30);
            if (insuAdmdvs != null) {
                f.adminCode("insu_admdvs", insuAdmdvs);
            }
            if (begndate != null) {
                f.date("begndate", begndate);
            }
            if (enddate != null) {
                f.date("enddate", enddate);
            }
            f.optionalText("rid", rid, 40);
            f.optionalText("tabname", tabname, 100);
            f.optionalText("poolarea_no", poolareaNo, 6);
        }
    }

    /** The paging members ({@link CatalogPaging}) and the rows of this page. */
    public record Output(@JsonProperty("pageNum") Long pageNum, @JsonProperty("pageSize") Long pageSize,
            @JsonProperty("recordCounts") Long recordCounts, @JsonProperty("pages") Long pages,
            @JsonProperty("firstPage") Long firstPage, @JsonProperty("lastPage") Long lastPage,
            @JsonProperty("size") Long size, @JsonProperty("startRow") Long startRow, List<Row> data)
            implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            CatalogPaging.validateOutput(f, pageNum, pageSize, recordCounts, pages, firstPage, lastPage, size,
                    startRow, data);
        }
    }

    /**
     * One price cap. {@code hilist_pric_uplmt_amt} is kept exactly as sent, with up to 6 decimals (a cap with more is
     * refused, as it is not a price); {@link #capFen()} is what a station in fen uses.
     */
    public record Row(String hilistCode, LmtpricType hilistLmtpricType, OverlmtDspoWay overlmtDspoWay,
            String insuAdmdvs, String begndate, String enddate, BigDecimal hilistPricUplmtAmt, Flag valiFlag,
            String rid, String updtTime, String crterId, String crterName, String crteTime, String crteOptinsNo,
            String opterId, String opterName, String optTime, String optinsNo, String tabname, String poolareaNo)
            implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("hilist_code", hilistCode, 30);
            f.required("hilist_lmtpric_type", hilistLmtpricType);
            f.required("overlmt_dspo_way", overlmtDspoWay);
            f.text("insu_admdvs", insuAdmdvs, 6);
            CatalogPaging.validatePeriod(f, begndate, enddate);
            f.decimal("hilist_pric_uplmt_amt", hilistPricUplmtAmt, CAP_DECIMALS, BigDecimal.ZERO, CAP_MAX);
            f.required("vali_flag", valiFlag);
            CatalogPaging.validateAudit(f, rid, updtTime, crterId, crterName, crteTime, crteOptinsNo, opterId,
                    opterName, optTime, optinsNo, poolareaNo);
            f.optionalText("tabname", tabname, 100);
        }

        /**
         * The cap in whole fen, rounded down: a cap of 12.345 yuan allows a price of 12.34 and not 12.35, so the
         * largest price in fen within the cap is the one that binds.
         */
        public Money capFen() {
            return Money.ofFen(hilistPricUplmtAmt.movePointRight(2).setScale(0, RoundingMode.FLOOR).longValueExact());
        }
    }
}
