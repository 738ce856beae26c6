package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.terminal.counter.CounterItem;

class ItemsFileTest {
    @TempDir
    Path dir;

    private static ItemsFile.Parsed parse(String text) throws IOException {
        return ItemsFile.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Zeros without end, counting what was read, as /dev/zero gives them. */
    private static final class Endless extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read += len;
            return len;
        }
    }

    @Test
    void linesWithCodesCountsAndTheirLineNumbers() throws IOException {
        ItemsFile.Parsed p = parse("\uFEFF# code count\nL1 2\n\nL2,1\r\nL3\t3\n");
        assertTrue(p.problems().isEmpty(), p.problems().summary());
        assertEquals(List.of(new CounterItem("L1", 2, 2), new CounterItem("L2", 1, 4), new CounterItem("L3", 3, 5)),
                p.items());
    }

    @Test
    void anEndlessStreamIsReadOnlyToTheCapAndRefused() throws IOException {
        Endless zeros = new Endless();
        ItemsFile.Parsed p = ItemsFile.parse(zeros);
        assertEquals(ItemsFile.MAX_BYTES + 1, zeros.read);
        assertEquals(List.of(), p.items());
        assertTrue(p.problems().summary().startsWith("larger than 256 KiB"), p.problems().summary());
    }

    @Test
    void devZeroIsRefusedWithAClearMessage() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero on this system");
        CliException e = assertThrows(CliException.class, () -> ItemsFile.read(zero));
        assertTrue(e.getMessage().contains("larger than 256 KiB, which is not an items file"), e.getMessage());
    }

    @Test
    void aHugeFileAndALineWithoutEndAreRefused() throws IOException {
        Path huge = dir.resolve("huge.txt");
        Files.write(huge, "L1 1\n".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        CliException e = assertThrows(CliException.class, () -> ItemsFile.read(huge));
        assertTrue(e.getMessage().contains("larger than 256 KiB"), e.getMessage());

        ItemsFile.Parsed longLine = parse("L1 1\n" + "L".repeat(100_000));
        assertEquals("line 2: longer than 256 characters", longLine.problems().summary());
        assertFalse(longLine.problems().summary().contains("LLLL"), "the line is not echoed");
    }

    @Test
    void tenThousandBadLinesGiveTheFirstTwentyAndACount() throws IOException {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "L1 x\n".repeat(10_000), StandardCharsets.UTF_8);
        CliException e = assertThrows(CliException.class, () -> ItemsFile.read(bad));
        String m = e.getMessage();
        assertTrue(m.contains("line 1: the count 'x' is not a whole number"), m);
        assertTrue(m.contains("line 20:"), m);
        assertFalse(m.contains("line 21:"), m);
        assertTrue(m.endsWith("; … and 9,980 more problems"), m);
        assertTrue(m.length() < 2_000, "one short message, not " + m.length() + " characters");
    }

    @Test
    void textThatIsNotUtf8IsRefusedWithItsLine() throws IOException {
        byte[] gbk = "L1 1\nL2 1\n# 阿莫西林\n".getBytes(java.nio.charset.Charset.forName("GBK"));
        ItemsFile.Parsed p = ItemsFile.parse(new ByteArrayInputStream(gbk));
        assertEquals("line 3: not UTF-8 text (save the file as UTF-8)", p.problems().summary());
    }

    @Test
    void badCountsControlCharactersAndShapesAreEachNamed() throws IOException {
        ItemsFile.Parsed p = parse("L1 0\nL2 100000\nL3\u0000 1\nonly-a-code\nL4 1 2\n");
        assertEquals(5, p.problems().count(), p.problems().summary());
        String m = p.problems().summary();
        assertTrue(m.contains("line 1: item L1: the count must be a whole number from 1 to 99999, got 0"), m);
        assertTrue(m.contains("line 2: item L2"), m);
        assertTrue(m.contains("line 3: holds control characters"), m);
        assertTrue(m.contains("line 4: expected 'CODE COUNT', got 'only-a-code'"), m);
        assertTrue(m.contains("line 5: expected 'CODE COUNT'"), m);
    }

    @Test
    void aFileWithoutItemsIsRefused() throws IOException {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "# nothing\n\n");
        CliException e = assertThrows(CliException.class, () -> ItemsFile.read(empty));
        assertTrue(e.getMessage().contains("lists no items"), e.getMessage());
        CliException missing = assertThrows(CliException.class, () -> ItemsFile.read(dir.resolve("none.txt")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
