package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.sscard.protocol.CatalogCodes.SelfpayPropPsnType;
import org.sscard.protocol.CatalogCodes.SelfpayPropType;

/**
 * 1319 自付比例: the catalogue's self-pay ratios changed on or after {@code updt_time}, paged. Each row is the
 * pre-self-pay ratio of one item under its key pair ({@code selfpay_prop_psn_type}, {@code selfpay_prop_type}) for
 * one insured area from {@code begndate}.
 */
public final class SelfpayRatioQuery {
    private SelfpayRatioQuery() {
    }

    /** The interface's 14 members: every filter optional; {@code updt_time}, {@code page_num}, {@code page_size} required. */
    public record Input(String queryDate, String hilistCode, SelfpayPropPsnType selfpayPropPsnType,
            SelfpayPropType selfpayPropType, String insuAdmdvs, String begndate, String enddate, Flag valiFlag,
            String rid, String tabname, String poolareaNo, String updtTime, Long pageNum, Long pageSize)
            implements TransactionInput {
        /** Every ratio changed on or after {@code updtTime}, one page of them. */
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

    /** One ratio: {@code selfpay_prop} from 0 to 1 with up to 4 decimals ({@link Ratio}). */
    public record Row(String hilistCode, SelfpayPropPsnType selfpayPropPsnType, SelfpayPropType selfpayPropType,
            String insuAdmdvs, String begndate, String enddate, Ratio selfpayProp, Flag valiFlag, String rid,
            String updtTime, String crterId, String crterName, String crteTime, String crteOptinsNo, String opterId,
            String opterName, String optTime, String optinsNo, String tabname, String poolareaNo)
            implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("hilist_code", hilistCode, 30);
            f.required("selfpay_prop_psn_type", selfpayPropPsnType);
            f.required("selfpay_prop_type", selfpayPropType);
            f.text("insu_admdvs", insuAdmdvs, 6);
            CatalogPaging.validatePeriod(f, begndate, enddate);
            f.required("selfpay_prop", selfpayProp);
            f.required("vali_flag", valiFlag);
            CatalogPaging.validateAudit(f, rid, updtTime, crterId, crterName, crteTime, crteOptinsNo, opterId,
                    opterName, optTime, optinsNo, poolareaNo);
            f.optionalText("tabname", tabname, 100);
        }
    }
}
