package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Medical type {@code med_type}. */
public enum MedType implements WireCode {
    /** general outpatient (普通门诊) */
    OUTPATIENT("11"),
    /** outpatient chronic and special diseases (门诊慢特病) */
    CHRONIC("14"),
    /** designated pharmacy purchase (定点药店购药) */
    PHARMACY("41");

    private final String code;

    MedType(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static MedType of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MedType fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
