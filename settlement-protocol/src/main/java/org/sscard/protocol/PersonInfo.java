package org.sscard.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.sscard.values.CardNumber;
import org.sscard.values.CitizenId;
import org.sscard.values.Money;

/** 1101 person info: who holds the presented card or certificate, and their insurances. */
public final class PersonInfo {
    private PersonInfo() {
    }

    /**
     * With {@code mdtrt_cert_type} 03 (card), {@code mdtrt_cert_no} is the card number and {@code card_sn}
     * the card identification code (both required); with 02 (ID card) {@code mdtrt_cert_no} is the ID number; with 01
     * (医保电子凭证) it is the e-voucher token of C201 ({@link EVoucher}). The optional {@code begntime} asks for the
     * person as of that time (history); {@code psn_cert_type} and {@code certno} name the person's certificate.
     */
    public record Input(MdtrtCertType mdtrtCertType, String mdtrtCertNo, String cardSn, String psnName,
            String begntime, String psnCertType, String certno) implements TransactionInput {
        /** A query by the presented certificate alone, as the station sends it. */
        public Input(MdtrtCertType mdtrtCertType, String mdtrtCertNo, String cardSn, String psnName) {
            this(mdtrtCertType, mdtrtCertNo, cardSn, psnName, null, null, null);
        }

        @Override
        public void validate(Fields f) {
            validateCertificate(f, mdtrtCertType, mdtrtCertNo);
            if (mdtrtCertType == MdtrtCertType.SOCIAL_SECURITY_CARD) {
                f.cardIdentificationCode("card_sn", cardSn);
            } else if (cardSn != null) {
                f.cardIdentificationCode("card_sn", cardSn);
            }
            f.optionalText("psn_name", psnName, 50);
            if (begntime != null) {
                f.dateTime("begntime", begntime);
            }
            f.optionalText("psn_cert_type", psnCertType, 6);
            f.optionalText("certno", certno, 50);
        }

        @Override
        public String toString() {
            return "PersonInfo.Input[mdtrt_cert_type=" + mdtrtCertType + ", mdtrt_cert_no="
                    + maskedCertificate(mdtrtCertType, mdtrtCertNo)
                    + ", card_sn=" + cardSn + ", certno=" + CitizenId.mask(certno) + "]";
        }
    }

    /**
     * An age of N(4,1) with its one decimal ({@code 50} and {@code 50.00} read as {@code 50.0}), so a value sent at
     * another scale is the same value; an age with more decimals is left for validation to refuse.
     */
    static BigDecimal ageAsWritten(BigDecimal age) {
        return age == null || age.stripTrailingZeros().scale() > 1 ? age : age.setScale(1, RoundingMode.UNNECESSARY);
    }

    /** {@code mdtrt_cert_no} fit for a log line: a card number, an e-voucher token or an ID number, masked. */
    static String maskedCertificate(MdtrtCertType type, String number) {
        if (type == MdtrtCertType.SOCIAL_SECURITY_CARD) {
            return CardNumber.mask(number);
        }
        return type == MdtrtCertType.ELECTRONIC_CERTIFICATE ? EVoucher.mask(number) : CitizenId.mask(number);
    }

    /** Checks {@code mdtrt_cert_type} and the matching form of {@code mdtrt_cert_no}. */
    static void validateCertificate(Fields f, MdtrtCertType type, String number) {
        f.required("mdtrt_cert_type", type);
        if (type == MdtrtCertType.SOCIAL_SECURITY_CARD) {
            f.cardNumber("mdtrt_cert_no", number);
        } else if (type == MdtrtCertType.ID_CARD) {
            f.certNumber("mdtrt_cert_no", number);
        } else {
            f.text("mdtrt_cert_no", number, 50);
        }
    }

    /** {@code idetinfo}: the person's identities (often empty), optional when read. */
    public record Output(BaseInfo baseinfo, List<InsuInfo> insuinfo, List<IdetInfo> idetinfo)
            implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.object("baseinfo", baseinfo);
            f.list("insuinfo", insuinfo, 1, 10);
            if (idetinfo != null) {
                f.optionalList("idetinfo", idetinfo, 20);
            }
        }
    }

    /** One identity of the person (人员身份): {@code psn_idet_type} and {@code begntime} required. */
    public record IdetInfo(String psnIdetType, String psnTypeLv, String memo, String begntime, String endtime)
            implements Validated {
        @Override
        public void validate(Fields f) {
            f.text("psn_idet_type", psnIdetType, 3);
            f.optionalText("psn_type_lv", psnTypeLv, 3);
            f.optionalText("memo", memo, 500);
            f.dateTime("begntime", begntime);
            if (endtime != null) {
                f.dateTime("endtime", endtime);
            }
        }
    }

    /** {@code age}: years at the time of the query, N(4,1): at most one decimal ({@code 50.2}). */
    public record BaseInfo(String psnNo, String psnCertType, String certno, String psnName, Gender gend, String naty,
            String brdy, BigDecimal age, String expContent) implements Validated {
        public BaseInfo {
            age = ageAsWritten(age);
        }

        @Override
        public void validate(Fields f) {
            f.text("psn_no", psnNo, 30);
            f.optionalText("psn_cert_type", psnCertType, 6);
            f.certNumber("certno", certno);
            f.text("psn_name", psnName, 50);
            f.required("gend", gend);
            f.optionalText("naty", naty, 3);
            f.date("brdy", brdy);
            f.decimal("age", age, 1, BigDecimal.ZERO, BigDecimal.valueOf(150));
            f.optionalText("exp_content", expContent, 4000);
        }

        @Override
        public String toString() {
            return "BaseInfo[psn_no=" + psnNo + ", certno=" + CitizenId.mask(certno) + ", gend=" + gend + "]";
        }
    }

    /** {@code balc}: personal-account balance; {@code psn_type}: person type code (an 2..6); {@code psn_insu_stas} optional. */
    public record InsuInfo(Money balc, InsuType insutype, String psnType, InsuStatus psnInsuStas, String psnInsuDate,
            String pausInsuDate, String cvlservFlag, String insuplcAdmdvs, String empName) implements Validated {
        @Override
        public void validate(Fields f) {
            f.nonNegative("balc", balc);
            f.required("insutype", insutype);
            f.text("psn_type", psnType, 6);
            if (psnInsuDate != null) {
                f.date("psn_insu_date", psnInsuDate);
            }
            if (pausInsuDate != null) {
                f.date("paus_insu_date", pausInsuDate);
            }
            f.optionalText("cvlserv_flag", cvlservFlag, 3);
            f.optionalText("emp_name", empName, 200);
            // optional in the table; platforms leave it out (GZ) or send null on a suspended row
            f.adminCode("insuplc_admdvs", insuplcAdmdvs);
        }
    }
}
