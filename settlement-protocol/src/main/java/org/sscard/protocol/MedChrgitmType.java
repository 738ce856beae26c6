package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The item's fee category, {@code med_chrgitm_type} (医疗收费项目类别), C(6), as a 2204 answer classifies it.
 * An open list ({@link OpenCode}): a code this version does not know is kept raw, never a refusal of an answer.
 */
public final class MedChrgitmType extends OpenCode {
    private static final Known<MedChrgitmType> KNOWN = new Known<>(MedChrgitmType::new, 6);
    /** 床位费 */
    public static final MedChrgitmType BED = KNOWN.add("01", "床位费");
    /** 诊察费 */
    public static final MedChrgitmType CONSULTATION = KNOWN.add("02", "诊察费");
    /** 检查费 */
    public static final MedChrgitmType EXAMINATION = KNOWN.add("03", "检查费");
    /** 化验费 */
    public static final MedChrgitmType LABORATORY = KNOWN.add("04", "化验费");
    /** 治疗费 */
    public static final MedChrgitmType TREATMENT = KNOWN.add("05", "治疗费");
    /** 手术费 */
    public static final MedChrgitmType SURGERY = KNOWN.add("06", "手术费");
    /** 护理费 */
    public static final MedChrgitmType NURSING = KNOWN.add("07", "护理费");
    /** 卫生材料费 */
    public static final MedChrgitmType MATERIAL = KNOWN.add("08", "卫生材料费");
    /** 西药费 */
    public static final MedChrgitmType WESTERN_MEDICINE = KNOWN.add("09", "西药费");
    /** 中药饮片费 */
    public static final MedChrgitmType HERBAL_PIECES = KNOWN.add("10", "中药饮片费");
    /** 中成药费 */
    public static final MedChrgitmType CHINESE_PATENT_MEDICINE = KNOWN.add("11", "中成药费");
    /** 一般诊疗费 */
    public static final MedChrgitmType GENERAL_CONSULTATION = KNOWN.add("12", "一般诊疗费");
    /** 挂号费 */
    public static final MedChrgitmType REGISTRATION = KNOWN.add("13", "挂号费");
    /** 其他费 */
    public static final MedChrgitmType OTHER = KNOWN.add("14", "其他费");

    private MedChrgitmType(String code, String name) {
        super(code, name);
    }

    public static MedChrgitmType of(String code) {
        return KNOWN.of(code);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MedChrgitmType fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
