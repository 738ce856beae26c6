package org.sscard.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.sscard.values.Money;

/**
 * The files of detail reconciliation (3202; docs/settlement-protocol.md "3202 files"): the detail file a station
 * uploads (9101) and the result file the platform answers with (9102). Each is a zip holding one text file: UTF-8
 * without a byte order mark, one row per line ended by LF, cells separated by one TAB, no header line, amounts in yuan
 * with two decimals. Written strictly; read tolerantly and within bounds: a UTF-8 byte order mark, CR LF line ends,
 * blank lines, a header line (the column names), cells padded with spaces and GB18030 text (when the text is not
 * UTF-8) are accepted; the result file may carry more columns (ignored) and amounts with more zero decimals. A zip
 * bomb, more than {@link #MAX_ROWS} rows, a line over {@link #MAX_LINE} characters, a missing column or a bad cell
 * is refused as a {@link ProtocolException} (VALIDATION) naming the line and the column, never a crash.
 */
public final class DetailFiles {
    /** The most rows a file may hold (the station's settlements of a period, and the central's that it lacks). */
    public static final int MAX_ROWS = 50_000;
    /** The most characters of one line. */
    public static final int MAX_LINE = 4096;
    /** The most bytes the text inside a zip may inflate to. */
    public static final int MAX_TEXT_BYTES = 16 << 20;
    /** The most entries (directories included) a zip may list before its text file. */
    private static final int MAX_ENTRIES = 16;

    public static final List<String> UPLOAD_COLUMNS = List.of("setl_id", "mdtrt_id", "psn_no", "medfee_sumamt",
            "fund_pay_sumamt", "acct_pay", "refd_setl_flag");
    public static final List<String> RESULT_COLUMNS = List.of("psn_no", "mdtrt_id", "setl_id", "msgid", "stmt_rslt",
            "refd_setl_flag", "memo", "medfee_sumamt", "fund_pay_sumamt", "acct_pay");

    private DetailFiles() {
    }

    /** One settlement as the institution recorded it; {@code refd_setl_flag} 1: it was cancelled (2208). */
    public record UploadRow(String setlId, String mdtrtId, String psnNo, Money medfeeSumamt, Money fundPaySumamt,
            Money acctPay, Flag refdSetlFlag) {
    }

    /**
     * One row of the result: {@code msgid} the central service's of the settlement (absent for a row only the
     * institution has), {@code memo} C(500) what differs.
     */
    public record ResultRow(String psnNo, String mdtrtId, String setlId, String msgid, StmtDetailResult stmtRslt,
            Flag refdSetlFlag, String memo, Money medfeeSumamt, Money fundPaySumamt, Money acctPay) {
    }

    public static byte[] writeUpload(String textName, List<UploadRow> rows) {
        List<List<String>> lines = new ArrayList<>();
        for (UploadRow r : rows) {
            lines.add(Arrays.asList(r.setlId(), r.mdtrtId(), r.psnNo(), cell(r.medfeeSumamt()),
                    cell(r.fundPaySumamt()), cell(r.acctPay()), cell(r.refdSetlFlag())));
        }
        return write(textName, lines, UPLOAD_COLUMNS, DetailFiles::upload);
    }

    public static byte[] writeResult(String textName, List<ResultRow> rows) {
        List<List<String>> lines = new ArrayList<>();
        for (ResultRow r : rows) {
            lines.add(Arrays.asList(r.psnNo(), r.mdtrtId(), r.setlId(), r.msgid() == null ? "" : r.msgid(),
                    cell(r.stmtRslt()), cell(r.refdSetlFlag()), r.memo() == null ? "" : r.memo(),
                    cell(r.medfeeSumamt()), cell(r.fundPaySumamt()), cell(r.acctPay())));
        }
        return write(textName, lines, RESULT_COLUMNS, DetailFiles::result);
    }

    /** A value as its cell: a code's code, an amount's yuan text; null stays null (refused as required). */
    private static String cell(Object value) {
        return value == null ? null : value instanceof WireCode code ? code.code() : value.toString();
    }

    /** The rows of an uploaded detail file (a request's content: exactly its seven columns). */
    public static List<UploadRow> readUpload(byte[] zip) {
        return read(zip, UPLOAD_COLUMNS, true, DetailFiles::upload);
    }

    /** The rows of a result file (an answer: further columns are ignored). */
    public static List<ResultRow> readResult(byte[] zip) {
        return read(zip, RESULT_COLUMNS, false, DetailFiles::result);
    }

    private static UploadRow upload(Cells c) {
        return new UploadRow(c.text(0, 30), c.text(1, 30), c.text(2, 30), c.money(3), c.money(4), c.money(5),
                c.flag(6));
    }

    private static ResultRow result(Cells c) {
        String msgid = c.optionalText(3, 30);
        StmtDetailResult rslt;
        try {
            rslt = StmtDetailResult.of(c.text(4, 6));
        } catch (IllegalArgumentException e) {
            throw c.invalid(4, "not a result of detail reconciliation (0, 1, 2 or 3)");
        }
        return new ResultRow(c.text(0, 30), c.text(1, 30), c.text(2, 30), msgid, rslt, c.flag(5),
                c.optionalText(6, 500), c.money(7), c.money(8), c.money(9));
    }

    /** Makes a row of its cells, checking each; the writer checks its rows by the same rules. */
    @FunctionalInterface
    private interface RowParser<T> {
        T parse(Cells cells);
    }

    /** The cells of one line, read by column index; errors name the line and the column. */
    private record Cells(String[] cells, int line, List<String> columns, boolean strict) {
        ProtocolException invalid(int column, String problem) {
            return new ProtocolException(InfCode.VALIDATION, "file: line " + line + ", column " + (column + 1) + " ("
                    + columns.get(column) + "): " + problem);
        }

        String optionalText(int column, int max) {
            String value = cells[column];
            if (value.isEmpty()) {
                return null;
            }
            if (value.length() > max) {
                throw invalid(column, "at most " + max + " characters");
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    throw invalid(column, "must not contain control characters");
                }
            }
            return value;
        }

        String text(int column, int max) {
            String value = optionalText(column, max);
            if (value == null) {
                throw invalid(column, "must not be empty");
            }
            return value;
        }

        Money money(int column) {
            String value = text(column, 40);
            try {
                return Money.parse(strict ? value : DecimalJson.trimmed(value, 2));
            } catch (IllegalArgumentException e) {
                throw invalid(column, DecimalJson.MONEY_RULE);
            }
        }

        Flag flag(int column) {
            Flag flag = Flag.of(text(column, 3));
            if (!flag.isKnown()) {
                throw invalid(column, "must be one of " + Flag.knownList());
            }
            return flag;
        }
    }

    private static <T> byte[] write(String textName, List<List<String>> rows, List<String> columns,
            RowParser<T> check) {
        if (rows.size() > MAX_ROWS) {
            throw new ProtocolException(InfCode.VALIDATION, "file: " + rows.size() + " rows, at most " + MAX_ROWS
                    + "; reconcile a shorter period");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            List<String> cells = rows.get(i);
            for (int c = 0; c < cells.size(); c++) {
                if (cells.get(c) == null) {
                    throw new ProtocolException(InfCode.VALIDATION, "file: line " + (i + 1) + ", column " + (c + 1)
                            + " (" + columns.get(c) + "): required");
                }
            }
            check.parse(new Cells(cells.toArray(String[]::new), i + 1, columns, true));
            text.append(String.join("\t", cells)).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(textName));
            zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static <T> List<T> read(byte[] zip, List<String> columns, boolean strict, RowParser<T> reader) {
        String text = decode(unzip(zip));
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<T> rows = new ArrayList<>();
        int lineNo = 0;
        int start = 0;
        boolean first = true;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            if (end - start > MAX_LINE + 1) {
                throw new ProtocolException(InfCode.VALIDATION, "file: line " + lineNo + ": longer than " + MAX_LINE
                        + " characters");
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            if (first && isHeader(cells, columns)) {
                first = false;
                continue;
            }
            first = false;
            if (cells.length < columns.size()) {
                throw new ProtocolException(InfCode.VALIDATION, "file: line " + lineNo + ": " + cells.length
                        + (cells.length == 1 ? " column" : " columns") + ", expected " + columns.size() + " ("
                        + String.join(", ", columns) + ") separated by TAB");
            }
            if (strict && cells.length > columns.size()
                    && !Arrays.stream(cells, columns.size(), cells.length).allMatch(String::isEmpty)) {
                throw new ProtocolException(InfCode.VALIDATION, "file: line " + lineNo + ": " + cells.length
                        + " columns, expected " + columns.size() + " (" + String.join(", ", columns) + ")");
            }
            if (rows.size() == MAX_ROWS) {
                throw new ProtocolException(InfCode.VALIDATION, "file: more than " + MAX_ROWS + " rows");
            }
            rows.add(reader.parse(new Cells(cells, lineNo, columns, strict)));
        }
        return rows;
    }

    private static boolean isHeader(String[] cells, List<String> columns) {
        if (cells.length < columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!cells[i].toLowerCase(Locale.ROOT).equals(columns.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of the zip's one file, inflated to at most {@link #MAX_TEXT_BYTES}. */
    private static byte[] unzip(byte[] zip) {
        if (zip == null || zip.length == 0) {
            throw new ProtocolException(InfCode.VALIDATION, "file: empty");
        }
        if (zip.length > FileTransfer.MAX_DOWNLOAD_BYTES) {
            throw new ProtocolException(InfCode.VALIDATION, "file: " + zip.length + " bytes, at most "
                    + FileTransfer.MAX_DOWNLOAD_BYTES);
        }
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            byte[] content = null;
            int entries = 0;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    throw new ProtocolException(InfCode.VALIDATION, "file: more than " + MAX_ENTRIES
                            + " entries in the zip; expected one text file");
                }
                if (e.isDirectory()) {
                    continue;
                }
                if (content != null) {
                    throw new ProtocolException(InfCode.VALIDATION,
                            "file: the zip holds more than one file; expected one text file");
                }
                content = inflate(in);
            }
            if (content == null) {
                throw new ProtocolException(InfCode.VALIDATION, "file: not a zip holding a text file");
            }
            return content;
        } catch (ZipException e) {
            throw new ProtocolException(InfCode.VALIDATION, "file: damaged zip (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ProtocolException(InfCode.VALIDATION, "file: damaged zip");
        } catch (IllegalArgumentException e) {
            // ZipInputStream's way of saying an entry's name is not text in the zip's charset
            throw new ProtocolException(InfCode.VALIDATION, "file: damaged zip (an entry name is not readable)");
        }
    }

    private static byte[] inflate(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (out.size() + n > MAX_TEXT_BYTES) {
                throw new ProtocolException(InfCode.VALIDATION, "file: its text is larger than " + MAX_TEXT_BYTES
                        + " bytes once unzipped");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** UTF-8, or GB18030 when the bytes are not UTF-8. */
    private static String decode(byte[] text) {
        for (Charset charset : new Charset[] {StandardCharsets.UTF_8, Charset.forName("GB18030")}) {
            try {
                return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(text)).toString();
            } catch (CharacterCodingException e) {
                // the next charset
            }
        }
        throw new ProtocolException(InfCode.VALIDATION, "file: the text is neither UTF-8 nor GB18030");
    }
}
