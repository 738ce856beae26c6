package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Result of one submitted offline debit record (C110), {@code rslt} (ours). */
public enum OfflineDebitResult implements WireCode {
    /** TAC verified, debit booked */
    ACCEPTED("0"),
    /** already booked earlier; nothing changed */
    DUPLICATE("1"),
    /** the TAC does not verify; not booked */
    TAC_INVALID("2"),
    /** the card is not registered; not booked */
    CARD_UNKNOWN("3");

    private final String code;

    OfflineDebitResult(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static OfflineDebitResult of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OfflineDebitResult fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
