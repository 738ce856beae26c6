package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** State of a card in the central registry, {@code card_stas} (ours). */
public enum CardState implements WireCode {
    /** personalised and registered, not yet used */
    ISSUED("1"),
    /** in use */
    ACTIVE("2"),
    /** reported lost */
    LOST("3"),
    /** suspended */
    SUSPENDED("4"),
    /** cancelled (reissued, replaced or cancelled); blacklisted forever */
    CANCELLED("5");

    private final String code;

    CardState(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static CardState of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CardState fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
