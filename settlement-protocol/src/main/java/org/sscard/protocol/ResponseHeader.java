package org.sscard.protocol;

import java.util.regex.Pattern;

/**
 * Every response member except {@code output}. {@code warn_msg}: a notice from the platform for the operator (提示信息),
 * on a success as on a failure; it changes nothing in the answer. {@code infcode}: 0 success, −1 failure (the
 * interface's two codes), our more negative codes ({@link InfCode}); an unknown code is a failure, never a refusal of
 * the answer.
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

    /**
     * The class of the answer: 0 success; any other code a failure, {@link InfCode#FAILURE} (the interface's −1) for a
     * code this version does not know ({@link #failureText()} shows it).
     */
    public InfCode code() {
        return InfCode.known(infcode).orElse(InfCode.FAILURE);
    }

    /** {@code err_msg}, led by the code as sent when it is not one this version knows ({@code infcode 7: ...}). */
    public String failureText() {
        return InfCode.known(infcode).isPresent() ? errMsg : "infcode " + infcode + ": " + errMsg;
    }

    public void validate(Fields f) {
        f.required("infcode", infcode);
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
        // read as any name: platforms answer SM2, SM3, "" or MOCK (the signature is checked on the body where the
        // platform profile says so)
        f.optionalText("signtype", signtype, 10);
        f.optionalText("cainfo", cainfo, 2048);
    }
}
