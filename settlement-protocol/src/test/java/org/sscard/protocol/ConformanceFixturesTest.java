package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.sscard.values.Money;

/**
 * The conformance fixtures ({@code conformance/NNNN-request.json}, {@code NNNN-answer.json}), written from the
 * interface's tables: every one decodes, passes every field rule, and encodes again to the same message (answers: the
 * same values and the same unknown members; numbers sent as strings come back as numbers).
 */
public class ConformanceFixturesTest {
    public static final List<String> INFNOS = List.of("9001", "1101", "2201", "2204", "2206", "2207", "2208", "2601", "3201",
            "3202", "9101", "1312", "1318", "1319");
    /** Transactions with a request fixture only: 9102 is answered with the file itself, no envelope. */
    public static final List<String> REQUEST_ONLY = List.of("9102");
    private static final ObjectMapper TREE = new ObjectMapper();
    /** Numbers equal by value ({@code 8000.0} and {@code 8000.00}), everything else by {@link JsonNode#equals}. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    /** The bytes of a fixture on the test class path. */
    public static byte[] fixture(String name) {
        try (InputStream in = ConformanceFixturesTest.class.getResourceAsStream("/conformance/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("requestInfnos")
    void requestFixtureDecodesAndEncodesToTheSameMessage(String infno) throws IOException {
        byte[] body = fixture(infno + "-request.json");
        Transaction<?, ?> t = Transaction.byInfno("infno", infno);
        Request<?> request = MessageCodec.readRequest(body, t);
        request.validate();
        JsonNode input = TREE.readTree(body).get("input");
        String wrapper = switch (infno) {
            case "9001" -> "signIn";
            case "2204" -> "feedetail";
            case "9101" -> "fsUploadIn";
            case "9102" -> "fsDownloadIn";
            default -> "data";
        };
        List<String> members = new java.util.ArrayList<>();
        input.fieldNames().forEachRemaining(members::add);
        assertEquals(List.of(wrapper), members,
                "the input of " + infno + " as §1.3 wraps it");
        byte[] again = MessageCodec.write(request);
        assertTrue(TREE.readTree(body).equals(BY_VALUE, TREE.readTree(again)), new String(again));
    }

    @ParameterizedTest
    @MethodSource("infnos")
    void answerFixtureDecodesKeepsWhatItDoesNotKnowAndEncodesAgain(String infno) {
        Transaction<?, ?> t = Transaction.byInfno("infno", infno);
        Response<?> answer = MessageCodec.readResponse(fixture(infno + "-answer.json"), t);
        assertTrue(answer.ok());
        RefMsgId.parse(answer.header().infRefmsgid(), "inf_refmsgid");
        Response<?> again = MessageCodec.readResponse(MessageCodec.write(answer), t);
        assertEquals(answer.output(), again.output());
        assertEquals(paths(answer), paths(again));
    }

    @Test
    void personInfoWithAMaternityRowAndMembersOfTheTableKept() {
        Response<PersonInfo.Output> r = MessageCodec.readResponse(fixture("1101-answer.json"), Transaction.PERSON_INFO);
        assertEquals(List.of("310", "510"), r.output().insuinfo().stream().map(i -> i.insutype().code()).toList());
        assertEquals("生育保险", r.output().insuinfo().get(1).insutype().label());
        assertNull(r.output().insuinfo().get(1).psnInsuStas(), "psn_insu_stas is optional in the table");
        assertEquals(Money.parse("1000.00"), r.output().insuinfo().get(0).balc(), "an amount sent as a string");
        assertEquals("广州某某有限公司", r.output().insuinfo().get(1).empName());
        assertEquals(List.of(), r.output().idetinfo());
        assertEquals(List.of("enctype"), paths(r), "every member of the table is known");
    }

    @Test
    void settlementWithEveryFundStringAmountsAndAWarning() {
        Response<SettlementResult> r = MessageCodec.readResponse(fixture("2207-answer.json"), Transaction.SETTLEMENT);
        SettlementResult.SetlInfo s = r.output().setlinfo();
        assertEquals("请核对结算金额", r.header().warnMsg());
        assertEquals("0.70", s.poolPropSelfpay().toString(), "a ratio, never an amount");
        assertEquals(Map.of("cvlserv_pay", Money.parse("20.00"), "hifmi_pay", Money.parse("10.00"),
                "maf_pay", Money.parse("5.00")), s.otherFunds());
        assertEquals(Money.parse("220.50"), s.fundPaySumamt());
        assertEquals("H44010600001202503140930150001", s.medinsSetlId());
        assertEquals(ClrType.OUTPATIENT, s.clrType());
        assertEquals(4, r.output().setldetail().size());
        assertNull(r.output().setldetail().get(1).crtPaybLmtAmt());
        assertEquals(List.of("output.setlinfo.hifdm_pay", "output.setlinfo.memo"), paths(r));
    }

    @Test
    void cancelAnswerWithTheTablesSpellingOfTheCashMemberAndNoPersonFields() {
        Response<SettlementResult> r = MessageCodec.readResponse(fixture("2208-answer.json"),
                Transaction.SETTLEMENT_CANCEL);
        SettlementResult.SetlInfo s = r.output().setlinfo();
        assertEquals(Money.parse("-300.00"), s.medfeeSumamt());
        assertNull(s.psnNo());
        assertNull(s.insutype());
        assertNull(s.medType());
        assertEquals(Money.ZERO, s.psnCashPay(), "pdn_cash_pay is read as psn_cash_pay");
        assertEquals(List.of(), paths(r));
    }

    @Test
    void preSettlementWithoutASettlementTimeAndAnEmptyReversalAnswer() {
        assertNull(MessageCodec.readResponse(fixture("2206-answer.json"), Transaction.PRE_SETTLEMENT).output()
                .setlinfo().setlTime());
        Response<Reversal.Output> reversal = MessageCodec.readResponse(fixture("2601-answer.json"),
                Transaction.REVERSAL);
        assertNotNull(reversal.output());
        assertNull(reversal.output().tookEffect());
    }

    @Test
    void feeAnswerReadsTheItemCategoryAndTheRestrictedUseFlag() {
        FeeUpload.FeeResult row = MessageCodec.readResponse(fixture("2204-answer.json"), Transaction.FEE_UPLOAD)
                .output().result().get(0);
        assertEquals(MedChrgitmType.WESTERN_MEDICINE, row.medChrgitmType());
        assertEquals(Flag.NO, row.lmtUsedFlag());
    }

    @Test
    void requiredMembersOfTheTablesAreRequired() {
        String fees = new String(fixture("2204-request.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("input.feedetail[1].hosp_appr_flag: required", assertThrows(ProtocolException.class,
                () -> MessageCodec.readRequest(utf8(fees.replace(",\n        \"hosp_appr_flag\": \"0\"", ""))))
                .getMessage());
        String registration = new String(fixture("2201-request.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("input.data.caty: required", assertThrows(ProtocolException.class,
                () -> MessageCodec.readRequest(utf8(registration.replace(",\n      \"caty\": \"A03\"", ""))))
                .getMessage());
        String reconciliation = new String(fixture("3201-request.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(assertThrows(ProtocolException.class, () -> MessageCodec.readRequest(utf8(
                reconciliation.replace("\"440100\",\n      \"stmt_begndate", "\"4401\",\n      \"stmt_begndate"))))
                .getMessage().startsWith("input.data.setl_optins: "));
        String settled = new String(fixture("2207-answer.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"psn_no\": \"[^\"]*\",", "");
        assertEquals("output.setlinfo.psn_no: required", assertThrows(ProtocolException.class,
                () -> MessageCodec.readResponse(utf8(settled), Transaction.SETTLEMENT)).getMessage(),
                "a settlement (2207) still names the person; only 2208's reversing form goes without");
    }

    @Test
    void catalogueAnswerReadsPagingSentAsStringsAndKeepsUnknownMembers() {
        Response<CatalogQuery.Output> r = MessageCodec.readResponse(fixture("1312-answer.json"),
                Transaction.CATALOG_QUERY);
        assertEquals(2L, r.output().recordCounts());
        assertEquals(1L, r.output().startRow());
        CatalogQuery.Row ended = r.output().data().get(1);
        assertEquals(Flag.NO, ended.valiFlag());
        assertEquals(java.time.LocalDate.of(2025, 3, 1), CatalogPaging.day(ended.updtTime()),
                "a date-time where the table has a date is read as its day");
        assertEquals("201", ended.listType().label(), "a code of a list without published values is kept as sent");
        assertEquals(List.of("output.data[0].hilist_dosform", "output.endRow"), paths(r));
        String written = new String(MessageCodec.write(r), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(written.contains("\"pageNum\":1,") && written.contains("\"endRow\":\"2\""), written);
    }

    @Test
    void priceCapsAreKeptExactlyAndUsedInFenRoundedDown() {
        Response<PriceCapQuery.Output> r = MessageCodec.readResponse(fixture("1318-answer.json"),
                Transaction.PRICE_CAP_QUERY);
        PriceCapQuery.Row cap = r.output().data().get(0);
        assertEquals(new java.math.BigDecimal("12.345000"), cap.hilistPricUplmtAmt(), "an amount sent as a string");
        assertEquals(Money.parse("12.34"), cap.capFen(), "12.345 allows 12.34, not 12.35");
        assertEquals(Money.parse("9.80"), r.output().data().get(1).capFen());
        assertEquals(List.of("output.data[0].dspo_memo"), paths(r));
        String sevenDecimals = new String(fixture("1318-answer.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"12.345000\"", "12.3450001");
        assertEquals("output.data[0].hilist_pric_uplmt_amt: at most 6 decimals", assertThrows(ProtocolException.class,
                () -> MessageCodec.readResponse(utf8(sevenDecimals), Transaction.PRICE_CAP_QUERY)).getMessage());
    }

    @Test
    void selfPayRatiosReadAsRatiosWithPagingMembersLeftOut() {
        Response<SelfpayRatioQuery.Output> r = MessageCodec.readResponse(fixture("1319-answer.json"),
                Transaction.SELFPAY_RATIO_QUERY);
        assertEquals(Ratio.ofPercent(10), r.output().data().get(0).selfpayProp());
        assertEquals(Ratio.ofBasisPoints(500), r.output().data().get(1).selfpayProp());
        assertNull(r.output().firstPage());
        assertNull(r.output().startRow());
        assertEquals(List.of("output.data[0].selfpay_prop_memo"), paths(r));
    }

    @Test
    void aBareRowArrayAsGuangzhouAnswersIsRefusedAsNotTheInterfacesForm() {
        String bare = "{\"infcode\":0,\"inf_refmsgid\":\"440000202503140930160000000112\",\"output\":[]}";
        assertEquals("output: wrong type (expected an object)", assertThrows(ProtocolException.class,
                () -> MessageCodec.readResponse(utf8(bare), Transaction.CATALOG_QUERY)).getMessage());
    }

    @Test
    void catalogueMembersTheTablesRequireAreRequired() {
        String query = new String(fixture("1312-request.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("input.data.page_size: required", assertThrows(ProtocolException.class,
                () -> MessageCodec.readRequest(utf8(query.replace(",\n      \"page_size\": 100", "")))).getMessage());
        assertEquals("input.data.updt_time: must be a date yyyy-MM-dd", assertThrows(ProtocolException.class,
                () -> MessageCodec.readRequest(utf8(query.replace("\"2025-01-01\"", "\"2025-01-01 00:00:00\""))))
                .getMessage(), "the writer sends the table's date");
        assertEquals("input.data.page_num: at most 9999", assertThrows(ProtocolException.class,
                () -> MessageCodec.readRequest(utf8(query.replace("\"page_num\": 1", "\"page_num\": 10000"))))
                .getMessage());
        String rows = new String(fixture("1312-answer.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"rid\": \"440000202501010000000002\",", "");
        assertEquals("output.data[1].rid: required", assertThrows(ProtocolException.class,
                () -> MessageCodec.readResponse(utf8(rows), Transaction.CATALOG_QUERY)).getMessage());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void codesThisVersionDoesNotKnowAreKeptInAnswers() {
        String local = new String(fixture("2204-answer.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"chrgitm_lv\": \"02\"", "\"chrgitm_lv\": \"04\"");
        FeeUpload.FeeResult row = MessageCodec.readResponse(local.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Transaction.FEE_UPLOAD).output().result().get(0);
        assertEquals("04", row.chrgitmLv().label());
        assertEquals(false, row.chrgitmLv().isKnown());
        assertEquals("乙类 (02)", ChrgitmLv.CLASS_B.labelWithCode());
        assertEquals("社会保障卡", MdtrtCertType.of("03").label());
        assertEquals("按项目结算", PsnSetlway.BY_ITEM.label());
    }

    static List<String> infnos() {
        return INFNOS;
    }

    /** Every transaction with a request fixture. */
    public static List<String> requestInfnos() {
        return java.util.stream.Stream.concat(INFNOS.stream(), REQUEST_ONLY.stream()).toList();
    }

    @Test
    void detailReconciliationThroughFilesWithTheirLocalMembersKept() {
        Request<FileTransfer.Upload> upload = MessageCodec.readRequest(fixture("9101-request.json"),
                Transaction.FILE_UPLOAD);
        List<DetailFiles.UploadRow> rows = DetailFiles.readUpload(upload.input().in());
        assertEquals(List.of("S0001", "S0002"), rows.stream().map(DetailFiles.UploadRow::setlId).toList());
        assertEquals(Flag.YES, rows.get(1).refdSetlFlag());
        Request<DetailReconciliation.Input> detail = MessageCodec.readRequest(fixture("3202-request.json"),
                Transaction.DETAIL_RECONCILIATION);
        assertEquals(Money.parse("40.00"), detail.input().cashPayamt());
        assertEquals(2L, detail.input().fixmedinsSetlCnt());

        Response<FileTransfer.Uploaded> uploaded = MessageCodec.readResponse(fixture("9101-answer.json"),
                Transaction.FILE_UPLOAD);
        assertEquals(0, uploaded.header().infcode(), "infcode sent as a string");
        assertEquals("FQ202503140930150001", uploaded.output().fileQuryNo());
        assertEquals(List.of("output.file_byte"), paths(uploaded));
        Response<DetailReconciliation.Output> fileinfo = MessageCodec.readResponse(fixture("3202-answer.json"),
                Transaction.DETAIL_RECONCILIATION);
        assertEquals("2025-03-14 10:31:00", fileinfo.output().dldEndtime());
        assertEquals(List.of("output.fileinfo.file_sufx"), paths(fileinfo));
        assertTrue(new String(MessageCodec.write(fileinfo), java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"file_sufx\":\"zip\""), "the unknown member goes back where it was");
    }

    @Test
    void aResultFileAsAPlatformWritesItIsRead() throws IOException {
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("result/"));
            out.putNextEntry(new java.util.zip.ZipEntry("result/3202-result.txt"));
            out.write(fixture("3202-result.txt"));
        }
        List<DetailFiles.ResultRow> rows = DetailFiles.readResult(zip.toByteArray());
        assertEquals(3, rows.size(), "a byte order mark, a header line and CR LF");
        assertEquals(StmtDetailResult.MATCHED, rows.get(0).stmtRslt());
        assertNull(rows.get(0).memo());
        assertEquals(Money.parse("120.00"), rows.get(1).medfeeSumamt(), "more zero decimals");
        assertEquals("acct_pay: institution 0.00, central 20.00", rows.get(1).memo());
        assertEquals(StmtDetailResult.ONLY_AT_CENTRAL, rows.get(2).stmtRslt());
        assertEquals(Money.parse("50.00"), rows.get(2).medfeeSumamt(), "a further column is ignored");
    }

    private static List<String> paths(Response<?> r) {
        return r.extra().stream().map(ExtraMember::path).sorted().collect(Collectors.toList());
    }
}
