package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Sex {@code gend} (性别), C(6), GB/T 2261.1; another code is kept raw ({@link OpenCode}). */
public final class Gender extends OpenCode {
    private static final Known<Gender> KNOWN = new Known<>(Gender::new, 6);
    public static final Gender UNKNOWN = KNOWN.add("0", "未知的性别");
    public static final Gender MALE = KNOWN.add("1", "男");
    public static final Gender FEMALE = KNOWN.add("2", "女");
    public static final Gender UNSTATED = KNOWN.add("9", "未说明的性别");

    private Gender(String code, String name) {
        super(code, name);
    }

    public static Gender of(String code) {
        return KNOWN.of(code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Gender fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
