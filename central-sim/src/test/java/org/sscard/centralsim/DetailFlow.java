package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.sscard.protocol.DetailFiles;
import org.sscard.protocol.DetailReconciliation;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.Response;
import org.sscard.protocol.Transaction;
import org.sscard.values.Money;

/** Detail reconciliation as a station runs it: 9101 the detail file, 3202 with its totals, 9102 the result file. */
final class DetailFlow {
    private DetailFlow() {
    }

    static FileTransfer.Uploaded upload(TerminalClient t, List<DetailFiles.UploadRow> rows) throws IOException {
        Response<FileTransfer.Uploaded> r = t.send(Transaction.FILE_UPLOAD, new FileTransfer.Upload(
                DetailFiles.writeUpload("3202.txt", rows), "3202.zip", t.station().fixmedinsCode()));
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        return r.output();
    }

    /** 3202 over {@code rows} uploaded as {@code fileQuryNo}, with their totals. */
    static Response<DetailReconciliation.Output> detail(TerminalClient t, String fileQuryNo, String from, String to,
            List<DetailFiles.UploadRow> rows) throws IOException {
        Money medfee = Money.ZERO;
        Money fund = Money.ZERO;
        Money cash = Money.ZERO;
        for (DetailFiles.UploadRow r : rows) {
            medfee = medfee.plus(r.medfeeSumamt());
            fund = fund.plus(r.fundPaySumamt());
            cash = cash.plus(r.medfeeSumamt().minus(r.fundPaySumamt()).minus(r.acctPay()));
        }
        return t.send(Transaction.DETAIL_RECONCILIATION, new DetailReconciliation.Input("440100", fileQuryNo, from, to,
                medfee, fund, cash, (long) rows.size()));
    }

    static byte[] download(TerminalClient t, DetailReconciliation.Output fileinfo) throws IOException {
        return t.download(t.request(Transaction.FILE_DOWNLOAD, new FileTransfer.Download(fileinfo.fileQuryNo(),
                fileinfo.filename(), t.station().fixmedinsCode())));
    }

    /** The whole flow: the result file's rows. */
    static List<DetailFiles.ResultRow> reconcile(TerminalClient t, String from, String to,
            List<DetailFiles.UploadRow> rows) throws IOException {
        Response<DetailReconciliation.Output> r = detail(t, upload(t, rows).fileQuryNo(), from, to, rows);
        assertEquals(0, r.header().infcode(), r.header().errMsg());
        return DetailFiles.readResult(download(t, r.output()));
    }
}
