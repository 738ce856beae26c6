package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Insurance type {@code insutype}. */
public enum InsuType implements WireCode {
    /** employee basic medical insurance (职工) */
    EMPLOYEE("310"),
    /** urban-rural resident basic medical insurance (城乡居民) */
    RESIDENT("390");

    private final String code;

    InsuType(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static InsuType of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InsuType fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
