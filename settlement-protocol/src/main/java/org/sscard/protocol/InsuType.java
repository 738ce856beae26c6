package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;

/**
 * Insurance type {@code insutype} (险种类型), C(6): the national list; local codes ({@code 39999}) are kept raw
 * ({@link OpenCode}).
 */
public final class InsuType extends OpenCode {
    private static final Known<InsuType> KNOWN = new Known<>(InsuType::new, 6);
    /** employee basic medical insurance */
    public static final InsuType EMPLOYEE = KNOWN.add("310", "职工基本医疗保险");
    public static final InsuType CIVIL_SERVANT_SUBSIDY = KNOWN.add("320", "公务员医疗补助");
    public static final InsuType LARGE_EXPENSE_SUBSIDY = KNOWN.add("330", "大额医疗费用补助");
    public static final InsuType RETIRED_CADRE = KNOWN.add("340", "离休人员医疗保障");
    public static final InsuType DISABLED_SERVICEMEN = KNOWN.add("350", "一至六级残疾军人医疗补助");
    public static final InsuType RED_ARMY_VETERAN = KNOWN.add("360", "老红军医疗保障");
    public static final InsuType ENTERPRISE_SUPPLEMENT = KNOWN.add("370", "企业补充医疗保险");
    public static final InsuType RURAL_COOPERATIVE = KNOWN.add("380", "新型农村合作医疗");
    /** urban-rural resident basic medical insurance */
    public static final InsuType RESIDENT = KNOWN.add("390", "城乡居民基本医疗保险");
    public static final InsuType URBAN_RESIDENT = KNOWN.add("391", "城镇居民基本医疗保险");
    public static final InsuType RESIDENT_SERIOUS_ILLNESS = KNOWN.add("392", "城乡居民大病医疗保险");
    public static final InsuType OTHER_SPECIAL = KNOWN.add("399", "其他特殊人员医疗保障");
    public static final InsuType LONG_TERM_CARE = KNOWN.add("410", "长期照护保险");
    public static final InsuType MATERNITY = KNOWN.add("510", "生育保险");

    private InsuType(String code, String name) {
        super(code, name);
    }

    /** The type of {@code code}: the known constant, or a code kept raw; a code that is not one is refused. */
    public static InsuType of(String code) {
        return KNOWN.of(code);
    }

    /** Every code of the national list, in code order. */
    public static List<InsuType> national() {
        return KNOWN.all();
    }

    /** The types this system settles and reconciles (ours: the two basic insurances). */
    public static List<InsuType> settled() {
        return List.of(EMPLOYEE, RESIDENT);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InsuType fromJson(Object value) {
        return of(WireCode.text(value));
    }
}
