package org.sscard.protocol;

/** 2201 outpatient registration: opens a visit and returns its {@code mdtrt_id}. */
public final class Registration {
    private Registration() {
    }

    /**
     * {@code atddr_no} and {@code dr_name}: the attending doctor's code and name; {@code dept_code}, {@code dept_name}:
     * the department; {@code caty}: its 科别 code, C(6).
     */
    public record Input(String psnNo, InsuType insutype, String begntime, MdtrtCertType mdtrtCertType,
            String mdtrtCertNo, String iptOtpNo, String atddrNo, String drName, String deptCode, String deptName,
            String caty) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.text("psn_no", psnNo, 30);
            f.required("insutype", insutype);
            f.dateTime("begntime", begntime);
            PersonInfo.validateCertificate(f, mdtrtCertType, mdtrtCertNo);
            f.text("ipt_otp_no", iptOtpNo, 30);
            f.text("dr_name", drName, 50);
            f.text("dept_code", deptCode, 30);
            if (!f.storedByEarlierVersion(atddrNo, deptName, caty)) {
                f.text("atddr_no", atddrNo, 30);
                f.text("dept_name", deptName, 100);
                f.text("caty", caty, 6);
            }
        }

        @Override
        public String toString() {
            return "Registration.Input[psn_no=" + psnNo + ", mdtrt_cert_type=" + mdtrtCertType
                    + ", mdtrt_cert_no=" + PersonInfo.maskedCertificate(mdtrtCertType, mdtrtCertNo) + "]";
        }
    }

    public record Output(String mdtrtId, String psnNo, String iptOtpNo) implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.text("mdtrt_id", mdtrtId, 30);
            f.text("psn_no", psnNo, 30);
            f.text("ipt_otp_no", iptOtpNo, 30);
        }
    }
}
