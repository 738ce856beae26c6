package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Insurance status {@code psn_insu_stas} (参保状态), C(6); another code is kept raw ({@link OpenCode}) and, not being
 * {@link #NORMAL}, is treated as not insured now.
 */
public final class InsuStatus extends OpenCode {
    private static final Known<InsuStatus> KNOWN = new Known<>(InsuStatus::new, 6);
    /** contributing normally */
    public static final InsuStatus NORMAL = KNOWN.add("1", "正常参保");
    public static final InsuStatus SUSPENDED = KNOWN.add("2", "暂停参保");
    public static final InsuStatus TERMINATED = KNOWN.add("4", "终止参保");

    private InsuStatus(String code, String name) {
        super(code, name);
    }

    public static InsuStatus of(String code) {
        return KNOWN.of(code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InsuStatus fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
