package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Type of the certificate presented for the visit, {@code mdtrt_cert_type} (就诊凭证类型), C(3).
 * An open list ({@link OpenCode}): a code this version does not know is kept raw, never a refusal of an answer; a
 * request that needs a known code checks {@link #isKnown()}.
 */
public final class MdtrtCertType extends OpenCode {
    private static final Known<MdtrtCertType> KNOWN = new Known<>(MdtrtCertType::new, 3);
    /** medical insurance electronic certificate */
    public static final MdtrtCertType ELECTRONIC_CERTIFICATE = KNOWN.add("01", "医保电子凭证");
    /** resident ID card */
    public static final MdtrtCertType ID_CARD = KNOWN.add("02", "居民身份证");
    /** social security card */
    public static final MdtrtCertType SOCIAL_SECURITY_CARD = KNOWN.add("03", "社会保障卡");

    private MdtrtCertType(String code, String name) {
        super(code, name);
    }

    public static MdtrtCertType of(String code) {
        return KNOWN.of(code);
    }


    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MdtrtCertType fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
