package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Block algorithm of a card, {@code card_alg} (ours; the FCI algorithm id). */
public enum CardAlgorithm implements WireCode {
    /** 3DES */
    TDES("01"),
    /** SM4 */
    SM4("03");

    private final String code;

    CardAlgorithm(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static CardAlgorithm of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CardAlgorithm fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
