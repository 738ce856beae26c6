package org.sscard.protocol;

import org.sscard.values.Money;

/**
 * 2207 settlement: commits the split; {@code invono}: the institution's invoice number, optional (the station leaves
 * it out: its receipt number is the setl_id). The four amounts are those of the preceding 2206; the central
 * service recomputes and refuses (BUSINESS_RULE) when they differ, so the patient pays what was shown.
 */
public final class Settlement {
    private Settlement() {
    }

    public record Input(String psnNo, MdtrtCertType mdtrtCertType, String mdtrtCertNo, MedType medType,
            Money medfeeSumamt, PsnSetlway psnSetlway, String mdtrtId, String chrgBchno, Flag acctUsedFlag,
            InsuType insutype, Money fulamtOwnpayAmt, Money overlmtSelfpay, Money preselfpayAmt, Money inscpScpAmt,
            String invono) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            PreSettlement.validateCommon(f, psnNo, mdtrtCertType, mdtrtCertNo, medType, medfeeSumamt, psnSetlway,
                    mdtrtId, chrgBchno, acctUsedFlag, insutype);
            f.nonNegative("fulamt_ownpay_amt", fulamtOwnpayAmt);
            f.nonNegative("overlmt_selfpay", overlmtSelfpay);
            f.nonNegative("preselfpay_amt", preselfpayAmt);
            f.nonNegative("inscp_scp_amt", inscpScpAmt);
            f.optionalText("invono", invono, 20);
            if (!fulamtOwnpayAmt.plus(overlmtSelfpay).plus(preselfpayAmt).plus(inscpScpAmt).equals(medfeeSumamt)) {
                throw f.invalid("medfee_sumamt",
                        "must equal fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt");
            }
        }

        @Override
        public String toString() {
            return "Settlement.Input[psn_no=" + psnNo + ", mdtrt_id=" + mdtrtId + ", chrg_bchno=" + chrgBchno + ", med_type=" + medType + ", medfee_sumamt=" + medfeeSumamt
                    + ", mdtrt_cert_no=" + PersonInfo.maskedCertificate(mdtrtCertType, mdtrtCertNo) + "]";
        }

        /** The same visit as a 2206 input (to preview before committing). */
        public PreSettlement.Input asPreSettlement() {
            return new PreSettlement.Input(psnNo, mdtrtCertType, mdtrtCertNo, medType, medfeeSumamt, psnSetlway,
                    mdtrtId, chrgBchno, acctUsedFlag, insutype);
        }
    }
}
