package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A yes/no flag such as {@code acct_used_flag} (0 否, 1 是), C(3).
 * An open list ({@link OpenCode}): a code this version does not know is kept raw, never a refusal of an answer; a
 * request that needs a known code checks {@link #isKnown()}.
 */
public final class Flag extends OpenCode {
    private static final Known<Flag> KNOWN = new Known<>(Flag::new, 3);
    /** no */
    public static final Flag NO = KNOWN.add("0", "否");
    /** yes */
    public static final Flag YES = KNOWN.add("1", "是");

    private Flag(String code, String name) {
        super(code, name);
    }

    public static Flag of(String code) {
        return KNOWN.of(code);
    }

    /** Refuses {@code flag} unless it is a known code: a request sends only flags this version knows. */
    static Flag requireKnown(Fields f, String name, Flag flag) {
        if (!flag.isKnown()) {
            throw f.invalid(name, "must be one of " + knownList());
        }
        return flag;
    }

    /** The known codes, as a refusal names them. */
    static String knownList() {
        return KNOWN.list();
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Flag fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
