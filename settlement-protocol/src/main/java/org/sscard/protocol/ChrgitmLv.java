package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * Catalog class of an item, {@code chrgitm_lv} (收费项目等级), C(3).
 * An open list ({@link OpenCode}): a code this version does not know is kept raw, never a refusal of an answer; a
 * request that needs a known code checks {@link #isKnown()}.
 */
public final class ChrgitmLv extends OpenCode {
    private static final Known<ChrgitmLv> KNOWN = new Known<>(ChrgitmLv::new, 3);
    /** 甲类: fully in scope */
    public static final ChrgitmLv CLASS_A = KNOWN.add("01", "甲类");
    /** 乙类: a self-pay proportion first, the rest in scope */
    public static final ChrgitmLv CLASS_B = KNOWN.add("02", "乙类");
    /** 丙类: fully self-paid */
    public static final ChrgitmLv CLASS_C = KNOWN.add("03", "丙类");

    private ChrgitmLv(String code, String name) {
        super(code, name);
    }

    public static ChrgitmLv of(String code) {
        return KNOWN.of(code);
    }

    /** Every code of the national list, in code order. */
    public static List<ChrgitmLv> national() {
        return KNOWN.all();
    }


    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChrgitmLv fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
