package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Type of the certificate presented for the visit, {@code mdtrt_cert_type}. */
public enum MdtrtCertType implements WireCode {
    /** medical insurance electronic certificate (电子凭证) */
    ELECTRONIC_CERTIFICATE("01"),
    /** resident ID card (身份证) */
    ID_CARD("02"),
    /** social security card (社保卡) */
    SOCIAL_SECURITY_CARD("03");

    private final String code;

    MdtrtCertType(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static MdtrtCertType of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MdtrtCertType fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
