package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.CardService;
import org.sscard.protocol.CardState;
import org.sscard.protocol.MessageCodec;
import org.sscard.protocol.OpterType;
import org.sscard.protocol.Request;
import org.sscard.protocol.RequestHeader;
import org.sscard.protocol.Response;
import org.sscard.protocol.Samples;
import org.sscard.protocol.Transaction;
import org.sscard.protocol.ResponseHeader;
import org.sscard.protocol.SignIn;
import org.sscard.protocol.TransactionOutput;

/**
 * {@code terminal protocol decode}: fixture bodies written by the codec from typed messages, then changed as real
 * platforms change them (members found by name, wherever the message's wrappers put them).
 */
class ProtocolDecodeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path file(byte[] content) throws Exception {
        Path f = Files.createTempFile(dir, "body", ".json");
        Files.write(f, content);
        return f;
    }

    private Path file(JsonNode tree) throws Exception {
        return file(MAPPER.writeValueAsBytes(tree));
    }

    private static ObjectNode tree(byte[] body) throws Exception {
        return (ObjectNode) MAPPER.readTree(body);
    }

    /** The object holding member {@code name}, wherever it is. */
    private static ObjectNode holder(JsonNode tree, String name) {
        return (ObjectNode) tree.findParent(name);
    }

    private static byte[] answer(TransactionOutput output, String warnMsg) {
        return MessageCodec.write(new Response<>(new ResponseHeader(0, "310000" + "20230920182350" + "0002516630",
                "20230920182350512", "20230920182350600", null, warnMsg, "SM2", null), output));
    }

    /** 300.00 settled as the golden outpatient case: 185.50 pool, 114.50 from the account (the protocol's sample). */
    private static byte[] settlementAnswer() {
        return answer(Samples.all().get(Transaction.SETTLEMENT).output(), null);
    }

    private static byte[] signInRequest() {
        return MessageCodec.write(new Request<>(new RequestHeader("9001", "H44010600001202503140930150001", "440106",
                null, "GDYB", "DEV-0001", null, null, "SM2", "V1.0", OpterType.STAFF, "C001", "王收费",
                "2025-03-14 09:30:15", "H44010600001", "广州市第一人民医院", null),
                new SignIn.Input("C001", "00-1A-2B-3C-4D-5E", "10.1.2.3")));
    }

    @Test
    void aGoodAnswerIsPrintedTypedWithYuanAndTheNamesOfItsCodes() throws Exception {
        CliRun r = run("protocol", "decode", "--infno", "2207", file(settlementAnswer()).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("2207 settlement answer: decoded\n"), r.out());
        assertTrue(r.out().contains("output.setlinfo.medfee_sumamt = 300.00 元"), r.out());
        assertTrue(r.out().contains("output.setlinfo.insutype = 310 职工基本医疗保险"), r.out());
        assertTrue(r.out().contains("output.setlinfo.med_type = 11 普通门诊"), r.out());
        assertTrue(r.out().contains("inf_refmsgid = 310000202309201823500002516630"), r.out());
        assertFalse(r.out().contains("note:"), r.out());
    }

    @Test
    void extraMembersAByteOrderMarkAndAmountsAsStringsAreReadAsRealPlatformsSendThem() throws Exception {
        ObjectNode t = tree(settlementAnswer());
        t.put("enctype", "SM4");
        ObjectNode setlinfo = holder(t, "medfee_sumamt");
        setlinfo.put("medfee_sumamt", "300.00");
        setlinfo.put("local_memo", "x");
        setlinfo.put("insutype", "39999");
        t.put("warn_msg", "本月已就诊 9 次");
        byte[] body = MAPPER.writeValueAsBytes(t);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        CliRun r = run("protocol", "decode", "--infno", "2207", "--answer", file(withBom).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("output.setlinfo.medfee_sumamt = 300.00 元"), r.out());
        assertTrue(r.out().contains("output.setlinfo.insutype = 39999 (not in the national list; kept)"), r.out());
        assertTrue(r.out().contains("warn_msg = 本月已就诊 9 次"), r.out());
        assertTrue(r.out().contains("enctype = \"SM4\"   (not known to this version; kept)"), r.out());
        assertTrue(r.out().contains(pathOf(t, "medfee_sumamt") + ".local_memo = \"x\"   (not known to this version; kept)"),
                r.out());
        assertTrue(r.out().contains("note: "), r.out());
        assertTrue(r.out().contains("member(s) not known to this version, kept as received"), r.out());
    }

    @Test
    void aFileDownloadAnsweredWithTheZipItselfIsNamedForWhatItIs() throws Exception {
        byte[] zip = ((org.sscard.protocol.FileTransfer.Content) Samples.all().get(Transaction.FILE_DOWNLOAD).output())
                .bytes();
        CliRun r = run("protocol", "decode", "--infno", "9102", file(zip).toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("file: a 9102 answer is the file itself (a zip), not a message; only a refusal"
                + " of it is an envelope"), r.out());
    }

    @Test
    void everyProblemIsListedWithItsPathNotOnlyTheFirst() throws Exception {
        ObjectNode t = tree(settlementAnswer());
        ObjectNode setlinfo = holder(t, "medfee_sumamt");
        setlinfo.put("medfee_sumamt", "three hundred");
        setlinfo.put("setl_time", "yesterday");
        setlinfo.remove("mdtrt_id");
        CliRun r = run("protocol", "decode", "--infno", "2207", file(t).toString());
        assertEquals(1, r.code(), r.out());
        String at = pathOf(t, "medfee_sumamt");
        assertTrue(r.out().startsWith("2207 settlement answer: 3 problems\n"), r.out());
        assertTrue(r.out().contains("  " + at + ".medfee_sumamt: "), r.out());
        assertTrue(r.out().contains("  " + at + ".setl_time: "), r.out());
        assertTrue(r.out().contains("  " + at + ".mdtrt_id: required"), r.out());
        assertFalse(r.out().contains("three hundred"), "the values are not echoed");
    }

    @Test
    void aRequestIsHeldToTheWriterRulesAndItsProblemsAllListed() throws Exception {
        ObjectNode t = tree(signInRequest());
        t.put("surprise", 1);
        t.put("opter_type", "9");
        holder(t, "ip").put("mac", "not a mac");
        CliRun r = run("protocol", "decode", "--infno", "9001", "--request", file(t).toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().startsWith("9001 sign-in request: 3 problems\n"), r.out());
        assertTrue(r.out().contains("  surprise: "), r.out());
        assertTrue(r.out().contains("  opter_type: must be one of 1, 2, 3"), r.out());
        assertTrue(r.out().contains(pathOf(t, "mac") + ".mac: must be a MAC address"), r.out());

        CliRun good = run("protocol", "decode", "--infno", "9001", "--request", file(signInRequest()).toString());
        assertEquals(0, good.code(), good.out());
        assertTrue(good.out().contains("opter_type = 1 经办人"), good.out());
    }

    @Test
    void aGuangzhouRequestShowsItsReceiverRegion() throws Exception {
        ObjectNode t = tree(signInRequest());
        t.put("signtype", "SM3");
        t.put("infver", "1.0.0");
        t.put("recer_admdvs", "440100");
        CliRun r = run("protocol", "decode", "--infno", "9001", "--request", file(t).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\n  recer_admdvs = 440100\n"), r.out());

        CliRun national = run("protocol", "decode", "--infno", "9001", "--request", file(signInRequest()).toString());
        assertFalse(national.out().contains("recer_admdvs"), national.out());
    }

    @Test
    void aBodyOfAnotherTransactionIsNamedAsSuch() throws Exception {
        CliRun request = run("protocol", "decode", "--infno", "2206", "--request", file(signInRequest()).toString());
        assertEquals(1, request.code());
        assertTrue(request.out().contains("infno: the body is a 9001 request, not a 2206 (pre-settlement) one"),
                request.out());
        byte[] cardStatus = answer(new CardService.CardStatus("A12345674", "440106D1560000050102030405060708",
                CardState.ACTIVE, "2025-03-14 09:00:00"), null);
        CliRun answer = run("protocol", "decode", "--infno", "2207", file(cardStatus).toString());
        assertEquals(1, answer.code());
        assertTrue(answer.out().contains("output: none of its members (") && answer.out().contains(
                "belongs to a 2207 (settlement) answer; is the body of another transaction?"), answer.out());
        assertFalse(answer.out().contains("A12345674"), "card numbers are masked");
    }

    @Test
    void onlyTheOutputWithoutTheEnvelopeIsDecodedAndSaidSo() throws Exception {
        JsonNode output = tree(settlementAnswer()).get("output");
        CliRun r = run("protocol", "decode", "--infno", "2207", file(output).toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("output.setlinfo.hifp_pay = 185.50 元"), r.out());
        assertTrue(r.out().contains("note: the file holds only the output, without the envelope: the envelope is not"
                + " checked"), r.out());
    }

    @Test
    void malformedEmptyAndHugeFilesAreProblemsNotCrashes() throws Exception {
        CliRun malformed = run("protocol", "decode", "--infno", "2207", file("{\"infcode\":0,".getBytes(StandardCharsets.UTF_8)).toString());
        assertEquals(1, malformed.code());
        assertTrue(malformed.out().contains("  message: not valid JSON (line 1, column"), malformed.out());

        CliRun empty = run("protocol", "decode", "--infno", "2207", file(new byte[0]).toString());
        assertEquals(1, empty.code());
        assertTrue(empty.out().contains("  file: empty (no message in it)"), empty.out());

        byte[] huge = new byte[3 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        CliRun big = run("protocol", "decode", "--infno", "2207", file(huge).toString());
        assertEquals(1, big.code());
        assertTrue(big.out().contains("  file: larger than 1048576 bytes, the interface's limit for a message; not read"
                + " further"), big.out());
    }

    @Test
    void anUnknownTransactionOrAMissingFileIsAClearError() throws Exception {
        CliRun r = run("protocol", "decode", "--infno", "9999", file(settlementAnswer()).toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--infno: 9999 is not a transaction this station knows (one of 9001, 1101"), r.err());
        CliRun missing = run("protocol", "decode", "--infno", "2207", dir.resolve("nothing.json").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("cannot read"), missing.err());
    }

    /** The JSON path of the object holding {@code name} (e.g. {@code output.setlinfo}). */
    private static String pathOf(JsonNode root, String name) {
        return pathOf(root, name, "");
    }

    private static String pathOf(JsonNode node, String name, String at) {
        if (node.has(name)) {
            return at;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isContainerNode()) {
                String found = e.getValue().isArray() ? null : pathOf(e.getValue(), name,
                        at.isEmpty() ? e.getKey() : at + "." + e.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
