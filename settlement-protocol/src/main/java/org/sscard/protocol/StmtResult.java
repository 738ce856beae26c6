package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Result of a total reconciliation (3201), {@code stmt_rslt}. */
public enum StmtResult implements WireCode {
    /** the totals agree */
    BALANCED("0"),
    /** the totals differ */
    NOT_BALANCED("1");

    private final String code;

    StmtResult(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static StmtResult of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static StmtResult fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
