package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.sscard.protocol.CatalogCodes.HilistUseType;
import org.sscard.protocol.CatalogCodes.ListType;
import org.sscard.protocol.CatalogCodes.LmtCpndType;

/**
 * 1312 目录查询: the catalogue's items changed on or after {@code updt_time}, paged. Its rows carry no price cap and
 * no self-pay ratio: those are 1318 ({@link PriceCapQuery}) and 1319 ({@link SelfpayRatioQuery}).
 */
public final class CatalogQuery {
    private CatalogQuery() {
    }

    /**
     * The interface's 19 members: every filter optional, {@code updt_time} (D), {@code page_num} and {@code page_size}
     * (N(4), from 1) required.
     */
    public record Input(String queryDate, String hilistCode, String insuAdmdvs, String begndate, String hilistName,
            String wubi, String pinyin, MedChrgitmType medChrgitmType, ChrgitmLv chrgitmLv, Flag lmtUsedFlag,
            ListType listType, Flag medUseFlag, Flag matnUsedFlag, HilistUseType hilistUseType,
            LmtCpndType lmtCpndType, Flag valiFlag, String updtTime, Long pageNum, Long pageSize)
            implements TransactionInput {
        /** Every row changed on or after {@code updtTime}, one page of them. */
        public Input(String updtTime, Long pageNum, Long pageSize) {
            this(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    updtTime, pageNum, pageSize);
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
            f.optionalText("hilist_name", hilistName, 200);
            f.optionalText("wubi", wubi, 30);
            f.optionalText("pinyin", pinyin, 30);
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
     * One catalogue item for one insured area ({@code insu_admdvs}) from {@code begndate}; {@code vali_flag} 0: no
     * longer valid. The codes are open lists ({@link OpenCode}), kept as sent.
     */
    public record Row(String hilistCode, String hilistName, String insuAdmdvs, String begndate, String enddate,
            MedChrgitmType medChrgitmType, ChrgitmLv chrgitmLv, Flag lmtUsedFlag, ListType listType,
            Flag medUseFlag, Flag matnUsedFlag, HilistUseType hilistUseType, LmtCpndType lmtCpndType, String wubi,
            String pinyin, String memo, Flag valiFlag, String rid, String updtTime, String crterId, String crterName,
            String crteTime, String crteOptinsNo, String opterId, String opterName, String optTime, String optinsNo,
            String poolareaNo) implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("hilist_code", hilistCode, 30);
            f.text("hilist_name", hilistName, 200);
            f.text("insu_admdvs", insuAdmdvs, 6);
            CatalogPaging.validatePeriod(f, begndate, enddate);
            f.required("med_chrgitm_type", medChrgitmType);
            f.required("chrgitm_lv", chrgitmLv);
            f.required("lmt_used_flag", lmtUsedFlag);
            f.required("list_type", listType);
            f.required("med_use_flag", medUseFlag);
            f.required("matn_used_flag", matnUsedFlag);
            f.required("hilist_use_type", hilistUseType);
            f.required("lmt_cpnd_type", lmtCpndType);
            f.optionalText("wubi", wubi, 30);
            f.optionalText("pinyin", pinyin, 30);
            f.optionalText("memo", memo, 500);
            f.required("vali_flag", valiFlag);
            CatalogPaging.validateAudit(f, rid, updtTime, crterId, crterName, crteTime, crteOptinsNo, opterId,
                    opterName, optTime, optinsNo, poolareaNo);
        }
    }
}
