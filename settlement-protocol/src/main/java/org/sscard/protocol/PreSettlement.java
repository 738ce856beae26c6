package org.sscard.protocol;

import org.sscard.values.Money;

/** 2206 pre-settlement: computes the split of a charge batch without committing anything. */
public final class PreSettlement {
    private PreSettlement() {
    }

    /** {@code medfee_sumamt}: the batch total as the institution sees it; the central service checks it. */
    public record Input(String psnNo, MdtrtCertType mdtrtCertType, String mdtrtCertNo, MedType medType,
            Money medfeeSumamt, PsnSetlway psnSetlway, String mdtrtId, String chrgBchno, Flag acctUsedFlag,
            InsuType insutype) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            validateCommon(f, psnNo, mdtrtCertType, mdtrtCertNo, medType, medfeeSumamt, psnSetlway, mdtrtId,
                    chrgBchno, acctUsedFlag, insutype);
        }

        @Override
        public String toString() {
            return "PreSettlement.Input[psn_no=" + psnNo + ", mdtrt_id=" + mdtrtId + ", chrg_bchno=" + chrgBchno + ", med_type=" + medType + ", medfee_sumamt=" + medfeeSumamt
                    + ", mdtrt_cert_no=" + PersonInfo.maskedCertificate(mdtrtCertType, mdtrtCertNo) + "]";
        }
    }

    static void validateCommon(Fields f, String psnNo, MdtrtCertType mdtrtCertType, String mdtrtCertNo,
            MedType medType, Money medfeeSumamt, PsnSetlway psnSetlway, String mdtrtId, String chrgBchno,
            Flag acctUsedFlag, InsuType insutype) {
        f.text("psn_no", psnNo, 30);
        PersonInfo.validateCertificate(f, mdtrtCertType, mdtrtCertNo);
        f.required("med_type", medType);
        f.nonNegative("medfee_sumamt", medfeeSumamt);
        f.required("psn_setlway", psnSetlway);
        f.text("mdtrt_id", mdtrtId, 30);
        f.text("chrg_bchno", chrgBchno, 30);
        Flag.requireKnown(f, "acct_used_flag", f.required("acct_used_flag", acctUsedFlag));
        f.required("insutype", insutype);
    }
}
