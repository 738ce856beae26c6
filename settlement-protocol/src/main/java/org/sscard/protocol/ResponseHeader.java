package org.sscard.protocol;

import java.util.regex.Pattern;

/**
 * Every response member except {@code output}. {@code warn_msg}: a notice from the platform for the operator (提示信息),
 * on a success as on a failure; it changes nothing in the answer.
 */
public record ResponseHeader(
        Integer infcode,
        String infRefmsgid,
        String refmsgTime,
        String respondTime,
        String errMsg,
        String warnMsg,
        String signtype,
        String cainfo) {
    public static final int MAX_WARN_MSG = 4000;

    /** {@code refmsg_time} and {@code respond_time}: yyyyMMddHHmmssSSS. */
    private static final Pattern MILLIS_TIME = Pattern.compile("[0-9]{17}");

    public ResponseHeader withCainfo(String newCainfo) {
        return new ResponseHeader(infcode, infRefmsgid, refmsgTime, respondTime, errMsg, warnMsg, signtype, newCainfo);
    }

    public InfCode code() {
        return InfCode.of(infcode);
    }

    public void validate(Fields f) {
        f.required("infcode", infcode);
        try {
            InfCode.of(infcode);
        } catch (ProtocolException e) {
            throw f.invalid("infcode", "unknown code " + infcode);
        }
        // the receiver's own id, kept as it came: never parsed (answers stored by earlier versions, and provinces, use
        // other forms than the national RefMsgId)
        f.text("inf_refmsgid", infRefmsgid, 64);
        f.optionalPattern("refmsg_time", refmsgTime, MILLIS_TIME, "must be yyyyMMddHHmmssSSS");
        f.optionalPattern("respond_time", respondTime, MILLIS_TIME, "must be yyyyMMddHHmmssSSS");
        if (infcode != 0) {
            f.text("err_msg", errMsg, 1000);
        } else {
            f.optionalText("err_msg", errMsg, 1000);
        }
        f.optionalText("warn_msg", warnMsg, MAX_WARN_MSG);
        // SM2 from our central service, whose signature the station checks; other platforms send SM3, MOCK or none
        f.optionalText("signtype", signtype, 10);
        f.optionalText("cainfo", cainfo, 2048);
    }
}
