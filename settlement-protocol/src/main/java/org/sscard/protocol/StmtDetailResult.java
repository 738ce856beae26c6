package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Result of one settlement in a detail reconciliation (3202), {@code stmt_rslt} (ours). */
public enum StmtDetailResult implements WireCode {
    /** present on both sides with equal amounts */
    MATCHED("0"),
    /** present on both sides, amounts differ */
    AMOUNTS_DIFFER("1"),
    /** reported by the institution, unknown to the central service */
    ONLY_AT_INSTITUTION("2"),
    /** known to the central service, missing from the institution list */
    ONLY_AT_CENTRAL("3");

    private final String code;

    StmtDetailResult(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static StmtDetailResult of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static StmtDetailResult fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
