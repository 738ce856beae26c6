package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Settlement method {@code psn_setlway} (个人结算方式), C(6).
 * An open list ({@link OpenCode}): a code this version does not know is kept raw, never a refusal of an answer; a
 * request that needs a known code checks {@link #isKnown()}.
 */
public final class PsnSetlway extends OpenCode {
    private static final Known<PsnSetlway> KNOWN = new Known<>(PsnSetlway::new, 6);
    /** by item */
    public static final PsnSetlway BY_ITEM = KNOWN.add("01", "按项目结算");
    /** by quota */
    public static final PsnSetlway BY_QUOTA = KNOWN.add("02", "按定额结算");

    private PsnSetlway(String code, String name) {
        super(code, name);
    }

    public static PsnSetlway of(String code) {
        return KNOWN.of(code);
    }


    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PsnSetlway fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
