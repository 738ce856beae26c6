package org.sscard.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.sscard.values.Money;

/**
 * The station's own items as a CSV file (RFC 4180, as a HIS or a spreadsheet exports them): one item per record,
 * {@code local_code,name,price_yuan,national_code[,barcode...]}; a field may be quoted, with commas, quotes
 * (written twice) and line breaks inside; {@code #} starts a comment line; an empty national_code leaves the item
 * unmatched. The text is UTF-8 (with or without a byte order mark) or, when it is not valid UTF-8, GBK (a Windows
 * HIS export); which one was used is part of the result. At most {@value #MAX_BYTES} bytes are read. Every problem
 * names its line and the column at fault; the first {@value #PROBLEMS_KEPT} are kept, the rest counted.
 */
public final class CatalogCsv {
    public static final int MAX_BYTES = 32 * 1024 * 1024;
    public static final int PROBLEMS_KEPT = 20;
    public static final List<String> COLUMNS = List.of("local_code", "name", "price_yuan", "national_code", "barcode");

    private static final Charset GBK = Charset.forName("GBK");
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setCommentMarker('#')
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();

    /** An item and the line its record starts on. */
    public record Row(int line, Catalog.LocalItem item) {
    }

    /**
     * @param encoding     how the text was read: {@code UTF-8}, {@code UTF-8 (BOM)} or {@code GBK}
     * @param problems     the first {@value #PROBLEMS_KEPT} problems, each "line N, column C: …" or "line N: …"
     * @param problemCount every problem found, kept or not
     */
    public record Parsed(List<Row> rows, String encoding, List<String> problems, int problemCount) {
        public Parsed {
            rows = List.copyOf(rows);
            problems = List.copyOf(problems);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int problemCount;

    private CatalogCsv() {
    }

    /** Reads at most {@link #MAX_BYTES} (and one more to tell a longer file) from {@code in}, which stays open. */
    public static Parsed parse(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        CatalogCsv csv = new CatalogCsv();
        if (bytes.length > MAX_BYTES) {
            csv.problem(0, null, "larger than " + MAX_BYTES / (1024 * 1024) + " MiB, which is not a catalog file");
            return csv.result("");
        }
        String encoding;
        String text;
        if (startsWithBom(bytes)) {
            encoding = "UTF-8 (BOM)";
            try {
                text = StrictText.decode(ByteBuffer.wrap(bytes, 3, bytes.length - 3), StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                csv.problem(StrictText.lineOfFirstBadByte(bytes, StandardCharsets.UTF_8), null, "starts as UTF-8 but is"
                        + " not UTF-8 text from here on");
                return csv.result(encoding);
            }
        } else {
            try {
                text = StrictText.decode(ByteBuffer.wrap(bytes), StandardCharsets.UTF_8);
                encoding = "UTF-8";
            } catch (CharacterCodingException notUtf8) {
                try {
                    text = StrictText.decode(ByteBuffer.wrap(bytes), GBK);
                    encoding = "GBK";
                } catch (CharacterCodingException notGbk) {
                    csv.problem(StrictText.lineOfFirstBadByte(bytes, StandardCharsets.UTF_8), null, "neither UTF-8 nor"
                            + " GBK text; save the file as UTF-8");
                    return csv.result("");
                }
            }
        }
        csv.read(text);
        return csv.result(encoding);
    }

    private Parsed result(String encoding) {
        return new Parsed(rows, encoding, problems, problemCount);
    }

    private void read(String text) {
        Lines lines = new Lines(text);
        Map<String, Integer> firstLineOf = new HashMap<>();
        long lastRecordStart = -1;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(FORMAT).get()) {
            for (CSVRecord record : parser) {
                lastRecordStart = record.getCharacterPosition();
                int line = lines.lineOf(lines.skipBlankAndComments((int) lastRecordStart));
                Catalog.LocalItem item = item(record, line);
                if (item == null) {
                    continue;
                }
                Integer earlier = firstLineOf.putIfAbsent(item.localCode(), line);
                if (earlier != null) {
                    problem(line, "local_code", item.localCode() + " is also on line " + earlier + "; keep one of them");
                    continue;
                }
                rows.add(new Row(line, item));
            }
        } catch (UncheckedIOException | IOException e) {
            int from = lastRecordStart < 0 ? 0 : lines.recordEnd(lines.skipBlankAndComments((int) lastRecordStart));
            QuoteFault fault = lines.quoteFault(lines.skipBlankAndComments(from));
            if (fault != null) {
                problem(fault.line(), column(fault.field()), fault.what());
            } else {
                problem(lines.lineOf(from), null, "not readable as CSV: " + e.getMessage());
            }
        }
    }

    /** The record as an item; null for a line of spaces, or after naming the record's problems. */
    private Catalog.LocalItem item(CSVRecord r, int line) {
        if (r.size() == 1 && r.get(0).isEmpty()) {
            return null;
        }
        if (r.size() < 4) {
            problem(line, null, "expected local_code,name,price_yuan,national_code[,barcode...], got " + r.size()
                    + (r.size() == 1 ? " field" : " fields"));
            return null;
        }
        int before = problemCount;
        String code = required(r, 0, line, 150);
        String name = required(r, 1, line, 200);
        String price = r.get(2);
        long fen = priceFen(price);
        if (fen < 0) {
            problem(line, "price_yuan", "'" + shorten(price) + "' is not an amount in yuan with at most two decimals"
                    + " (e.g. 12 or 12.50)");
        }
        String national = r.get(3);
        if (national.length() > 50) {
            problem(line, "national_code", "longer than 50 characters");
        }
        List<String> barcodes = new ArrayList<>();
        for (int i = 4; i < r.size(); i++) {
            String barcode = r.get(i);
            if (barcode.length() > 50) {
                problem(line, "barcode", "'" + shorten(barcode) + "' is longer than 50 characters");
            } else if (!barcode.isEmpty()) {
                barcodes.add(barcode);
            }
        }
        if (problemCount != before) {
            return null;
        }
        return new Catalog.LocalItem(code, name, Money.ofFen(fen), national.isEmpty() ? null : national, barcodes);
    }

    private String required(CSVRecord r, int index, int line, int maxLength) {
        String value = r.get(index);
        if (value.isEmpty()) {
            problem(line, COLUMNS.get(index), "empty");
        } else if (value.length() > maxLength) {
            problem(line, COLUMNS.get(index), "longer than " + maxLength + " characters");
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problem(line, COLUMNS.get(index), "holds a line break or a control character");
        }
        return value;
    }

    private void problem(int line, String column, String what) {
        if (problems.size() < PROBLEMS_KEPT) {
            problems.add((line > 0 ? "line " + line : "the file") + (column == null ? "" : ", column " + column) + ": "
                    + what);
        }
        problemCount++;
    }

    private static String column(int field) {
        return COLUMNS.get(Math.min(field, COLUMNS.size() - 1));
    }

    /** The price in fen, or -1 when the text is not a price (a negative amount is not one either). */
    private static long priceFen(String text) {
        if (text.startsWith("-")) {
            return -1;
        }
        try {
            return Money.parse(text).fen();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2];
    }


    /** Where a record's quoting goes wrong: its line, the field (from 0) and what is wrong. */
    private record QuoteFault(int line, int field, String what) {
    }

    /**
     * The text with its line starts (after LF, CR LF or a lone CR), and a walk over one record read the way the CSV
     * parser reads it with {@link #FORMAT}, to say where its quoting goes wrong: the parser's exception gives neither
     * the field nor the line where an unclosed quote opened.
     */
    private static final class Lines {
        private final String text;
        private final int[] starts;

        Lines(String text) {
            this.text = text;
            List<Integer> s = new ArrayList<>();
            s.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                    s.add(i + 1);
                }
            }
            this.starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        int lineOf(int offset) {
            int i = java.util.Arrays.binarySearch(starts, offset);
            return (i >= 0 ? i : -i - 2) + 1;
        }

        /** The offset of the first line from {@code offset} on that is neither empty nor a comment ('#' first). */
        int skipBlankAndComments(int offset) {
            int i = offset;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '#') {
                    while (i < text.length() && !eol(text.charAt(i))) {
                        i++;
                    }
                } else if (!eol(c)) {
                    return i;
                }
                i = afterEol(i);
            }
            return text.length();
        }

        /** The offset just after the record that starts at {@code start} (one read without a fault). */
        int recordEnd(int start) {
            int[] end = new int[1];
            walk(start, end);
            return end[0];
        }

        QuoteFault quoteFault(int start) {
            return walk(start, new int[1]);
        }

        private QuoteFault walk(int start, int[] end) {
            int field = 0;
            int i = start;
            while (true) {
                while (i < text.length() && space(text.charAt(i))) {
                    i++;
                }
                if (i < text.length() && text.charAt(i) == '"') {
                    int open = i++;
                    while (true) {
                        if (i >= text.length()) {
                            end[0] = i;
                            return new QuoteFault(lineOf(open), field, "the quote opened here is never closed");
                        }
                        if (text.charAt(i) == '"') {
                            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                                i += 2;
                                continue;
                            }
                            break;
                        }
                        i++;
                    }
                    i++;
                    while (i < text.length() && space(text.charAt(i))) {
                        i++;
                    }
                    if (i < text.length() && text.charAt(i) != ',' && !eol(text.charAt(i))) {
                        end[0] = i;
                        return new QuoteFault(lineOf(i), field, "text after the closing quote; a quote inside a quoted"
                                + " field is written twice (\"\")");
                    }
                } else {
                    while (i < text.length() && text.charAt(i) != ',' && !eol(text.charAt(i))) {
                        i++;
                    }
                }
                if (i >= text.length()) {
                    end[0] = i;
                    return null;
                }
                if (eol(text.charAt(i))) {
                    end[0] = afterEol(i);
                    return null;
                }
                i++;
                field++;
            }
        }

        private int afterEol(int i) {
            return text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
        }

        private static boolean eol(char c) {
            return c == '\n' || c == '\r';
        }

        /** What the parser skips around a field. */
        private static boolean space(char c) {
            return Character.isWhitespace(c) && c != ',' && !eol(c);
        }
    }
}
