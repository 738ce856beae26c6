package org.sscard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.sscard.values.Money;

/** The 3202 files round trip, and hostile or broken ones are refused with the line and column, never a crash. */
class DetailFilesTest {
    private static final DetailFiles.UploadRow ROW = new DetailFiles.UploadRow("S0001", "MD0001", "P440100000001",
            Money.parse("300.00"), Money.parse("185.50"), Money.parse("114.50"), Flag.NO);

    private static byte[] zip(String name, byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] zip(String text) {
        return zip("3202.txt", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(Runnable read) {
        ProtocolException e = assertThrows(ProtocolException.class, read::run);
        assertEquals(InfCode.VALIDATION, e.infCode());
        CodecFuzzTest.assertCleanRefusal(e.getMessage());
        return e.getMessage();
    }

    @Test
    void uploadAndResultFilesRoundTrip() {
        DetailFiles.UploadRow cancelled = new DetailFiles.UploadRow("S0002", "MD0002", "P440100000002",
                Money.parse("-0.05"), Money.ZERO, Money.parse("999999999.99"), Flag.YES);
        assertEquals(List.of(ROW, cancelled), DetailFiles.readUpload(DetailFiles.writeUpload("a.txt", List.of(ROW,
                cancelled))));
        List<DetailFiles.ResultRow> result = List.of(
                new DetailFiles.ResultRow("P440100000001", "MD0001", "S0001", "H44010600001202503140930150001",
                        StmtDetailResult.AMOUNTS_DIFFER, Flag.NO, "acct_pay: institution 1.00, central 2.00；中文",
                        Money.parse("3.00"), Money.ZERO, Money.parse("2.00")),
                new DetailFiles.ResultRow("P440100000002", "MD0002", "S0002", null, StmtDetailResult.ONLY_AT_INSTITUTION,
                        Flag.YES, null, Money.parse("1.00"), Money.ZERO, Money.ZERO));
        assertEquals(result, DetailFiles.readResult(DetailFiles.writeResult("r.txt", result)));
        assertEquals(List.of(), DetailFiles.readUpload(DetailFiles.writeUpload("empty.txt", List.of())));
    }

    @Test
    void writtenAsOneUtf8TextFileOfTabSeparatedLinesWithoutAHeader() throws IOException {
        byte[] zip = DetailFiles.writeUpload("3202-20250301-20250331.txt", List.of(ROW));
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            assertEquals("3202-20250301-20250331.txt", in.getNextEntry().getName());
            assertEquals("S0001\tMD0001\tP440100000001\t300.00\t185.50\t114.50\t0\n",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(null, in.getNextEntry());
        }
    }

    @Test
    void theWriterRefusesWhatItCannotWrite() {
        DetailFiles.UploadRow tab = new DetailFiles.UploadRow("S\t1", "MD0001", "P1", Money.ZERO, Money.ZERO,
                Money.ZERO, Flag.NO);
        assertEquals("file: line 1, column 1 (setl_id): must not contain control characters",
                refusal(() -> DetailFiles.writeUpload("a.txt", List.of(tab))));
        DetailFiles.UploadRow noAmount = new DetailFiles.UploadRow("S1", "MD0001", "P1", Money.ZERO, null,
                Money.ZERO, Flag.NO);
        assertEquals("file: line 1, column 5 (fund_pay_sumamt): required",
                refusal(() -> DetailFiles.writeUpload("a.txt", List.of(noAmount))));
        DetailFiles.UploadRow local = new DetailFiles.UploadRow("S1", "MD0001", "P1", Money.ZERO, Money.ZERO,
                Money.ZERO, Flag.of("9"));
        assertEquals("file: line 1, column 7 (refd_setl_flag): must be one of 0, 1",
                refusal(() -> DetailFiles.writeUpload("a.txt", List.of(local))));
    }

    @Test
    void badCellsAndColumnsNameTheLineAndTheColumn() throws IOException {
        String good = "S0001\tMD0001\tP1\t300.00\t185.50\t114.50\t0\n";
        assertEquals("file: line 2, column 4 (medfee_sumamt): " + DecimalJson.MONEY_RULE,
                refusal(() -> DetailFiles.readUpload(zip(good + "S0002\tMD2\tP2\t12.345\t0\t0\t0\n"))));
        assertEquals("file: line 1, column 2 (mdtrt_id): must not be empty",
                refusal(() -> DetailFiles.readUpload(zip("S0001\t\tP1\t1\t0\t0\t0"))));
        assertTrue(refusal(() -> DetailFiles.readUpload(zip("S0001,MD1,P1,1,0,0,0\n")))
                .startsWith("file: line 1: 1 column, expected 7 (setl_id, mdtrt_id, psn_no"));
        assertEquals("file: line 1: 8 columns, expected 7 (setl_id, mdtrt_id, psn_no, medfee_sumamt, fund_pay_sumamt,"
                + " acct_pay, refd_setl_flag)", refusal(() -> DetailFiles.readUpload(zip(
                        "S0001\tMD1\tP1\t1\t0\t0\t0\tmore\n"))));
        assertEquals("file: line 1, column 7 (refd_setl_flag): must be one of 0, 1",
                refusal(() -> DetailFiles.readUpload(zip("S0001\tMD1\tP1\t1\t0\t0\t2\n"))));
        assertEquals("file: line 1, column 5 (stmt_rslt): not a result of detail reconciliation (0, 1, 2 or 3)",
                refusal(() -> DetailFiles.readResult(zip("P1\tMD1\tS1\t\t7\t0\t\t1\t0\t0\n"))));
        assertEquals("file: line 1, column 1 (setl_id): at most 30 characters", refusal(() -> DetailFiles.readUpload(
                zip("S".repeat(31) + "\tMD1\tP1\t1\t0\t0\t0\n"))));
        assertEquals("file: line 1: longer than 4096 characters",
                refusal(() -> DetailFiles.readUpload(zip("x".repeat(5000)))));
    }

    @Test
    void aTolerantReaderTakesWhatPlatformsWrite() throws IOException {
        String text = "\uFEFFSETL_ID\tmdtrt_id\tpsn_no\tmedfee_sumamt\tfund_pay_sumamt\tacct_pay\trefd_setl_flag\r\n"
                + "\r\n S0001 \tMD0001\tP440100000001\t300.00\t185.50\t114.50\t0\t\r\n";
        assertEquals(List.of(ROW), DetailFiles.readUpload(zip(text)), "BOM, header, CR LF, blank line, padding");
        String gbk = "P1\tMD1\tS1\t\t1\t0\t医保中心多出 20.00\t1\t0\t0\n";
        assertEquals("医保中心多出 20.00", DetailFiles.readResult(zip("r.txt", gbk.getBytes(Charset.forName("GB18030"))))
                .get(0).memo(), "GB18030 text");
        assertEquals(Money.parse("1.00"), DetailFiles.readResult(zip("P1\tMD1\tS1\t\t1\t0\t\t1.000\t0.0\t0\n")).get(0)
                .medfeeSumamt(), "an answer's amounts with more zero decimals");
        assertTrue(refusal(() -> DetailFiles.readUpload(zip("S1\tMD1\tP1\t1.000\t0\t0\t0\n")))
                .startsWith("file: line 1, column 4 (medfee_sumamt): "), "an upload is read in the strict form");
    }

    @Test
    void hostileZipsAreRefused() throws IOException {
        byte[] bomb = bomb();
        assertEquals("file: its text is larger than " + DetailFiles.MAX_TEXT_BYTES + " bytes once unzipped",
                refusal(() -> DetailFiles.readUpload(bomb)));
        assertEquals("file: more than " + DetailFiles.MAX_ROWS + " rows",
                refusal(() -> DetailFiles.readUpload(zip("S1\tMD1\tP1\t1\t0\t0\t0\n"
                        .repeat(DetailFiles.MAX_ROWS + 1)))));
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(two)) {
            zip.putNextEntry(new ZipEntry("a.txt"));
            zip.write("S1\tMD1\tP1\t1\t0\t0\t0\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("b.txt"));
        }
        assertEquals("file: the zip holds more than one file; expected one text file",
                refusal(() -> DetailFiles.readUpload(two.toByteArray())));
        assertEquals("file: not a zip holding a text file",
                refusal(() -> DetailFiles.readUpload("S1\tMD1\tP1\t1\t0\t0\t0\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("file: empty", refusal(() -> DetailFiles.readUpload(new byte[0])));
        byte[] cut = DetailFiles.writeUpload("a.txt", List.of(ROW));
        refusal(() -> DetailFiles.readUpload(java.util.Arrays.copyOf(cut, cut.length / 2)));
        byte[] flipped = cut.clone();
        flipped[40] ^= 0x55;
        refusal(() -> DetailFiles.readUpload(flipped));
        assertEquals("file: the text is neither UTF-8 nor GB18030",
                refusal(() -> DetailFiles.readUpload(zip("a.txt", new byte[] {(byte) 0xFF, (byte) 0xFF, 0x30}))));
    }

    @Test
    void everyCorruptionOfAFileIsAClearRefusalOrTheFile() {
        byte[] file = DetailFiles.writeUpload("a.txt", List.of(ROW, ROW));
        java.util.Random random = new java.util.Random(3202);
        for (int i = 0; i < 2000; i++) {
            byte[] broken = file.clone();
            broken[random.nextInt(broken.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                DetailFiles.readUpload(broken);
            } catch (ProtocolException e) {
                CodecFuzzTest.assertCleanRefusal(e.getMessage());
            }
        }
    }

    /** A zip of 64 MiB of zeros (a few dozen KiB packed). */
    private static byte[] bomb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("bomb.txt"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
        }
        assertTrue(out.size() < FileTransfer.MAX_UPLOAD_BYTES);
        return out.toByteArray();
    }


    @Test
    void theUploadsBytesAreWrittenAsBase64AndReadInTheFormsClientsUse() {
        byte[] file = DetailFiles.writeUpload("a.txt", List.of(ROW));
        Request<FileTransfer.Upload> request = new Request<>(Samples.header("9101"),
                new FileTransfer.Upload(file, "a.zip", Samples.INSTITUTION));
        String wire = new String(MessageCodec.write(request), StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(file);
        assertTrue(wire.contains("\"input\":{\"fsUploadIn\":{\"in\":\"" + b64 + "\""), wire);
        assertArrayEquals(file, read(wire));

        StringBuilder mime = new StringBuilder();
        for (int i = 0; i < b64.length(); i += 76) {
            mime.append(b64, i, Math.min(b64.length(), i + 76)).append("\\r\\n");
        }
        assertArrayEquals(file, read(wire.replace(b64, mime.toString())), "MIME line breaks");
        assertArrayEquals(file, read(wire.replace(b64, b64.replace("=", ""))), "without padding");
        assertArrayEquals(file, read(wire.replace(b64, Base64.getUrlEncoder().encodeToString(file))), "URL-safe");
        List<String> signed = new ArrayList<>();
        List<String> unsigned = new ArrayList<>();
        for (byte b : file) {
            signed.add(Byte.toString(b));
            unsigned.add(Integer.toString(b & 0xFF));
        }
        assertArrayEquals(file, read(wire.replace("\"" + b64 + "\"", "[" + String.join(",", signed) + "]")),
                "an array of signed byte values");
        assertArrayEquals(file, read(wire.replace("\"" + b64 + "\"", "[" + String.join(",", unsigned) + "]")),
                "an array of unsigned byte values");

        assertEquals("input.fsUploadIn.in: must be the file's bytes: a Base64 string or an array of byte values"
                + " (-128 to 255)", refusal(() -> read(wire.replace("\"" + b64 + "\"", "[1,256]"))));
        assertEquals("input.fsUploadIn.in: must be the file's bytes: a Base64 string or an array of byte values"
                + " (-128 to 255)", refusal(() -> read(wire.replace("\"" + b64 + "\"", "42"))));
        assertTrue(refusal(() -> read(wire.replace(b64, "not*base64"))).startsWith("input.fsUploadIn.in: not Base64"));
        assertEquals("input.fsUploadIn.in: must not be empty", refusal(() -> read(wire.replace(b64, ""))));
        assertEquals("input.fsUploadIn.in: at most " + FileTransfer.MAX_UPLOAD_BYTES + " bytes",
                refusal(() -> read(wire.replace(b64, Base64.getEncoder().encodeToString(
                        new byte[FileTransfer.MAX_UPLOAD_BYTES + 1])))));
    }

    private static byte[] read(String wire) {
        return MessageCodec.readRequest(wire.getBytes(StandardCharsets.UTF_8), Transaction.FILE_UPLOAD).input().in();
    }

    @Test
    void aFileAnswerIsNotAnEnvelopeAndAnEnvelopeCanOnlyRefuseIt() {
        assertTrue(FileTransfer.isEnvelope(" \r\n{\"infcode\":-1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(false, FileTransfer.isEnvelope(DetailFiles.writeUpload("a.txt", List.of(ROW))));
        String ok = "{\"infcode\":0,\"inf_refmsgid\":\"440000202503140930160000000042\",\"output\":{}}";
        assertEquals("output: a 9102 answer is the file itself; an envelope can only refuse", refusal(() ->
                MessageCodec.readResponse(ok.getBytes(StandardCharsets.UTF_8), Transaction.FILE_DOWNLOAD)));
        String refused = "{\"infcode\":-1,\"inf_refmsgid\":\"440000202503140930160000000042\","
                + "\"err_msg\":\"file_qury_no: unknown\"}";
        assertEquals("file_qury_no: unknown", MessageCodec.readResponse(refused.getBytes(StandardCharsets.UTF_8),
                Transaction.FILE_DOWNLOAD).header().errMsg());
    }
}
