package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Clearing type {@code clr_type} (清算类别): the class of care a settlement is cleared under, one 3201 each. */
public enum ClrType implements WireCode {
    /** outpatient (门诊) */
    OUTPATIENT("11"),
    /** inpatient (住院) */
    INPATIENT("21"),
    /** designated pharmacy purchase (药店购药) */
    PHARMACY("41"),
    /** other (其他) */
    OTHER("99");

    private final String code;

    ClrType(String code) {
        this.code = code;
    }

    /**
     * The clearing type a settlement of {@code medType} is cleared under (ours, the same at the station and the central
     * service): outpatient and chronic-disease visits 11, pharmacy purchases (and offline debits) 41.
     */
    public static ClrType of(MedType medType) {
        return switch (medType) {
            case OUTPATIENT, CHRONIC -> OUTPATIENT;
            case PHARMACY -> PHARMACY;
        };
    }

    /** The clearing types settlements of the known med_types fall under, in code order (each gets its own 3201). */
    public static java.util.List<ClrType> settled() {
        return java.util.Arrays.stream(MedType.values()).map(ClrType::of).distinct().sorted().toList();
    }

    @JsonValue
    @Override
    public String code() {
        return code;
    }

    public static ClrType of(String code) {
        return WireCode.lookup(values(), code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ClrType fromJson(Object value) {
        return WireCode.lookup(values(), WireCode.text(value));
    }
}
