package org.sscard.store;

/** The insurance class of a catalog item ({@code chrgitm_lv}). */
public enum ItemClass {
    /** 甲类: fully in scope. */
    A("01"),
    /** 乙类: a self-pay share first, the rest in scope. */
    B("02"),
    /** 丙类: fully self-paid. */
    C("03");

    private final String code;

    ItemClass(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ItemClass fromCode(String code) {
        for (ItemClass c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        throw new StoreException("unknown item class '" + code + "' (expected 01 甲, 02 乙 or 03 丙)");
    }
}
