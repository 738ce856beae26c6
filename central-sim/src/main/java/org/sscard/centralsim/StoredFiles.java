package org.sscard.centralsim;

import java.sql.SQLException;
import java.time.Duration;
import org.sscard.protocol.FileTransfer;
import org.sscard.protocol.InfCode;
import org.sscard.protocol.ProtocolException;

/**
 * The files an institution exchanges with the central service: a detail file it uploads (9101) for 3202 and the
 * result file 3202 makes for it to download (9102). Each has a {@code file_qury_no}, belongs to the institution that
 * sent or asked for it, and may be used until its {@code dld_endtime}, {@link #VALIDITY} after it was stored.
 */
final class StoredFiles {
    static final Duration VALIDITY = Duration.ofHours(1);

    enum Kind {
        UPLOAD("upload"), RESULT("result");

        final String column;

        Kind(String column) {
            this.column = column;
        }
    }

    /** A stored file's name, bytes and deadline. */
    record Stored(String fileQuryNo, String filename, byte[] content, String dldEndtime) {
    }

    private StoredFiles() {
    }

    /** Stores {@code content} for the sender's institution; returns it with its new number and deadline. */
    static Stored store(Transactions.Ctx ctx, Kind kind, String filename, byte[] content) throws SQLException {
        String no = "FQ" + Ids.stamp(ctx.now()) + Ids.digits(Database.next(ctx.c(), "file_qury_no") % 1_000_000, 6);
        String deadline = org.sscard.protocol.Fields.DATE_TIME.format(ctx.now().plus(VALIDITY));
        Jdbc.update(ctx.c(), "INSERT INTO stored_file(file_qury_no, fixmedins_code, kind, filename, content, stored_at, "
                + "dld_endtime) VALUES (?, ?, ?, ?, ?, ?, ?)", no, ctx.header().fixmedinsCode(), kind.column, filename,
                content, ctx.nowText(), deadline);
        return new Stored(no, filename, content, deadline);
    }

    /**
     * The file {@code fileQuryNo} of {@code kind} of the sender's institution, before its deadline; refused with what
     * to do otherwise. {@code filename}, when given, must be the file's.
     */
    static Stored find(Transactions.Ctx ctx, Kind kind, String fileQuryNo, String filename, String again)
            throws SQLException {
        record Row(String institution, String kind, Stored file) {
        }
        Row row = Jdbc.one(ctx.c(), "SELECT * FROM stored_file WHERE file_qury_no = ?", rs -> new Row(
                rs.getString("fixmedins_code"), rs.getString("kind"), new Stored(rs.getString("file_qury_no"),
                rs.getString("filename"), rs.getBytes("content"), rs.getString("dld_endtime"))), fileQuryNo)
                .orElseThrow(() -> Transactions.refuse("file_qury_no: no such " + kind.column + " file; " + again));
        if (!row.institution().equals(ctx.header().fixmedinsCode())) {
            throw Transactions.refuse("file_qury_no: the file belongs to another institution; " + again);
        }
        if (!row.kind().equals(kind.column)) {
            throw Transactions.refuse("file_qury_no: not a " + kind.column + " file; " + again);
        }
        if (filename != null && !filename.equals(row.file().filename())) {
            throw new ProtocolException(InfCode.VALIDATION, "filename: not the name of file " + fileQuryNo
                    + " (give the filename its answer named)");
        }
        if (row.file().dldEndtime().compareTo(ctx.nowText()) <= 0) {
            throw Transactions.refuse("file_qury_no: its time ran out at " + row.file().dldEndtime() + "; " + again);
        }
        return row.file();
    }

    // ---- 9101 / 9102

    static FileTransfer.Uploaded upload(Transactions.Ctx ctx, FileTransfer.Upload in) throws SQLException {
        if (!in.fixmedinsCode().equals(ctx.header().fixmedinsCode())) {
            throw new ProtocolException(InfCode.VALIDATION, "input.fsUploadIn.fixmedins_code: must be the sender's"
                    + " institution (fixmedins_code of the message)");
        }
        Stored s = store(ctx, Kind.UPLOAD, in.filename(), in.in());
        return new FileTransfer.Uploaded(s.fileQuryNo(), s.filename(), ctx.header().fixmedinsCode(), s.dldEndtime());
    }

    static FileTransfer.Content download(Transactions.Ctx ctx, FileTransfer.Download in) throws SQLException {
        if (!in.fixmedinsCode().equals(ctx.header().fixmedinsCode())) {
            throw Transactions.refuse("fixmedins_code: the files of another institution cannot be downloaded");
        }
        return new FileTransfer.Content(find(ctx, Kind.RESULT, in.fileQuryNo(), in.filename(),
                "run detail reconciliation (3202) again for a new result file").content());
    }
}
