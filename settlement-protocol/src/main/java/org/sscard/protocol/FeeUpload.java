package org.sscard.protocol;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sscard.values.Money;
import org.sscard.values.MoneyFormat;

/**
 * 2204 fee detail upload: the items of one charge batch ({@code chrg_bchno}) of one visit. The central
 * service classifies every item against its catalog and answers the split of each amount.
 */
public final class FeeUpload {
    public static final int MAX_ITEMS = 500;
    public static final long MAX_COUNT = 99_999;
    /**
     * The most one batch may total, over all its uploads: the total becomes the {@code medfee_sumamt} of its 2206/2207,
     * an amount ({@link Money#MAX_FEN}), so a larger batch could never be settled. Sums of up to {@link #MAX_ITEMS}
     * items of at most this much stay far inside {@code long} fen.
     */
    public static final long MAX_BATCH_FEN = Money.MAX_FEN;

    private FeeUpload() {
    }

    /** Every row carries the same {@code mdtrt_id}, {@code psn_no} and {@code chrg_bchno}; {@code feedetl_sn} is unique. */
    public record Input(List<FeeDetail> feedetail) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.list("feedetail", feedetail, 1, MAX_ITEMS);
            FeeDetail first = feedetail.get(0);
            Set<String> serials = new HashSet<>();
            long totalFen = 0;
            for (int i = 0; i < feedetail.size(); i++) {
                FeeDetail d = feedetail.get(i);
                Fields row = f.child("feedetail[" + i + "]");
                if (!d.mdtrtId().equals(first.mdtrtId())) {
                    throw row.invalid("mdtrt_id", "must be the same in every row of one upload");
                }
                if (!d.psnNo().equals(first.psnNo())) {
                    throw row.invalid("psn_no", "must be the same in every row of one upload");
                }
                if (!d.chrgBchno().equals(first.chrgBchno())) {
                    throw row.invalid("chrg_bchno", "must be the same in every row of one upload");
                }
                if (!serials.add(d.feedetlSn())) {
                    throw row.invalid("feedetl_sn", "duplicate in this upload");
                }
                totalFen += d.detItemFeeSumamt().fen();
            }
            if (totalFen > MAX_BATCH_FEN) {
                throw f.invalid("feedetail", "the items total " + MoneyFormat.decimal(totalFen)
                        + ", more than one settlement can carry (at most " + MoneyFormat.decimal(MAX_BATCH_FEN) + ")");
            }
        }
    }

    /**
     * One item, with the table's 32 members. {@code cnt}: whole units (ours: the catalog's unit is chosen so counts are
     * whole); {@code pric}: unit price; {@code det_item_fee_sumamt} must equal {@code pric × cnt} exactly.
     * {@code rx_circ_flag}: 1 for a prescription filled outside (外购处方); {@code bilg_*}: the ordering department and
     * doctor; {@code acord_*}/{@code orders_*}: the receiving department and doctor; {@code hosp_appr_flag}: the
     * hospital's approval of the item; {@code prd_days} N(4,2); {@code exp_content}: a JSON text the platform defines.
     */
    public record FeeDetail(String feedetlSn, String mdtrtId, String psnNo, String chrgBchno, String diseCodg,
            String rxno, Flag rxCircFlag, String feeOcurTime, String medListCodg, String medinsListCodg,
            Money detItemFeeSumamt, Long cnt, Money pric, String sinDosDscr, String usedFrquDscr, BigDecimal prdDays,
            String medcWayDscr, String bilgDeptCodg, String bilgDeptName, String bilgDrCodg, String bilgDrName,
            String acordDeptCodg, String acordDeptName, String ordersDrCode, String ordersDrName, Flag hospApprFlag,
            String tcmdrugUsedWay, Flag etipFlag, String etipHospCode, Flag dscgTkdrugFlag, String matnFeeFlag,
            String expContent) implements Validated {
        private static final BigDecimal PRD_DAYS_MAX = new BigDecimal("99.99");

        /**
         * An item as a station bills it: no diagnosis, prescription number, dosage, receiving department or external
         * examination; not an outside prescription; no hospital approval asked ({@code hosp_appr_flag} 0).
         */
        public static FeeDetail billed(String feedetlSn, String mdtrtId, String psnNo, String chrgBchno,
                String feeOcurTime, String medListCodg, String medinsListCodg, Money detItemFeeSumamt, Long cnt,
                Money pric, String bilgDeptCodg, String bilgDeptName, String bilgDrCodg, String bilgDrName) {
            return new FeeDetail(feedetlSn, mdtrtId, psnNo, chrgBchno, null, null, Flag.NO, feeOcurTime, medListCodg,
                    medinsListCodg, detItemFeeSumamt, cnt, pric, null, null, null, null, bilgDeptCodg, bilgDeptName,
                    bilgDrCodg, bilgDrName, null, null, null, null, Flag.NO, null, null, null, null, null, null);
        }

        @Override
        public void validate(Fields f) {
            f.text("feedetl_sn", feedetlSn, 30);
            f.text("mdtrt_id", mdtrtId, 30);
            f.text("psn_no", psnNo, 30);
            f.text("chrg_bchno", chrgBchno, 30);
            f.optionalText("dise_codg", diseCodg, 30);
            f.optionalText("rxno", rxno, 30);
            f.dateTime("fee_ocur_time", feeOcurTime);
            f.text("med_list_codg", medListCodg, 50);
            f.text("medins_list_codg", medinsListCodg, 150);
            f.positive("det_item_fee_sumamt", detItemFeeSumamt);
            f.positive("cnt", cnt, MAX_COUNT);
            f.positive("pric", pric);
            if (Math.multiplyExact(pric.fen(), cnt) != detItemFeeSumamt.fen()) {
                throw f.invalid("det_item_fee_sumamt", "must equal pric × cnt");
            }
            f.optionalText("sin_dos_dscr", sinDosDscr, 200);
            f.optionalText("used_frqu_dscr", usedFrquDscr, 200);
            if (prdDays != null) {
                f.decimal("prd_days", prdDays, 2, BigDecimal.ZERO, PRD_DAYS_MAX);
            }
            f.optionalText("medc_way_dscr", medcWayDscr, 200);
            f.text("bilg_dept_codg", bilgDeptCodg, 30);
            f.text("bilg_dr_name", bilgDrName, 50);
            if (!f.storedByEarlierVersion(rxCircFlag, bilgDeptName, bilgDrCodg, hospApprFlag)) {
                Flag.requireKnown(f, "rx_circ_flag", f.required("rx_circ_flag", rxCircFlag));
                f.text("bilg_dept_name", bilgDeptName, 100);
                f.text("bilg_dr_codg", bilgDrCodg, 30);
                Flag.requireKnown(f, "hosp_appr_flag", f.required("hosp_appr_flag", hospApprFlag));
            }
            f.optionalText("acord_dept_codg", acordDeptCodg, 30);
            f.optionalText("acord_dept_name", acordDeptName, 100);
            f.optionalText("orders_dr_code", ordersDrCode, 30);
            f.optionalText("orders_dr_name", ordersDrName, 50);
            f.optionalText("tcmdrug_used_way", tcmdrugUsedWay, 6);
            if (etipFlag != null) {
                Flag.requireKnown(f, "etip_flag", etipFlag);
            }
            f.optionalText("etip_hosp_code", etipHospCode, 30);
            if (dscgTkdrugFlag != null) {
                Flag.requireKnown(f, "dscg_tkdrug_flag", dscgTkdrugFlag);
            }
            f.optionalText("matn_fee_flag", matnFeeFlag, 6);
            f.optionalText("exp_content", expContent, 4000);
        }
    }

    public record Output(List<FeeResult> result) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.list("result", result, 1, MAX_ITEMS);
        }
    }

    /**
     * The split of one item: {@code fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt =
     * det_item_fee_sumamt}. {@code pric_uplmt_amt} is absent when the item has no price cap. {@code med_chrgitm_type}:
     * the item's fee category; {@code lmt_used_flag}: 1 = restricted use. Both are required in the table but optional
     * when read: the station decides nothing by them, and the answers it stored before it read them may lack them.
     */
    public record FeeResult(String feedetlSn, Money detItemFeeSumamt, Long cnt, Money pric, Money pricUplmtAmt,
            Ratio selfpayProp, Money fulamtOwnpayAmt, Money overlmtAmt, Money preselfpayAmt, Money inscpScpAmt,
            ChrgitmLv chrgitmLv, MedChrgitmType medChrgitmType, Flag lmtUsedFlag) implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("feedetl_sn", feedetlSn, 30);
            f.positive("det_item_fee_sumamt", detItemFeeSumamt);
            f.positive("cnt", cnt, MAX_COUNT);
            f.positive("pric", pric);
            if (pricUplmtAmt != null) {
                f.positive("pric_uplmt_amt", pricUplmtAmt);
            }
            f.required("selfpay_prop", selfpayProp);
            f.nonNegative("fulamt_ownpay_amt", fulamtOwnpayAmt);
            f.nonNegative("overlmt_amt", overlmtAmt);
            f.nonNegative("preselfpay_amt", preselfpayAmt);
            f.nonNegative("inscp_scp_amt", inscpScpAmt);
            f.required("chrgitm_lv", chrgitmLv);
            if (!fulamtOwnpayAmt.plus(overlmtAmt).plus(preselfpayAmt).plus(inscpScpAmt).equals(detItemFeeSumamt)) {
                throw f.invalid("inscp_scp_amt",
                        "fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt must equal det_item_fee_sumamt");
            }
        }
    }
}
