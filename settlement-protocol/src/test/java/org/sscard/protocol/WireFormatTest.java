package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscard.values.Money;

class WireFormatTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String requestJson(String input) {
        return "{\"infno\":\"2204\",\"msgid\":\"" + Samples.MSGID + "\",\"mdtrtarea_admvs\":\"440106\","
                + "\"insuplc_admdvs\":\"440100\",\"recer_sys_code\":\"GDYB\",\"dev_no\":\"DEV-0001\","
                + "\"signtype\":\"SM2\",\"infver\":\"V1.0\",\"opter_type\":\"1\",\"opter\":\"C001\","
                + "\"opter_name\":\"王收费\",\"inf_time\":\"2025-03-14 09:30:15\",\"fixmedins_code\":\"H44010600001\","
                + "\"fixmedins_name\":\"广州市第一人民医院\",\"sign_no\":\"SN202503140001\",\"input\":" + input + "}";
    }

    private static String feeRow(int sn, String cnt, String pric, String sum) {
        return "{\"feedetl_sn\":\"" + sn + "\",\"mdtrt_id\":\"MD0001\",\"psn_no\":\"P440100000001\","
                + "\"chrg_bchno\":\"CB0001\",\"rx_circ_flag\":\"0\",\"fee_ocur_time\":\"2025-03-14 09:20:00\","
                + "\"med_list_codg\":\"XA01AAA0001\",\"medins_list_codg\":\"HIS-" + sn + "\","
                + "\"det_item_fee_sumamt\":" + sum + ",\"cnt\":" + cnt + ",\"pric\":" + pric + ","
                + "\"bilg_dept_codg\":\"D01\",\"bilg_dept_name\":\"内科门诊\",\"bilg_dr_codg\":\"D440106000001\","
                + "\"bilg_dr_name\":\"李医生\",\"hosp_appr_flag\":\"0\"}";
    }

    private static String feeInput(String... rows) {
        return "{\"feedetail\":[" + String.join(",", rows) + "]}";
    }

    private static String error(String json) {
        return assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(utf8(json))).getMessage();
    }

    @Test
    void writesSnakeCaseNamesAndMoneyWithTwoDecimals() {
        Request<FeeUpload.Input> request = new Request<>(Samples.header("2204"),
                new FeeUpload.Input(List.of(Samples.fee("1", "12.3", 2))));
        assertEquals(requestJson(feeInput(feeRow(1, "2", "12.30", "24.60"))),
                new String(MessageCodec.write(request), StandardCharsets.UTF_8));
    }

    @Test
    void readsAValidRequest() {
        Request<?> r = MessageCodec.readRequest(utf8(requestJson(feeInput(feeRow(1, "2", "12.3", "24.60")))));
        FeeUpload.Input input = (FeeUpload.Input) r.input();
        assertEquals(Money.ofFen(1230), input.feedetail().get(0).pric());
    }

    @Test
    void namesTheFailingFieldWithItsPath() {
        String ok = feeRow(0, "1", "1.00", "1.00");
        assertEquals("input.feedetail[3].cnt: must be positive",
                error(requestJson(feeInput(ok, feeRow(1, "1", "1.00", "1.00"), feeRow(2, "1", "1.00", "1.00"),
                        feeRow(3, "0", "1.00", "0.00").replace("\"det_item_fee_sumamt\":0.00",
                                "\"det_item_fee_sumamt\":1.00")))));
        assertEquals("input.feedetail[0].det_item_fee_sumamt: must equal pric × cnt",
                error(requestJson(feeInput(feeRow(0, "3", "1.00", "2.00")))));
        assertEquals("input.feedetail[0].pric: not an amount (a decimal number with at most 2 decimals,"
                + " no exponent, at most 999999999.99)", error(requestJson(feeInput(feeRow(0, "1", "1.001", "1.00")))));
        assertEquals("input.feedetail[0].pric: must be a plain decimal number (no exponent)",
                error(requestJson(feeInput(feeRow(0, "1", "1e2", "100.00")))));
        assertEquals("input.feedetail[0].cnt: wrong type (expected an integer)",
                error(requestJson(feeInput(feeRow(0, "\"1\"", "1.00", "1.00")))));
        assertEquals("input.feedetail[0].cnt: wrong type (expected an integer)",
                error(requestJson(feeInput(feeRow(0, "1.5", "1.00", "1.50")))));
        assertEquals("input.feedetail[0].pric: must be a number (an amount in yuan with 2 decimals)",
                error(requestJson(feeInput(feeRow(0, "1", "\"1.00\"", "1.00")))));
        assertEquals("input.feedetail: must not be empty", error(requestJson(feeInput())));
        assertEquals("input.feedetail[0].surprise: unknown field",
                error(requestJson(feeInput(feeRow(0, "1", "1.00", "1.00").replace("{", "{\"surprise\":1,")))));
        assertEquals("input.feedetail[1].feedetl_sn: duplicate in this upload",
                error(requestJson(feeInput(ok, ok))));
    }

    @Test
    void checksHeaderFormats() {
        String good = requestJson(feeInput(feeRow(0, "1", "1.00", "1.00")));
        assertEquals("msgid: must be 30 characters: institution code (12) + yyyyMMddHHmmss + 4-digit sequence",
                error(good.replace(Samples.MSGID, Samples.MSGID.substring(1))));
        assertEquals("msgid: characters 13-26 must be a valid time yyyyMMddHHmmss",
                error(good.replace(Samples.MSGID, "H44010600001202502300930150001")));
        assertEquals("msgid: must begin with fixmedins_code",
                error(good.replace(Samples.MSGID, "H44010600002202503140930150001")));
        assertEquals("inf_time: must be a date-time yyyy-MM-dd HH:mm:ss",
                error(good.replace("2025-03-14 09:30:15", "2025-03-14T09:30:15")));
        assertEquals("mdtrtarea_admvs: must be a 6-digit administrative division code",
                error(good.replace("\"440106\"", "\"44010\"")));
        assertEquals(OpterType.MOBILE, ((Request<?>) MessageCodec.readRequest(utf8(good.replace("\"opter_type\":\"1\"",
                "\"opter_type\":\"3\"")))).header().opterType());
        assertEquals("opter_type: must be one of 1, 2, 3", error(good.replace("\"opter_type\":\"1\"", "\"opter_type\":\"9\"")));
        assertEquals("opter_type: wrong type (expected a string)",
                error(good.replace("\"opter_type\":\"1\"", "\"opter_type\":1")));
        assertEquals("sign_no: required", error(good.replace(",\"sign_no\":\"SN202503140001\"", "")));
        assertEquals("infno: unknown transaction code", error(good.replace("\"2204\"", "\"2299\"")));
        assertEquals("signtype: must be one of the platform profiles' envelopes: signtype SM2 with infver V1.0 (national),"
                + " no signtype with infver V1.0 (hebei), signtype SM3 with infver 1.0.0 (guangzhou)",
                error(good.replace("\"SM2\"", "\"RSA\"")));
        assertTrue(error(good.replace("\"V1.0\"", "\"1.0.0\"")).startsWith("infver: must be one of"));
    }

    @Test
    void codeListsAreOpenButCodesMustBeWellFormed() {
        Samples.Pair pre = Samples.all().get(Transaction.PRE_SETTLEMENT);
        String json = new String(MessageCodec.write(new Request<>(Samples.header("2206"),
                (PreSettlement.Input) pre.input())), StandardCharsets.UTF_8);
        PreSettlement.Input national = (PreSettlement.Input) MessageCodec.readRequest(utf8(json
                .replace("\"med_type\":\"11\"", "\"med_type\":\"13\"")
                .replace("\"insutype\":\"310\"", "\"insutype\":\"320\""))).input();
        assertSame(MedType.EMERGENCY, national.medType());
        assertEquals("公务员医疗补助", national.insutype().label());
        PreSettlement.Input local = (PreSettlement.Input) MessageCodec.readRequest(utf8(json
                .replace("\"med_type\":\"11\"", "\"med_type\":\"140104\""))).input();
        assertEquals("140104", local.medType().code());
        assertFalse(local.medType().isKnown());
        assertEquals("140104", local.medType().label());
        assertEquals("input.data.med_type: must be a code of 1 to 6 printable ASCII characters",
                error(json.replace("\"med_type\":\"11\"", "\"med_type\":\"1401040\"")));
        assertEquals("input.data.insutype: must be a code of 1 to 6 printable ASCII characters",
                error(json.replace("\"insutype\":\"310\"", "\"insutype\":\"\"")));
        assertEquals("input.data.insutype: wrong type (expected a string)",
                error(json.replace("\"insutype\":\"310\"", "\"insutype\":310")));
        assertEquals("input.data.mdtrt_cert_no: check character does not match; re-read the card",
                error(json.replace(Samples.CARD_NO, "A1234567" + (Samples.CARD_NO.charAt(8) == '1' ? '2' : '1'))));
        assertEquals("input.data.acct_used_flag: must be one of 0, 1", error(json.replace("\"acct_used_flag\":\"1\"",
                "\"acct_used_flag\":\"yes\"")));
    }

    @Test
    void hostileJsonGetsClearErrors() {
        String good = requestJson(feeInput(feeRow(0, "1", "1.00", "1.00")));
        assertEquals("message: duplicate field 'opter'", error(good.replace("\"opter\":\"C001\"",
                "\"opter\":\"C001\",\"opter\":\"C002\"")));
        String deep = "{\"infno\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertEquals("message: nested too deeply (at most 32 levels)", error(deep));
        assertEquals("message: a number is too long (at most 40 characters)",
                error(good.replace("\"cnt\":1", "\"cnt\":1" + "0".repeat(1000))));
        assertEquals("input.feedetail[0].cnt: number out of range",
                error(good.replace("\"cnt\":1", "\"cnt\":99999999999999999999")));
        assertEquals("input.feedetail[0].pric: must be a plain decimal number (no exponent)",
                error(good.replace("\"pric\":1.00", "\"pric\":1e400")));
        byte[] huge = new byte[MessageCodec.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertEquals("message: too large (1048577 bytes, at most 1048576)",
                assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(huge)).getMessage());
        assertEquals("message: not valid UTF-8", assertThrows(ProtocolException.class,
                () -> MessageCodec.readRequest(new byte[] {'{', (byte) 0xC3, '}'})).getMessage());
        assertEquals("message: not valid JSON (line 1, column 2)", error("{,}"));
        assertEquals("message: must be a JSON object", error("[1,2]"));
        assertEquals("message: content after the JSON object", error("{} {}"));
        assertEquals("message: empty body",
                assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(new byte[0])).getMessage());
        assertEquals("input: wrong type (expected an object)", error(requestJson("[]")));
        assertEquals("infno: wrong type (expected a string)", error(good.replace("\"2204\"", "2204")));
    }

    @Test
    void requestNumbersHaveNoExponentWhereverTheyAre() {
        // 12.3e1 is 123 exactly: Jackson's tree would hand Money a plain "123" and the request would pass.
        assertEquals("input.feedetail[0].det_item_fee_sumamt: must be a plain decimal number (no exponent)",
                error(requestJson(feeInput(feeRow(0, "1", "123.00", "12.3e1")))));
        assertEquals("input.feedetail[1].pric: must be a plain decimal number (no exponent)",
                error(requestJson(feeInput(feeRow(0, "1", "1.00", "1.00"), feeRow(1, "1", "1.5E+0", "1.50")))));
        assertEquals("input.feedetail[0].cnt: must be a plain decimal number (no exponent)",
                error(requestJson(feeInput(feeRow(0, "1.0e0", "1.00", "1.00")))));
        assertEquals("input.feedetail[0].surprise: must be a plain decimal number (no exponent)",
                error(requestJson(feeInput(feeRow(0, "1", "1.00", "1.00").replace("{", "{\"surprise\":2e1,")))));
        assertEquals("input.feedetail[0].det_item_fee_sumamt: must be a plain decimal number (no exponent)",
                assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(
                        utf8(requestJson(feeInput(feeRow(0, "1", "123.00", "12.3e1")))), Transaction.FEE_UPLOAD))
                        .getMessage());
        MessageCodec.readRequest(utf8(requestJson(feeInput(feeRow(0, "1", "123.00", "123.0")))));
    }

    @Test
    void anUploadTotallingMoreThanASettlementCanCarryIsRefusedOnBothSides() {
        String big = "999999999.00";
        String json = requestJson(feeInput(feeRow(0, "1", big, big), feeRow(1, "1", big, big), feeRow(2, "1", "2.00",
                "2.00")));
        assertEquals("input.feedetail: the items total 2000000000.00, more than one settlement can carry"
                + " (at most 999999999.99)", error(json), "2 000 000 000 yuan in one upload is refused where it is read");
        Request<FeeUpload.Input> ours = new Request<>(Samples.header("2204"), new FeeUpload.Input(List.of(
                Samples.fee("1", big, 1), Samples.fee("2", big, 1))));
        assertEquals("input.feedetail: the items total 1999999998.00, more than one settlement can carry"
                + " (at most 999999999.99)", assertThrows(ProtocolException.class, ours::validate).getMessage(),
                "the station's own writer refuses it before sending");
        new Request<>(Samples.header("2204"), new FeeUpload.Input(List.of(Samples.fee("1", "999999999.99", 1))))
                .validate();
    }

    @Test
    void writtenNumbersNeverHaveAnExponent() {
        Request<FeeUpload.Input> r = new Request<>(Samples.header("2204"), new FeeUpload.Input(List.of(
                Samples.fee("1", "999999999.99", 1), Samples.fee("2", "0.01", 99_999))));
        String json = new String(MessageCodec.write(r), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"pric\":999999999.99") && json.contains("\"det_item_fee_sumamt\":999.99"), json);
        assertFalse(json.matches("(?s).*[0-9][eE][-+0-9].*"), json);
    }

    @Test
    void responsesTolerateUnknownFieldsButNotBadValues() {
        String ok = "{\"infcode\":0,\"inf_refmsgid\":\"440000202503140930160000000042\","
                + "\"refmsg_time\":\"20250314093015120\",\"respond_time\":\"20250314093015180\",\"signtype\":\"SM2\","
                + "\"extra\":{\"x\":1},\"output\":{\"signinoutb\":{\"sign_time\":\"2025-03-14 08:00:00\",\"sign_no\":\"S1\",\"new\":2}}}";
        Response<SignIn.Output> r = MessageCodec.readResponse(utf8(ok), Transaction.SIGN_IN);
        assertEquals("S1", r.output().signNo());
        assertEquals("output.signinoutb.sign_time: must be a date-time yyyy-MM-dd HH:mm:ss",
                assertThrows(ProtocolException.class, () -> MessageCodec.readResponse(
                        utf8(ok.replace("2025-03-14 08:00:00", "yesterday")), Transaction.SIGN_IN)).getMessage());
        String failed = ok.replace("\"infcode\":0", "\"infcode\":-6").replace(",\"output\":{\"signinoutb\":{\"sign_time\":"
                + "\"2025-03-14 08:00:00\",\"sign_no\":\"S1\",\"new\":2}}", ",\"err_msg\":\"卡已挂失\"");
        Response<SignIn.Output> refused = MessageCodec.readResponse(utf8(failed), Transaction.SIGN_IN);
        assertEquals(InfCode.BUSINESS_RULE, refused.header().code());
        assertEquals("err_msg: required", assertThrows(ProtocolException.class, () -> MessageCodec.readResponse(
                utf8(failed.replace(",\"err_msg\":\"卡已挂失\"", "")), Transaction.SIGN_IN)).getMessage());
        Response<SignIn.Output> unknown = MessageCodec.readResponse(utf8(failed.replace("-6", "-77")),
                Transaction.SIGN_IN);
        assertFalse(unknown.ok());
        assertEquals(InfCode.FAILURE, unknown.header().code(), "a code this version does not know is a failure");
        assertEquals("infcode -77: 卡已挂失", unknown.header().failureText());
    }

    @Test
    void idNumbersAreMaskedInToString() {
        PersonInfo.Output out = (PersonInfo.Output) Samples.all().get(Transaction.PERSON_INFO).output();
        assertEquals(false, out.toString().contains(Samples.CERTNO));
        assertEquals(true, out.toString().contains("110***********002X"));
    }
}
