package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.DetailFiles;
import org.sscard.protocol.DetailReconciliation;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.Flag;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.Request;
import org.sscard.protocol.Response;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/**
 * 9101, 3202 and 9102 at central-sim: a detail file stored for its institution, reconciled into a result file, which
 * comes down as the signed zip itself; unknown, foreign, expired or mismatched files are refused saying what to do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetailFilesExchangeTest {
    private final Harness.MovableClock clock = new Harness.MovableClock();
    private CentralSim.Running central;
    private TerminalClient hospital;
    private TerminalClient other;
    private String today;
    private final List<DetailFiles.UploadRow> rows = List.of(new DetailFiles.UploadRow("ST-NONE", "MD0", "P1",
            Money.parse("12.30"), Money.parse("8.00"), Money.parse("1.00"), Flag.NO));

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        central = Harness.start(dir, clock);
        hospital = Harness.terminal(central, "DEV-F1", "H44010600007", clock);
        other = Harness.terminal(central, "DEV-F2", "H44010600008", clock);
        today = LocalDate.now(clock).toString();
    }

    @AfterAll
    void stop() {
        central.stop();
    }

    private static void assertRefused(InfCode code, String start, Response<?> r) {
        assertEquals(code.code(), r.header().infcode(), r.header().errMsg());
        assertTrue(r.header().errMsg().startsWith(start), r.header().errMsg());
    }

    @Test
    void aDetailFileIsReconciledAndItsResultComesDownAsTheSignedZipItself() throws IOException {
        FileTransfer.Uploaded up = DetailFlow.upload(hospital, rows);
        assertEquals("3202.zip", up.filename());
        assertEquals("H44010600007", up.fixmedinsCode());
        assertTrue(up.fileQuryNo().matches("FQ[0-9]{20}"), up.fileQuryNo());
        Response<DetailReconciliation.Output> r = DetailFlow.detail(hospital, up.fileQuryNo(), today, today, rows);
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        assertEquals("3202-result-" + up.fileQuryNo() + ".zip", r.output().filename());

        Request<FileTransfer.Download> ask = hospital.request(Transaction.FILE_DOWNLOAD, new FileTransfer.Download(
                r.output().fileQuryNo(), r.output().filename(), "H44010600007"));
        byte[] zip = hospital.download(ask);
        List<DetailFiles.ResultRow> result = DetailFiles.readResult(zip);
        assertEquals(1, result.size());
        assertEquals(new DetailFiles.ResultRow("P1", "MD0", "ST-NONE", null,
                org.sscard.protocol.StmtDetailResult.ONLY_AT_INSTITUTION, Flag.NO,
                "no settlement ST-NONE at the central service in this period", Money.parse("12.30"),
                Money.parse("8.00"), Money.parse("1.00")), result.get(0));
        assertArrayEquals(zip, hospital.post("9102", hospital.signedBody(ask)),
                "the same message again gets the same file (the stored answer)");
    }

    @Test
    void uploadsAreTheSendersAndBounded() throws IOException {
        assertRefused(InfCode.VALIDATION, "input.fsUploadIn.fixmedins_code: must be the sender's institution",
                hospital.send(Transaction.FILE_UPLOAD, new FileTransfer.Upload(DetailFiles.writeUpload("a.txt", rows),
                        "a.zip", "H44010600008")));
        assertRefused(InfCode.VALIDATION, "input.fsUploadIn.in: at most " + FileTransfer.MAX_UPLOAD_BYTES + " bytes",
                hospital.send(Transaction.FILE_UPLOAD, new FileTransfer.Upload(
                        new byte[FileTransfer.MAX_UPLOAD_BYTES + 1], "big.zip", "H44010600007")));
    }

    @Test
    void detailReconciliationRefusesFilesItCannotUse() throws IOException {
        assertRefused(InfCode.BUSINESS_RULE, "file_qury_no: no such upload file; upload the detail file (9101) again",
                DetailFlow.detail(hospital, "FQ00000000000000000000", today, today, rows));
        String foreign = DetailFlow.upload(other, rows).fileQuryNo();
        assertRefused(InfCode.BUSINESS_RULE, "file_qury_no: the file belongs to another institution",
                DetailFlow.detail(hospital, foreign, today, today, rows));
        String up = DetailFlow.upload(hospital, rows).fileQuryNo();
        List<DetailFiles.UploadRow> more = List.of(rows.get(0), rows.get(0));
        assertRefused(InfCode.VALIDATION, "input.data: not the totals of detail file " + up
                + " (fixmedins_setl_cnt 2, the file has 1 rows; medfee_sumamt 24.60, the file's 12.30;",
                DetailFlow.detail(hospital, up, today, today, more));
        Response<FileTransfer.Uploaded> garbage = hospital.send(Transaction.FILE_UPLOAD, new FileTransfer.Upload(
                "S1,MD1".getBytes(StandardCharsets.UTF_8), "a.zip", "H44010600007"));
        assertRefused(InfCode.VALIDATION, "file: not a zip holding a text file", DetailFlow.detail(hospital,
                garbage.output().fileQuryNo(), today, today, List.of()));
        Response<FileTransfer.Uploaded> badCell = hospital.send(Transaction.FILE_UPLOAD, new FileTransfer.Upload(
                zip("S1\tMD1\tP1\t1.234\t0\t0\t0\n"), "a.zip", "H44010600007"));
        assertRefused(InfCode.VALIDATION, "file: line 1, column 4 (medfee_sumamt): not an amount",
                DetailFlow.detail(hospital, badCell.output().fileQuryNo(), today, today, List.of()));
    }

    @Test
    void downloadsAreRefusedForUnknownForeignMisnamedAndUploadedFiles() throws IOException {
        String up = DetailFlow.upload(hospital, rows).fileQuryNo();
        DetailReconciliation.Output fileinfo = DetailFlow.detail(hospital, up, today, today, rows).output();
        assertEquals("9102 refused (-6): file_qury_no: no such result file; run detail reconciliation (3202) again"
                + " for a new result file", refusal(hospital, "FQ00000000000000000000", fileinfo.filename(),
                "H44010600007"));
        assertEquals("9102 refused (-6): fixmedins_code: the files of another institution cannot be downloaded",
                refusal(other, fileinfo.fileQuryNo(), fileinfo.filename(), "H44010600007"));
        assertTrue(refusal(other, fileinfo.fileQuryNo(), fileinfo.filename(), "H44010600008")
                .startsWith("9102 refused (-6): file_qury_no: the file belongs to another institution"));
        assertTrue(refusal(hospital, fileinfo.fileQuryNo(), "other.zip", "H44010600007")
                .startsWith("9102 refused (-5): filename: not the name of file " + fileinfo.fileQuryNo()));
        assertTrue(refusal(hospital, up, "3202.zip", "H44010600007")
                .startsWith("9102 refused (-6): file_qury_no: not a result file"));
    }

    @Test
    void filesRunOutAtTheirDeadline() throws IOException {
        String up = DetailFlow.upload(hospital, rows).fileQuryNo();
        DetailReconciliation.Output fileinfo = DetailFlow.detail(hospital, up, today, today, rows).output();
        String late = DetailFlow.upload(hospital, rows).fileQuryNo();
        clock.advance(StoredFiles.VALIDITY.plus(Duration.ofSeconds(1)));
        try {
            assertEquals("9102 refused (-6): file_qury_no: its time ran out at " + fileinfo.dldEndtime()
                    + "; run detail reconciliation (3202) again for a new result file",
                    refusal(hospital, fileinfo.fileQuryNo(), fileinfo.filename(), "H44010600007"));
            assertRefused(InfCode.BUSINESS_RULE, "file_qury_no: its time ran out at ",
                    DetailFlow.detail(hospital, late, LocalDate.now(clock).toString(), LocalDate.now(clock).toString(),
                            rows));
        } finally {
            clock.advance(StoredFiles.VALIDITY.plus(Duration.ofSeconds(1)).negated());
        }
    }

    private static String refusal(TerminalClient t, String fileQuryNo, String filename, String institution) {
        return assertThrows(IOException.class, () -> t.download(t.request(Transaction.FILE_DOWNLOAD,
                new FileTransfer.Download(fileQuryNo, filename, institution)))).getMessage();
    }

    private static byte[] zip(String text) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
