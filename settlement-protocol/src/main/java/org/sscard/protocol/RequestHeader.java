package org.sscard.protocol;

import java.util.Objects;
import java.util.Set;

/**
 * Every request member except {@code input}. See docs/settlement-protocol.md for the rules per field.
 * {@code recerAdmdvs} (接收方医保区划) is Guangzhou's extra member ({@link PlatformProfile#receiverRegion}); null,
 * and so left out, under the other profiles.
 */
public record RequestHeader(
        String infno,
        String msgid,
        String mdtrtareaAdmvs,
        String insuplcAdmdvs,
        String recerAdmdvs,
        String recerSysCode,
        String devNo,
        String devSafeInfo,
        String cainfo,
        String signtype,
        String infver,
        OpterType opterType,
        String opter,
        String opterName,
        String infTime,
        String fixmedinsCode,
        String fixmedinsName,
        String signNo) {

    public static final String SIGNTYPE_SM2 = "SM2";
    public static final String INFVER = "V1.0";
    /** Transactions that act on an insured person and so must name the insurance region. */
    private static final Set<String> NEED_INSURANCE_REGION = Set.of("2201", "2204", "2205", "2206", "2207", "2208");

    /** A header without {@code recer_admdvs} (every profile but Guangzhou's). */
    public RequestHeader(String infno, String msgid, String mdtrtareaAdmvs, String insuplcAdmdvs, String recerSysCode,
            String devNo, String devSafeInfo, String cainfo, String signtype, String infver, OpterType opterType,
            String opter, String opterName, String infTime, String fixmedinsCode, String fixmedinsName, String signNo) {
        this(infno, msgid, mdtrtareaAdmvs, insuplcAdmdvs, null, recerSysCode, devNo, devSafeInfo, cainfo, signtype,
                infver, opterType, opter, opterName, infTime, fixmedinsCode, fixmedinsName, signNo);
    }

    public RequestHeader withCainfo(String newCainfo) {
        return new RequestHeader(infno, msgid, mdtrtareaAdmvs, insuplcAdmdvs, recerAdmdvs, recerSysCode, devNo,
                devSafeInfo, newCainfo, signtype, infver, opterType, opter, opterName, infTime, fixmedinsCode,
                fixmedinsName, signNo);
    }

    public RequestHeader withInfno(String newInfno) {
        return new RequestHeader(newInfno, msgid, mdtrtareaAdmvs, insuplcAdmdvs, recerAdmdvs, recerSysCode, devNo,
                devSafeInfo, cainfo, signtype, infver, opterType, opter, opterName, infTime, fixmedinsCode,
                fixmedinsName, signNo);
    }

    public RequestHeader withMsgid(String newMsgid) {
        return new RequestHeader(infno, newMsgid, mdtrtareaAdmvs, insuplcAdmdvs, recerAdmdvs, recerSysCode, devNo,
                devSafeInfo, cainfo, signtype, infver, opterType, opter, opterName, infTime, fixmedinsCode,
                fixmedinsName, signNo);
    }

    public void validate(Fields f) {
        Transaction.byInfno(f.at("infno"), infno);
        MsgId id = MsgId.parse(msgid, f.at("msgid"));
        f.adminCode("mdtrtarea_admvs", mdtrtareaAdmvs);
        if (insuplcAdmdvs != null || NEED_INSURANCE_REGION.contains(infno)) {
            f.adminCode("insuplc_admdvs", insuplcAdmdvs);
        }
        if (recerAdmdvs != null) {
            f.adminCode("recer_admdvs", recerAdmdvs);
        }
        f.text("recer_sys_code", recerSysCode, 10);
        f.text("dev_no", devNo, 100);
        f.optionalText("dev_safe_info", devSafeInfo, 2000);
        f.optionalText("cainfo", cainfo, 2048);
        f.optionalText("signtype", signtype, 10);
        f.text("infver", infver, 6);
        if (PlatformProfile.ofEnvelope(signtype, infver).isEmpty()) {
            boolean knownSigntype = PlatformProfile.all().stream().anyMatch(p -> Objects.equals(p.signtype(), signtype));
            throw f.invalid(knownSigntype ? "infver" : "signtype",
                    "must be one of the platform profiles' envelopes: " + PlatformProfile.envelopes());
        }
        if (!f.required("opter_type", opterType).isKnown()) {
            throw f.invalid("opter_type", "must be one of " + OpterType.knownList());
        }
        f.text("opter", opter, 30);
        f.text("opter_name", opterName, 50);
        f.dateTime("inf_time", infTime);
        f.institutionCode("fixmedins_code", fixmedinsCode);
        if (!id.institutionCode().equals(fixmedinsCode)) {
            throw f.invalid("msgid", "must begin with fixmedins_code");
        }
        f.text("fixmedins_name", fixmedinsName, 200);
        if (Transaction.SIGN_IN.infno().equals(infno)) {
            f.optionalText("sign_no", signNo, 30);
        } else {
            f.text("sign_no", signNo, 30);
        }
    }
}
