package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A yes/no flag such as {@code acct_used_flag}. */
public enum Flag implements WireCode {
    /** no */
    NO("0"),
    /** yes */
    YES("1");

    private final String code;

    Flag(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static Flag of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Flag fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
