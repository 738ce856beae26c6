package org.sscard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The code lists of the catalogue downloads (1312, 1318, 1319) whose values the sources do not publish: each is an
 * {@link OpenCode} with no known constants, so a value is kept and shown as sent, and two lists never compare equal.
 */
public final class CatalogCodes {
    private CatalogCodes() {
    }

    /** {@code list_type} 目录类别: C(30) in the 1312 input, C(3) in its rows. */
    public static final class ListType extends OpenCode {
        private static final Known<ListType> KNOWN = new Known<>(ListType::new, 30);

        private ListType(String code, String name) {
            super(code, name);
        }

        public static ListType of(String code) {
            return KNOWN.of(code);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static ListType fromJson(Object value) {
            return of(WireCode.text(value));
        }
    }

    /** {@code hilist_use_type} 医保目录使用类别, C(3). */
    public static final class HilistUseType extends OpenCode {
        private static final Known<HilistUseType> KNOWN = new Known<>(HilistUseType::new, 3);

        private HilistUseType(String code, String name) {
            super(code, name);
        }

        public static HilistUseType of(String code) {
            return KNOWN.of(code);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static HilistUseType fromJson(Object value) {
            return of(WireCode.text(value));
        }
    }

    /** {@code lmt_cpnd_type} 限复方使用类型, C(3). */
    public static final class LmtCpndType extends OpenCode {
        private static final Known<LmtCpndType> KNOWN = new Known<>(LmtCpndType::new, 3);

        private LmtCpndType(String code, String name) {
            super(code, name);
        }

        public static LmtCpndType of(String code) {
            return KNOWN.of(code);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static LmtCpndType fromJson(Object value) {
            return of(WireCode.text(value));
        }
    }

    /** {@code hilist_lmtpric_type} 医保目录限价类型 (1318's key), C(6). */
    public static final class LmtpricType extends OpenCode {
        private static final Known<LmtpricType> KNOWN = new Known<>(LmtpricType::new, 6);

        private LmtpricType(String code, String name) {
            super(code, name);
        }

        public static LmtpricType of(String code) {
            return KNOWN.of(code);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static LmtpricType fromJson(Object value) {
            return of(WireCode.text(value));
        }
    }

    /** {@code overlmt_dspo_way} 医保目录超限处理方式 (1318's key), C(6). */
    public static final class OverlmtDspoWay extends OpenCode {
        private static final Known<OverlmtDspoWay> KNOWN = new Known<>(OverlmtDspoWay::new, 6);

        private OverlmtDspoWay(String code, String name) {
            super(code, name);
        }

        public static OverlmtDspoWay of(String code) {
            return KNOWN.of(code);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static OverlmtDspoWay fromJson(Object value) {
            return of(WireCode.text(value));
        }
    }

    /** {@code selfpay_prop_psn_type} 自付比例人员类别 (1319's key), C(6). */
    public static final class SelfpayPropPsnType extends OpenCode {
        private static final Known<SelfpayPropPsnType> KNOWN = new Known<>(SelfpayPropPsnType::new, 6);

        private SelfpayPropPsnType(String code, String name) {
            super(code, name);
        }

        public static SelfpayPropPsnType of(String code) {
            return KNOWN.of(code);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static SelfpayPropPsnType fromJson(Object value) {
            return of(WireCode.text(value));
        }
    }

    /** {@code selfpay_prop_type} 目录自付比例类别 (1319's key), C(6). */
    public static final class SelfpayPropType extends OpenCode {
        private static final Known<SelfpayPropType> KNOWN = new Known<>(SelfpayPropType::new, 6);

        private SelfpayPropType(String code, String name) {
            super(code, name);
        }

        public static SelfpayPropType of(String code) {
            return KNOWN.of(code);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static SelfpayPropType fromJson(Object value) {
            return of(WireCode.text(value));
        }
    }
}
