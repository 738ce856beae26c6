package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smallest inputs of what {@link StationFilesFuzzTest} found, each fixed (docs/RELIABILITY.md). */
class FuzzFindingsTest {
    @TempDir
    Path dir;

    @Test
    void aCatalogFileThatIsNotUtf8IsAProblemNotAnInternalError() throws Exception {
        Path file = Files.write(dir.resolve("catalog.csv"), new byte[] {'L', '1', ',', (byte) 0xFF, ',', '1', ',', '\n'});
        CliException e = assertThrows(CliException.class, () -> catalogImport(file).call());
        assertTrue(e.getMessage().startsWith("catalog file " + file + ", nothing imported: line 1: ")
                && e.getMessage().contains("neither UTF-8 nor GBK text"), e.getMessage());
        Path missing = dir.resolve("missing.csv");
        e = assertThrows(CliException.class, () -> catalogImport(missing).call());
        assertEquals("catalog file " + missing + " does not exist", e.getMessage());
    }

    private SetupCommands.CatalogImport catalogImport(Path file) {
        SetupCommands.CatalogImport command = new SetupCommands.CatalogImport(new TerminalCli(new Secrets(Map.of(), null),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), () -> null));
        command.file = file;
        command.operator = "admin1";
        command.config = dir.resolve("station.properties");
        return command;
    }
}
