package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Catalog class of an item, {@code chrgitm_lv}. */
public enum ChrgitmLv implements WireCode {
    /** 甲类: fully in scope */
    CLASS_A("01"),
    /** 乙类: a self-pay proportion first, the rest in scope */
    CLASS_B("02"),
    /** 丙类: fully self-paid */
    CLASS_C("03");

    private final String code;

    ChrgitmLv(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static ChrgitmLv of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChrgitmLv fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
