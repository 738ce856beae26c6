package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * Clearing type {@code clr_type} (清算类别), C(6): the class of care a settlement is cleared under, one 3201 each. The
 * national list; other codes are kept raw ({@link OpenCode}).
 */
public final class ClrType extends OpenCode {
    private static final Known<ClrType> KNOWN = new Known<>(ClrType::new, 6);
    public static final ClrType OUTPATIENT = KNOWN.add("11", "门诊");
    public static final ClrType INPATIENT = KNOWN.add("21", "住院");
    public static final ClrType PHARMACY = KNOWN.add("41", "药店购药");
    public static final ClrType OTHER = KNOWN.add("99", "其他");

    private ClrType(String code, String name) {
        super(code, name);
    }

    /**
     * The clearing type a settlement of {@code medType} is cleared under (ours, the same at the station and the central
     * service): the outpatient med_types (1x) 11, the inpatient ones (2x) 21, pharmacy purchases (and offline debits) 41,
     * anything else 99.
     */
    public static ClrType of(MedType medType) {
        String code = medType.code();
        if (code.length() == 2 && code.charAt(0) == '1') {
            return OUTPATIENT;
        }
        if (code.length() == 2 && code.charAt(0) == '2') {
            return INPATIENT;
        }
        return medType.equals(MedType.PHARMACY) ? PHARMACY : OTHER;
    }

    /** The clearing types settlements of the settled med_types fall under, in code order (each gets its own 3201). */
    public static List<ClrType> settled() {
        return MedType.settled().stream().map(ClrType::of).distinct().sorted().toList();
    }

    /** The type of {@code code}: the known constant, or a code kept raw; a code that is not one is refused. */
    public static ClrType of(String code) {
        return KNOWN.of(code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ClrType fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
