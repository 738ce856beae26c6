package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sscard.fuzz.FuzzBudget;
import org.sscard.terminal.config.ConfigException;

/**
 * Fuzzes the station's files through their parse entry points as they are: the items file of {@code visit/sale
 * --items} ({@link ItemsFile#read}) and the catalog CSV of {@code catalog import} (the command, with no station
 * behind it, so a file that parses ends at the missing configuration). Lines are valid lines mutated: odd separators,
 * counts and prices out of range or not numbers, control characters, a byte-order mark, very long lines, bytes that
 * are not UTF-8. Each file must give items or a clear problem list ({@link CliException}), never another exception.
 */
@AddLifecycleHook(FuzzBudget.class)
class StationFilesFuzzTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] ITEM_LINES = {"L001 2", "6901234567890\t1", "L002,3", "# comment", "", "  L003   99999  "};
    private static final String[] CATALOG_LINES = {"L001,阿莫西林胶囊,12.30,XA01AAA0001", "L002,挂号费,0.50,,6901234567890",
            "L003, 血常规 ,25,XB02BBB0002,6900000000001,6900000000002", "# local_code,name,price_yuan,national_code"};
    private static final String[] ODD_FIELDS = {"", " ", "0", "-1", "100000", "99999999999999999999", "1e3", "12.345",
            "-0.01", "NaN", "0x10", "１２", "\u0000", "\uFEFF", "\r", "\u202e", "\t", ",", ",,,,", "A".repeat(5_000),
            "9".repeat(400), "12.3.4", "¥12.30", "12,30", "null"};

    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("station-files-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** A file's bytes (printed as text and as hex, so a failing sample can be pasted into a test). */
    record FileBytes(byte[] bytes) {
        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8) + " | hex " + HEX.formatHex(bytes, 0, Math.min(bytes.length, 2048));
        }
    }

    @Property(tries = 1000)
    void itemsFilesGiveItemsOrAProblemList(@ForAll("itemsFiles") FileBytes content) throws IOException {
        Path file = Files.write(dir.resolve("items.txt"), content.bytes());
        try {
            assertFalse(ItemsFile.read(file).isEmpty());
        } catch (CliException problems) {
            assertClearMessage(problems.getMessage());
        }
    }

    @Property(tries = 500)
    void catalogFilesGiveItemsOrAProblemList(@ForAll("catalogFiles") FileBytes content) throws Exception {
        Path file = Files.write(dir.resolve("catalog.csv"), content.bytes());
        SetupCommands.CatalogImport command = new SetupCommands.CatalogImport(new TerminalCli(new Secrets(Map.of(), null),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), () -> null));
        command.file = file;
        command.operator = "admin1";
        command.config = dir.resolve("no-station.properties");
        try {
            command.call();
        } catch (CliException problems) {
            assertClearMessage(problems.getMessage());
        } catch (ConfigException parsedWithoutAStation) {
            assertTrue(parsedWithoutAStation.getMessage().contains("no-station.properties"),
                    parsedWithoutAStation.getMessage());
        }
    }

    static void assertClearMessage(String message) {
        assertTrue(message != null && !message.isBlank(), "a problem without a message");
        for (String internal : new String[] {": null", "Exception", "java.", "org.sscard", "\tat "}) {
            assertFalse(message.contains(internal), "an internal detail in: " + message);
        }
    }

    @Provide
    Arbitrary<FileBytes> itemsFiles() {
        return Arbitraries.randomValue(random -> file(random, ITEM_LINES, " "));
    }

    @Provide
    Arbitrary<FileBytes> catalogFiles() {
        return Arbitraries.randomValue(random -> file(random, CATALOG_LINES, ","));
    }

    private static FileBytes file(Random random, String[] valid, String separator) {
        StringBuilder text = new StringBuilder(random.nextInt(8) == 0 ? "\uFEFF" : "");
        int lines = random.nextInt(6);
        for (int i = 0; i < lines; i++) {
            String line = valid[random.nextInt(valid.length)];
            if (random.nextInt(3) != 0) {
                String[] fields = line.split(separator.equals(" ") ? "\\s+|," : ",", -1);
                fields[random.nextInt(fields.length)] = ODD_FIELDS[random.nextInt(ODD_FIELDS.length)];
                line = String.join(random.nextInt(5) == 0 ? "\t" : separator, fields);
            }
            text.append(line).append(random.nextInt(6) == 0 ? "\r\n" : "\n");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0 && random.nextInt(6) == 0) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
        }
        return new FileBytes(bytes);
    }
}
