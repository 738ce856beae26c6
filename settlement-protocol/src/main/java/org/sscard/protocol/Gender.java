package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Sex {@code gend}. */
public enum Gender implements WireCode {
    /** male */
    MALE("1"),
    /** female */
    FEMALE("2");

    private final String code;

    Gender(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static Gender of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Gender fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
