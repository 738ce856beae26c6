package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sscard.values.Money;

/**
 * Answers as real platforms send them: members this version does not know, numbers as JSON strings or with more
 * decimals than needed, {@code null} in optional members, members in any order, {@code warn_msg}, the real
 * {@code inf_refmsgid}, codes outside our own use. Each is decoded and encoded again; a value that cannot be used still
 * fails naming its JSON path.
 */
class TolerantReaderTest {
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final String REFMSGID = "310000" + "20230920182350" + "0002516630";

    /** A 1101 answer in the Shanghai order (output first) with five insurance rows, one 510 and one local 39999. */
    private static final String PERSON_INFO = """
            {"output":{"baseinfo":{"psn_no":"P440100000001","psn_cert_type":"01","certno":"%s",
              "psn_name":"张三","gend":"1","naty":"01","brdy":"1974-07-01","age":"50.2","exp_content":null},
             "insuinfo":[
              {"balc":"1000.00","insutype":"310","psn_type":"1101","psn_insu_stas":"1","psn_insu_date":"2001-01-01",
               "paus_insu_date":null,"cvlserv_flag":"0","insuplc_admdvs":"440100","emp_name":"某某公司"},
              {"balc":0,"insutype":"320","psn_type":"1101","psn_insu_stas":"1","insuplc_admdvs":"440100"},
              {"balc":0.0,"insutype":"330","psn_type":"1101","psn_insu_stas":"1","insuplc_admdvs":"440100"},
              {"balc":"0","insutype":"510","psn_type":"1101","psn_insu_stas":"4","insuplc_admdvs":"440100",
               "paus_insu_date":"2020-05-01"},
              {"balc":41509.00,"insutype":"39999","psn_type":"116032","psn_insu_stas":"1","insuplc_admdvs":"440100"}],
             "idetinfo":[]},
             "infcode":"0","warn_msg":"参保人本年度已享受门诊统筹待遇 3 次","enctype":null,"err_msg":null,
             "signtype":"SM2","cainfo":null,"inf_refmsgid":"%s","refmsg_time":"20230920182350512",
             "respond_time":"20230920182350678"}
            """.formatted(Samples.CERTNO, REFMSGID);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, JsonNode> extras(Response<?> r) {
        return r.extra().stream().collect(Collectors.toMap(ExtraMember::path, ExtraMember::value,
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void personInfoFromARealPlatformIsReadWithEveryRowAndEveryUnknownMemberKept() {
        Response<PersonInfo.Output> r = MessageCodec.readResponse(utf8(PERSON_INFO), Transaction.PERSON_INFO);
        assertTrue(r.ok());
        assertEquals("参保人本年度已享受门诊统筹待遇 3 次", r.header().warnMsg());
        assertEquals(new RefMsgId("310000", java.time.LocalDateTime.of(2023, 9, 20, 18, 23, 50), 2_516_630L),
                RefMsgId.parse(r.header().infRefmsgid(), "inf_refmsgid"));
        assertEquals(new BigDecimal("50.2"), r.output().baseinfo().age());
        List<PersonInfo.InsuInfo> rows = r.output().insuinfo();
        assertEquals(5, rows.size());
        assertEquals(Money.parse("1000.00"), rows.get(0).balc());
        assertSame(InsuType.MATERNITY, rows.get(3).insutype());
        assertEquals("生育保险", rows.get(3).insutype().label());
        assertEquals(InsuStatus.TERMINATED, rows.get(3).psnInsuStas());
        assertEquals(Money.parse("41509.00"), rows.get(4).balc());
        assertFalse(rows.get(4).insutype().isKnown());
        assertEquals("39999", rows.get(4).insutype().label());

        Map<String, JsonNode> extra = extras(r);
        assertEquals(List.of("enctype"), extra.keySet().stream().sorted().toList(), "the table's members are all known");
        assertEquals("某某公司", rows.get(0).empName());
        assertNull(r.output().baseinfo().expContent());

        byte[] again = MessageCodec.write(r);
        Response<PersonInfo.Output> reread = MessageCodec.readResponse(again, Transaction.PERSON_INFO);
        assertEquals(r.header(), reread.header());
        assertEquals(r.output(), reread.output());
        assertEquals(extras(r), extras(reread));
        String written = new String(again, StandardCharsets.UTF_8);
        assertTrue(written.contains("\"balc\":1000.00") && written.contains("\"age\":50.2")
                && written.contains("\"insutype\":\"39999\"") && written.contains("\"emp_name\":\"某某公司\""), written);
    }

    /** The sample 2207 answer, its amounts turned into strings with extra zeros, members added and reordered. */
    private static String provincialSettlement() throws Exception {
        Samples.Pair pair = Samples.all().get(Transaction.SETTLEMENT);
        ObjectNode written = (ObjectNode) TREE.readTree(MessageCodec.write(
                new Response<>(Samples.okHeader(), (SettlementResult) pair.output())));
        written.put("inf_refmsgid", REFMSGID);
        ObjectNode setlinfo = (ObjectNode) written.get("output").get("setlinfo");
        ObjectNode reordered = TREE.createObjectNode();
        reordered.put("hifdm_pay", "0.00").putNull("memo").putNull("clr_optins");
        setlinfo.properties().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))
                .forEach(e -> reordered.set(e.getKey(), e.getValue().isNumber()
                        ? TREE.getNodeFactory().textNode(e.getValue().decimalValue().setScale(4).toPlainString())
                        : e.getValue()));
        ((ObjectNode) written.get("output")).set("setlinfo", reordered);
        ObjectNode detail = (ObjectNode) written.get("output").get("setldetail").get(0);
        detail.putNull("crt_payb_lmt_amt");
        detail.put("setl_id", "S0001");
        written.put("warn_msg", "请核对结算金额");
        return TREE.writeValueAsString(written);
    }

    @Test
    void settlementWithAmountsAsStringsGivesTheSameFiguresAndEncodesAgain() throws Exception {
        Response<SettlementResult> r = MessageCodec.readResponse(utf8(provincialSettlement()), Transaction.SETTLEMENT);
        SettlementResult sample = (SettlementResult) Samples.all().get(Transaction.SETTLEMENT).output();
        assertEquals(sample, r.output());
        assertEquals("请核对结算金额", r.header().warnMsg());
        Map<String, JsonNode> extra = extras(r);
        assertEquals(List.of("output.setldetail[0].setl_id", "output.setlinfo.hifdm_pay", "output.setlinfo.memo"),
                extra.keySet().stream().sorted().toList());
        Response<SettlementResult> reread = MessageCodec.readResponse(MessageCodec.write(r), Transaction.SETTLEMENT);
        assertEquals(r.output(), reread.output());
        assertEquals(extra, extras(reread));
        assertEquals("0.00", extras(reread).get("output.setlinfo.hifdm_pay").textValue());
    }

    @Test
    void feeResultsInTheInterfacePrecisionsAreRead() {
        Response<FeeUpload.Output> r = MessageCodec.readResponse(utf8(feeAnswer("\"2.0000\"", "12.300000",
                "\"0.1000\"")), Transaction.FEE_UPLOAD);
        FeeUpload.FeeResult row = r.output().result().get(0);
        assertEquals(2L, row.cnt());
        assertEquals(Money.parse("12.30"), row.pric());
        assertEquals(Ratio.ofPercent(10), row.selfpayProp());
        assertEquals(Money.parse("999999.00"), row.pricUplmtAmt());
        assertEquals(2L, MessageCodec.readResponse(utf8(feeAnswer("2.0", "\"12.3\"", "0.1")), Transaction.FEE_UPLOAD)
                .output().result().get(0).cnt());
        FeeUpload.FeeResult uncapped = MessageCodec.readResponse(utf8(feeAnswer("2", "12.30", "0.1")
                .replace("999999.000000", "null")), Transaction.FEE_UPLOAD).output().result().get(0);
        assertEquals(null, uncapped.pricUplmtAmt());
    }

    @Test
    void otherSexAndStatusCodesAreKept() {
        PersonInfo.Output out = MessageCodec.readResponse(utf8(PERSON_INFO.replace("\"gend\":\"1\"", "\"gend\":\"9\"")
                .replace("\"psn_insu_stas\":\"4\"", "\"psn_insu_stas\":\"7\"")), Transaction.PERSON_INFO).output();
        assertSame(Gender.UNSTATED, out.baseinfo().gend());
        assertEquals("未说明的性别", out.baseinfo().gend().label());
        InsuStatus other = out.insuinfo().get(3).psnInsuStas();
        assertEquals("7", other.label());
        assertFalse(other.equals(InsuStatus.NORMAL));
    }

    private static String feeAnswer(String cnt, String pric, String selfpayProp) {
        return "{\"infcode\":0,\"inf_refmsgid\":\"" + REFMSGID + "\",\"signtype\":\"SM2\",\"output\":{\"result\":[{"
                + "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":\"24.60\",\"cnt\":" + cnt + ",\"pric\":" + pric
                + ",\"pric_uplmt_amt\":999999.000000,\"selfpay_prop\":" + selfpayProp + ",\"fulamt_ownpay_amt\":0,"
                + "\"overlmt_amt\":\"4.60\",\"preselfpay_amt\":2.00,\"inscp_scp_amt\":18,\"chrgitm_lv\":\"02\","
                + "\"med_chrgitm_type\":\"09\",\"lmt_used_flag\":\"0\",\"memo\":null}]}}";
    }

    private static String readError(String json, Transaction<?, ?> t) {
        return assertThrows(ProtocolException.class, () -> MessageCodec.readResponse(utf8(json), t)).getMessage();
    }

    @Test
    void valuesThatCannotBeUsedStillFailWithTheirPath() {
        assertEquals("output.result[0].pric: " + DecimalJson.MONEY_RULE,
                readError(feeAnswer("2", "12.305", "0.1"), Transaction.FEE_UPLOAD));
        assertEquals("output.result[0].cnt: not a whole number",
                readError(feeAnswer("1.5", "12.30", "0.1"), Transaction.FEE_UPLOAD));
        assertEquals("output.result[0].cnt: not a whole number",
                readError(feeAnswer("\"two\"", "12.30", "0.1"), Transaction.FEE_UPLOAD));
        assertEquals("output.result[0].selfpay_prop: " + Ratio.WIRE_RULE,
                readError(feeAnswer("2", "12.30", "\"0.12345\""), Transaction.FEE_UPLOAD));
        assertEquals("output.result[0].pric: must be a number (an amount in yuan with 2 decimals)",
                readError(feeAnswer("2", "true", "0.1"), Transaction.FEE_UPLOAD));
        assertEquals("output.baseinfo.age: at most 1 decimal",
                readError(PERSON_INFO.replace("\"50.2\"", "50.25"), Transaction.PERSON_INFO));
        assertEquals("output.insuinfo[1].insutype: must be a code of 1 to 6 printable ASCII characters",
                readError(PERSON_INFO.replace("\"320\"", "\"3200000\""), Transaction.PERSON_INFO));
        assertEquals("inf_refmsgid: must not be empty",
                readError(PERSON_INFO.replace(REFMSGID, " "), Transaction.PERSON_INFO));
    }

    @Test
    void aReceiversIdOfAnotherFormIsKeptAsItCame() {
        String earlier = "H44010600001202503140930150001";
        assertEquals(earlier, MessageCodec.readResponse(utf8(PERSON_INFO.replace(REFMSGID, earlier)),
                Transaction.PERSON_INFO).header().infRefmsgid(), "as answers stored by earlier versions hold it");
        assertThrows(ProtocolException.class, () -> RefMsgId.parse(earlier, "inf_refmsgid"),
                "not the national form, which central-sim issues");
    }

    @Test
    void requestsStayStrictButTakeTheInterfacesWiderForms() {
        Request<FeeUpload.Input> request = new Request<>(Samples.header("2204"),
                new FeeUpload.Input(List.of(Samples.fee("1", "12.30", 2))));
        String json = new String(MessageCodec.write(request), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"pric\":12.30,") && json.contains("\"cnt\":2,"), json);
        assertEquals("input.feedetail[0].pric: must be a number (an amount in yuan with 2 decimals)",
                assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(utf8(json.replace(
                        "\"pric\":12.30", "\"pric\":\"12.30\"")))).getMessage());
        FeeUpload.FeeDetail wide = ((FeeUpload.Input) MessageCodec.readRequest(utf8(json.replace("\"cnt\":2,",
                "\"cnt\":2.0000,").replace("\"pric\":12.30,", "\"pric\":12.300000,"))).input()).feedetail().get(0);
        assertEquals(2L, wide.cnt());
        assertEquals(Money.parse("12.30"), wide.pric());
        assertEquals("input.feedetail[0].cnt: wrong type (expected an integer)",
                assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(utf8(json.replace(
                        "\"cnt\":2,", "\"cnt\":2.00000,")))).getMessage());
        assertEquals("input.feedetail[0].surprise: unknown field",
                assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(utf8(json.replace(
                        "\"pric\":12.30", "\"pric\":12.30,\"surprise\":1")))).getMessage());
    }

    @Test
    void centralIdsAreIssuedInTheRealForm() {
        RefMsgId id = new RefMsgId("440000", java.time.LocalDateTime.of(2025, 3, 14, 9, 30, 16), 42);
        assertEquals("440000202503140930160000000042", id.toString());
        assertEquals(id, RefMsgId.parse(id.toString(), "inf_refmsgid"));
        assertEquals(RefMsgId.LENGTH, id.toString().length());
    }
}
