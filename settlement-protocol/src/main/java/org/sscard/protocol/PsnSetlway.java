package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Settlement method {@code psn_setlway}. */
public enum PsnSetlway implements WireCode {
    /** by item (按项目结算) */
    BY_ITEM("01"),
    /** by quota (按定额结算) */
    BY_QUOTA("02");

    private final String code;

    PsnSetlway(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static PsnSetlway of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PsnSetlway fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
