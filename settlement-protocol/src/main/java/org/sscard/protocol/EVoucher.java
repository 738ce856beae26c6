package org.sscard.protocol;

import java.util.regex.Pattern;
import org.sscard.values.CitizenId;

/**
 * C201 e-voucher decode (ours, designed after the national 医保电子凭证 service): the station sends the 医保码 the
 * cashier scanned from the holder's phone and the platform answers with the e-voucher token that stands for the
 * holder in 1101, 2201, 2206 and 2207 ({@code mdtrt_cert_type} 01, the token as {@code mdtrt_cert_no}). The code is
 * short-lived, single-use and bound to the person; the holder authenticated on the phone, so there is no PIN. Neither
 * the code nor the token is ever shown in full or logged: {@link #mask} is the one mask of both.
 */
public final class EVoucher {
    /** The 医保码 as the platform issues it: {@code EC}, the issuing region (6 digits), 32 upper-case hex digits. */
    public static final Pattern QR_CODE = Pattern.compile("EC[0-9]{6}[0-9A-F]{32}");
    private static final int SHOWN = 4;

    private EVoucher() {
    }

    /** The issuing region a 医保码 names (its digits 3 to 8); the code must have the form of {@link #QR_CODE}. */
    public static String region(String qrCode) {
        return qrCode.substring(2, 8);
    }

    /**
     * A 医保码 or token fit for a screen or a log line: the first and last 4 characters around {@code ****}; text
     * of 12 characters or fewer is all {@code *}; null stays null.
     */
    public static String mask(String codeOrToken) {
        if (codeOrToken == null) {
            return null;
        }
        if (codeOrToken.length() <= 3 * SHOWN) {
            return "*".repeat(codeOrToken.length());
        }
        return codeOrToken.substring(0, SHOWN) + "****" + codeOrToken.substring(codeOrToken.length() - SHOWN);
    }

    /** C201 input: {@code ec_qrcode}, the scanned code. */
    public record Decode(String ecQrcode) implements TransactionInput {
        @Override
        public void validate(Fields f) {
            f.pattern("ec_qrcode", ecQrcode, QR_CODE,
                    "must be a 医保码: EC, the issuing region (6 digits) and 32 upper-case hexadecimal digits");
        }

        @Override
        public String toString() {
            return "EVoucher.Decode[ec_qrcode=" + mask(ecQrcode) + "]";
        }
    }

    /**
     * C201 output: {@code ec_token} the e-voucher token (C(50), the {@code mdtrt_cert_no} of the visit's messages),
     * valid until {@code expy_time}; {@code psn_name}; {@code certno_mask} the ID number masked by the platform;
     * {@code insuplc_admdvs} the holder's insurance area.
     */
    public record Token(String ecToken, String psnName, String certnoMask, String insuplcAdmdvs, String expyTime)
            implements TransactionOutput {
        @Override
        public void validate(Fields f) {
            f.text("ec_token", ecToken, 50);
            f.text("psn_name", psnName, 50);
            f.text("certno_mask", certnoMask, 50);
            f.adminCode("insuplc_admdvs", insuplcAdmdvs);
            f.dateTime("expy_time", expyTime);
        }

        @Override
        public String toString() {
            return "EVoucher.Token[ec_token=" + mask(ecToken) + ", certno_mask=" + CitizenId.mask(certnoMask)
                    + ", insuplc_admdvs=" + insuplcAdmdvs + ", expy_time=" + expyTime + "]";
        }
    }
}
