package org.sscard.card.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.SoftwareSecurityModule;

/**
 * The sscard tool's usage, key store and reader messages, without a card. Reading and PIN commands against
 * simulated cards are card-sim's tests (meet.SsCardToolTest, vpcd.PcscCardLibTest).
 */
class SsCardUsageTest {
    private static final Supplier<ReaderManager> TWO_EMPTY_READERS = () -> {
        CardTerminals terminals = CardTerminalSimulator.terminals("Reader A", "Reader B");
        return new ReaderManager(() -> terminals);
    };
    private static final Supplier<ReaderManager> NO_READER_MAY_BE_OPENED = () -> {
        throw new AssertionError("no reader may be opened");
    };

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Supplier<ReaderManager> readers, Map<String, String> environment, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SsCard(readers, environment::get, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                () -> null, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutACommandItNamesTheCommands() {
        Run run = run(NO_READER_MAY_BE_OPENED, Map.of(), "");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("readers, read, verify-pin, change-pin"), run.err());
    }

    @Test
    void refusesAnUnknownFormatAndJsonWithTheDriverFormat() {
        Run unknown = run(NO_READER_MAY_BE_OPENED, Map.of(), "", "read", "--format", "xml");
        assertEquals(2, unknown.exitCode());
        assertEquals("sscard: the only --format is 'driver'\n", unknown.err());
        Run both = run(NO_READER_MAY_BE_OPENED, Map.of(), "", "read", "--json", "--format", "driver");
        assertEquals(2, both.exitCode());
        assertEquals("sscard: give --json or --format driver, not both\n", both.err());
    }

    @Test
    void listsReadersWithoutACard() {
        Run run = run(TWO_EMPTY_READERS, Map.of(), "", "readers");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Reader A\tempty\nReader B\tempty\n", run.out());
    }

    @Test
    void saysWhenNoReaderIsConnected() {
        CardTerminals none = new CardTerminals() {
            @Override
            public List<CardTerminal> list(State state) {
                return List.of();
            }

            @Override
            public boolean waitForChange(long timeout) {
                return false;
            }
        };
        Run run = run(() -> new ReaderManager(() -> none), Map.of(), "", "readers");
        assertEquals(0, run.exitCode());
        assertEquals("no card readers are connected\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void readNamesTheMissingKeyStoreBeforeTouchingAReader(@TempDir Path dir) {
        Run none = run(NO_READER_MAY_BE_OPENED, Map.of(), "", "read");
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("give --keystore FILE") && none.err().contains("SSCARD_KEYSTORE"), none.err());
        Path missing = dir.resolve("nowhere.store");
        Run absent = run(NO_READER_MAY_BE_OPENED, Map.of(), "", "read", "--keystore", missing.toString());
        assertEquals(1, absent.exitCode());
        assertEquals("sscard: The key store " + missing + " does not exist. Check the path.\n", absent.err());
    }

    @Test
    void readNamesTheUnsetPassphraseVariable(@TempDir Path dir) {
        Path keystore = dir.resolve("keys.store");
        SoftwareSecurityModule.create(keystore, "a passphrase".toCharArray(), KdfParameters.FAST_FOR_TESTS);
        Run run = run(NO_READER_MAY_BE_OPENED, Map.of(SsCard.KEYSTORE_ENV, keystore.toString()), "", "read",
                "--passphrase-env", "MY_PASS");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("environment variable MY_PASS, which is not set"), run.err());
    }

    @Test
    void readWithEmptyReadersSaysToInsertTheCard(@TempDir Path dir) {
        Path keystore = dir.resolve("keys.store");
        SoftwareSecurityModule.create(keystore, "a passphrase".toCharArray(), KdfParameters.FAST_FOR_TESTS);
        Run run = run(TWO_EMPTY_READERS, Map.of(SsCard.KEYSTORE_ENV, keystore.toString(), SsCard.PASSPHRASE_ENV, "a passphrase"),
                "", "read");
        assertEquals(1, run.exitCode());
        assertEquals("sscard: No reader has a card in it (readers: Reader A, Reader B). Insert the card with the chip first.\n",
                run.err());
    }

    @Test
    void differingNewPinsChangeNothingAndOpenNoReader() {
        Run run = run(NO_READER_MAY_BE_OPENED, Map.of(), "123456\n111111\n222222\n", "change-pin");
        assertEquals(1, run.exitCode());
        assertEquals("sscard: The two new PINs differ. Nothing was changed.\n", run.err());
        assertEquals("", run.out());
    }
}
