package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Operator type {@code opter_type}. */
public enum OpterType implements WireCode {
    /** staff at a counter */
    STAFF("1"),
    /** self-service machine */
    SELF_SERVICE("2");

    private final String code;

    OpterType(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static OpterType of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OpterType fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
