package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/** Operator type {@code opter_type} (经办人类别), C(3). A closed list in the interface; requests must use one of it. */
public final class OpterType extends OpenCode {
    private static final Known<OpterType> KNOWN = new Known<>(OpterType::new, 3);
    /** staff at a counter */
    public static final OpterType STAFF = KNOWN.add("1", "经办人");
    /** self-service machine */
    public static final OpterType SELF_SERVICE = KNOWN.add("2", "自助终端");
    /** mobile terminal */
    public static final OpterType MOBILE = KNOWN.add("3", "移动终端");

    private OpterType(String code, String name) {
        super(code, name);
    }

    public static OpterType of(String code) {
        return KNOWN.of(code);
    }

    public static List<OpterType> national() {
        return KNOWN.all();
    }

    /** The known codes, as a refusal names them. */
    static String knownList() {
        return KNOWN.list();
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OpterType fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
