package org.sscard.protocol;

import java.util.Optional;

/**
 * The {@code infcode} of a response. 0 and −1 are the platform's own codes; the more negative codes
 * (ours) tell the terminal which class of failure it met, so it can react without parsing {@code err_msg}.
 */
public enum InfCode {
    /** The transaction took effect (or the query answered). */
    OK(0, "ok"),
    /** A failure not covered by a more specific code. */
    FAILURE(-1, "failure"),
    /** The signature ({@code cainfo}) is missing, malformed or does not verify; the device key is unknown. */
    SIGNATURE(-2, "signature rejected"),
    /** The {@code msgid} was already used for a different message. */
    REPLAY(-3, "message id reused"),
    /** No valid sign-in: {@code sign_no} missing, unknown or expired; run 9001 again. */
    SIGN_IN_REQUIRED(-4, "sign-in required"),
    /** The message breaks the format: malformed JSON, missing or wrong field, too large. */
    VALIDATION(-5, "invalid message"),
    /** Well-formed, but the business rules refuse it (unknown visit, card lost, already settled...). */
    BUSINESS_RULE(-6, "refused by business rule"),
    /** The central service failed internally; the transaction did not take effect. */
    INTERNAL(-9, "internal error");

    private final int code;
    private final String description;

    InfCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static InfCode of(int code) {
        return known(code).orElseThrow(() -> new ProtocolException(VALIDATION, "infcode: unknown code " + code));
    }

    /** The constant of {@code code}, or empty for a code this version does not know (and for {@code null}). */
    public static Optional<InfCode> known(Integer code) {
        for (InfCode c : values()) {
            if (code != null && c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
