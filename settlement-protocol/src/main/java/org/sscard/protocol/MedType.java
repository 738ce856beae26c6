package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * Medical type {@code med_type} (医疗类别), C(6): the national list; local codes of 4–6 digits ({@code 9901},
 * {@code 140104}) are kept raw ({@link OpenCode}).
 */
public final class MedType extends OpenCode {
    private static final Known<MedType> KNOWN = new Known<>(MedType::new, 6);
    /** general outpatient */
    public static final MedType OUTPATIENT = KNOWN.add("11", "普通门诊");
    public static final MedType OUTPATIENT_REGISTRATION = KNOWN.add("12", "门诊挂号");
    public static final MedType EMERGENCY = KNOWN.add("13", "急诊");
    /** outpatient chronic and special diseases */
    public static final MedType CHRONIC = KNOWN.add("14", "门诊慢特病");
    public static final MedType SPECIAL_DRUG = KNOWN.add("15", "特药");
    public static final MedType TCM_OUTPATIENT = KNOWN.add("16", "中医特色门诊");
    public static final MedType ACCIDENT_OUTPATIENT = KNOWN.add("19", "意外伤害门诊");
    public static final MedType INPATIENT = KNOWN.add("21", "普通住院");
    public static final MedType INJURY_INPATIENT = KNOWN.add("22", "外伤住院");
    public static final MedType REFERRAL_INPATIENT = KNOWN.add("23", "转外诊治住院");
    public static final MedType EMERGENCY_TO_INPATIENT = KNOWN.add("24", "急诊转住院");
    public static final MedType OTHER_PLACE_INPATIENT = KNOWN.add("25", "异地住院");
    public static final MedType SINGLE_DISEASE_INPATIENT = KNOWN.add("26", "单病种住院");
    public static final MedType SELF_ARRANGED = KNOWN.add("27", "自主就医");
    public static final MedType DAY_SURGERY = KNOWN.add("28", "日间手术");
    /** designated pharmacy purchase */
    public static final MedType PHARMACY = KNOWN.add("41", "定点药店购药");
    public static final MedType MATERNITY_OUTPATIENT = KNOWN.add("51", "生育门诊");
    public static final MedType MATERNITY_INPATIENT = KNOWN.add("52", "生育住院");
    public static final MedType FAMILY_PLANNING_SURGERY = KNOWN.add("53", "计划生育手术费");

    private MedType(String code, String name) {
        super(code, name);
    }

    /** The type of {@code code}: the known constant, or a code kept raw; a code that is not one is refused. */
    public static MedType of(String code) {
        return KNOWN.of(code);
    }

    /** Every code of the national list, in code order. */
    public static List<MedType> national() {
        return KNOWN.all();
    }

    /** The types this system settles (ours: general outpatient, chronic disease, pharmacy). */
    public static List<MedType> settled() {
        return List.of(OUTPATIENT, CHRONIC, PHARMACY);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MedType fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
