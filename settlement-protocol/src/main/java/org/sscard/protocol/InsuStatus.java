package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Insurance status {@code psn_insu_stas}. */
public enum InsuStatus implements WireCode {
    /** contributing normally (正常参保) */
    NORMAL("1"),
    /** suspended (暂停参保) */
    SUSPENDED("2"),
    /** terminated (终止参保) */
    TERMINATED("4");

    private final String code;

    InsuStatus(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static InsuStatus of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InsuStatus fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
