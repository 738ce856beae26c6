package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscard.values.Money;

class CatalogCsvTest {
    private static CatalogCsv.Parsed parse(byte[] bytes) throws IOException {
        return CatalogCsv.parse(new ByteArrayInputStream(bytes));
    }

    private static CatalogCsv.Parsed parse(String text) throws IOException {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Catalog.LocalItem only(CatalogCsv.Parsed p) {
        assertEquals(List.of(), p.problems());
        assertEquals(1, p.rows().size());
        return p.rows().get(0).item();
    }

    @Test
    void plainRecordsWithCommentsAndBarcodes() throws IOException {
        CatalogCsv.Parsed p = parse("# local_code,name,price_yuan,national_code[,barcode...]\n"
                + "GH001,普通门诊诊查费,10.00,00110200001\n\n"
                + "YP001, 阿莫西林胶囊 ,12.5,X00000001,6901234567892,6901234567908\n"
                + "ZC001,自制膏药,3,\n");
        assertEquals(List.of(), p.problems());
        assertEquals("UTF-8", p.encoding());
        assertEquals(List.of(2, 4, 5), p.rows().stream().map(CatalogCsv.Row::line).toList());
        assertEquals(new Catalog.LocalItem("YP001", "阿莫西林胶囊", Money.ofFen(1250), "X00000001",
                List.of("6901234567892", "6901234567908")), p.rows().get(1).item());
        assertNull(p.rows().get(2).item().nationalCode(), "an empty national code leaves the item unmatched");
    }

    @Test
    void quotedFieldsCarryCommasQuotesAndLineBreaks() throws IOException {
        Catalog.LocalItem item = only(parse("YP002,\"阿莫西林胶囊, 0.25g×24粒 \"\"新包装\"\"\",12.50,X00000001\n"));
        assertEquals("阿莫西林胶囊, 0.25g×24粒 \"新包装\"", item.name());
        assertEquals(1250, item.price().fen());

        CatalogCsv.Parsed multi = parse("A1,\"two\nlines\",1,N1\nA2,next,2,N2\n");
        assertEquals(List.of("line 1, column name: holds a line break or a control character"), multi.problems(),
                "a name is one line of a receipt");
        assertEquals(List.of(3), multi.rows().stream().map(CatalogCsv.Row::line).toList(), "the next record is on line 3");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstCode() throws IOException {
        byte[] text = "GH001,诊查费,10,00110200001\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        CatalogCsv.Parsed p = parse(withBom);
        assertEquals("GH001", only(p).localCode());
        assertEquals("UTF-8 (BOM)", p.encoding());
    }

    @Test
    void aGbkExportFromAWindowsHisKeepsItsChineseNames() throws IOException {
        byte[] gbk = ("# 本院项目\nGH001,普通门诊诊查费,10.00,00110200001\n"
                + "YP002,\"阿莫西林胶囊, 0.25g\",12.50,X00000001\n").getBytes(Charset.forName("GBK"));
        CatalogCsv.Parsed p = parse(gbk);
        assertEquals("GBK", p.encoding());
        assertEquals(List.of(), p.problems());
        assertEquals(List.of("普通门诊诊查费", "阿莫西林胶囊, 0.25g"),
                p.rows().stream().map(r -> r.item().name()).toList());
    }

    @Test
    void bytesThatAreNeitherUtf8NorGbkAreRefusedWithTheirLine() throws IOException {
        byte[] bad = {'A', ',', 'b', ',', '1', ',', 'N', '\n', 'B', ',', (byte) 0xFF, (byte) 0xFF, ',', '1', ',', 'N'};
        CatalogCsv.Parsed p = parse(bad);
        assertEquals(List.of("line 2: neither UTF-8 nor GBK text; save the file as UTF-8"), p.problems());
        assertEquals(List.of(), p.rows());
    }

    @Test
    void aQuotingProblemNamesTheColumnAtFaultNotThePrice() throws IOException {
        CatalogCsv.Parsed unclosed = parse("GH001,诊查费,10,00110200001\nYP002,\"阿莫西林胶囊, 0.25g,12.50,X00000001\n"
                + "ZS001,肌肉注射,5,00120100001\n");
        assertEquals(List.of("line 2, column name: the quote opened here is never closed"), unclosed.problems());

        CatalogCsv.Parsed after = parse("# items\nGH001,诊查费,10,00110200001\n\nYP002,\"阿莫西林\"胶囊,12.50,X00000001\n");
        assertEquals(List.of("line 4, column name: text after the closing quote; a quote inside a quoted field is"
                + " written twice (\"\")"), after.problems());

        CatalogCsv.Parsed windows = parse("GH001,诊查费,10,00110200001\r\n   \r\n#c\r\nZS001,肌肉注射,5,\"N1\"x\r\n");
        assertEquals(List.of("line 4, column national_code: text after the closing quote; a quote inside a quoted"
                + " field is written twice (\"\")"), windows.problems());

        CatalogCsv.Parsed code = parse("\"YP\"003,阿莫西林,12.50,X00000001\n");
        assertEquals(List.of("line 1, column local_code: text after the closing quote; a quote inside a quoted field"
                + " is written twice (\"\")"), code.problems());
    }

    @Test
    void fieldProblemsNameTheirColumn() throws IOException {
        CatalogCsv.Parsed p = parse("A1,name,12.345,N1\nA2,,1,N2\nA3,name\n,name,1,N4\nA5,name,-1,N5\n"
                + "A1,again,1,N1\n");
        assertEquals(List.of(
                "line 1, column price_yuan: '12.345' is not an amount in yuan with at most two decimals (e.g. 12 or"
                        + " 12.50)",
                "line 2, column name: empty",
                "line 3: expected local_code,name,price_yuan,national_code[,barcode...], got 2 fields",
                "line 4, column local_code: empty",
                "line 5, column price_yuan: '-1' is not an amount in yuan with at most two decimals (e.g. 12 or 12.50)"),
                p.problems());
        CatalogCsv.Parsed twice = parse("A1,name,1,N1\nA1,again,1,N1\n");
        assertEquals(List.of("line 2, column local_code: A1 is also on line 1; keep one of them"), twice.problems());
    }

    @Test
    void tenThousandBadLinesKeepTwentyAndCountTheRest() throws IOException {
        CatalogCsv.Parsed p = parse("A,b,x,N\n".repeat(10_000));
        assertEquals(20, p.problems().size());
        assertEquals(10_000, p.problemCount());
        assertTrue(p.problems().get(19).startsWith("line 20, column price_yuan"), p.problems().get(19));
    }

    @Test
    void anEndlessStreamIsReadOnlyToTheCap() throws IOException {
        long[] read = {0};
        InputStream zeros = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                read[0] += len;
                return len;
            }
        };
        CatalogCsv.Parsed p = CatalogCsv.parse(zeros);
        assertEquals(CatalogCsv.MAX_BYTES + 1, read[0]);
        assertEquals(List.of("the file: larger than 32 MiB, which is not a catalog file"), p.problems());
    }

    @Test
    void theDemoHospitalsItemsParse() throws IOException {
        Path demo = Path.of("..", "scripts", "demo-data", "local-items.csv");
        CatalogCsv.Parsed p;
        try (InputStream in = Files.newInputStream(demo)) {
            p = CatalogCsv.parse(in);
        }
        assertEquals(List.of(), p.problems());
        assertEquals(10, p.rows().size());
    }
}
