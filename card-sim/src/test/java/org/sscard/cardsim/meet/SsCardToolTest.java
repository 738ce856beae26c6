package org.sscard.cardsim.meet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.licel.jcardsim.smartcardio.CardTerminalSimulator;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.card.pcsc.ReaderManager;
import org.sscard.cardsim.SimulatedCard;
import org.sscard.cardsim.factory.CardFactory;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.cardsim.factory.DemoCardGenerator;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.TestKeys;

/** The sscard tool against a simulated card in an in-process javax.smartcardio reader. */
class SsCardToolTest {
    static final String PASSPHRASE = "demo passphrase 1";
    @TempDir
    static Path keys;
    static Path keystore;

    private final DemoCard demo = DemoCardGenerator.generate(DemoCardGenerator.DEFAULT_SEED, 8).card(3);
    private Supplier<ReaderManager> readers;
    private Map<String, String> env;

    /** A key store file with the national test keys, as 'sskey store load-test-keys' makes it. */
    static Path testKeyStore(Path directory) {
        Path file = directory.resolve("keys.store");
        SoftwareSecurityModule module = SoftwareSecurityModule.create(file, PASSPHRASE.toCharArray(), KdfParameters.FAST_FOR_TESTS);
        TestKeys.loadInto(module);
        return file;
    }

    @BeforeAll
    static void makeKeyStore() {
        keystore = testKeyStore(keys);
    }

    @BeforeEach
    void insertCard() {
        SimulatedCard card = new CardFactory().issue(demo);
        CardTerminals terminals = CardTerminalSimulator.terminals("Sim Reader 0", "Sim Reader 1");
        card.simulator().assignToTerminal(terminals.getTerminal("Sim Reader 0"));
        ReaderManager manager = new ReaderManager(() -> terminals);
        readers = () -> manager;
        env = Map.of("DEMO_PASS", PASSPHRASE);
    }

    @Test
    void listsReaders() {
        ToolRun run = ToolRun.of(readers, env, "", "readers");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Sim Reader 0\tcard present\nSim Reader 1\tempty\n", run.out());
    }

    @Test
    void readsTheCardAsJson() throws Exception {
        ToolRun run = ToolRun.of(readers, env, "", "read", "--keystore", keystore.toString(), "--passphrase-env", "DEMO_PASS", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(demo.cardNumber().value(), json.get("card_no").asText());
        assertEquals(demo.holder().certificateNumber(), json.get("holder").get("certno").asText());
        assertEquals(demo.holder().name(), json.get("holder").get("name").asText());
        assertEquals(demo.insurance().insuranceType(), json.get("insurance").get("insutype").asText());
    }

    @Test
    void readsWithTheKeyStoreFromTheEnvironmentAndPrintsTextWithTheIdMasked() {
        ToolRun run = ToolRun.of(readers, Map.of("SSCARD_KEYSTORE", keystore.toString(), "SSCARD_KEYSTORE_PASSPHRASE", PASSPHRASE),
                "", "read", "--reader", "Sim Reader 0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(demo.holder().name()));
        String id = demo.holder().certificateNumber();
        assertTrue(run.out().contains(id.substring(0, 3) + "***********" + id.substring(14)), run.out());
        assertTrue(!run.out().contains(id), "no full ID number in the text view");
    }

    @Test
    void withoutAKeyStoreSaysWhatToDo() {
        ToolRun run = ToolRun.of(readers, Map.of(), "", "read");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--keystore FILE"), run.err());
        ToolRun wrongPassphrase = ToolRun.of(readers, Map.of("P", "not it"), "", "read", "--keystore", keystore.toString(), "--passphrase-env", "P");
        assertEquals(1, wrongPassphrase.exitCode());
        assertTrue(wrongPassphrase.err().startsWith("sscard: "), wrongPassphrase.err());
    }

    @Test
    void readsInTheDriverFormat() {
        ToolRun run = ToolRun.of(readers, env, "", "read", "--keystore", keystore.toString(), "--passphrase-env", "DEMO_PASS",
                "--format", "driver", "--terminal-no", "T0000001", "--device-no", "D0000001");
        assertEquals(0, run.exitCode(), run.err());
        String[] fields = run.out().trim().split("\\|", -1);
        assertEquals(demo.region(), fields[0]);
        assertEquals(demo.holder().certificateNumber(), fields[1]);
        assertEquals(demo.cardNumber().value(), fields[2]);
        assertEquals(demo.identification().hex().toUpperCase(java.util.Locale.ROOT), fields[3].toUpperCase(java.util.Locale.ROOT));
        assertEquals(demo.holder().name(), fields[4]);
        assertEquals("4A434F50333156323332", fields[5], "卡复位信息: the historical bytes of jCardSim's ATR, \"JCOP31V232\"");
        assertEquals("T0000001", fields[9]);
    }

    @Test
    void driverFormatPrintsTheDriverCodeWhenNoCard() {
        CardTerminals empty = CardTerminalSimulator.terminals("Empty");
        ReaderManager manager = new ReaderManager(() -> empty);
        ToolRun run = ToolRun.of(() -> manager, env, "", "read", "--keystore", keystore.toString(), "--passphrase-env", "DEMO_PASS",
                "--format", "driver", "--reader", "Empty");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no card"), run.err());
    }

    @Test
    void verifiesAndChangesThePinFromStandardInput() {
        ToolRun wrong = ToolRun.of(readers, env, "000000\n", "verify-pin");
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().contains("5 tries left"), wrong.err());
        assertTrue(!wrong.err().contains("000000"), "the PIN is never echoed");
        ToolRun right = ToolRun.of(readers, env, demo.pin() + "\n", "verify-pin");
        assertEquals(0, right.exitCode(), right.err());
        assertEquals("PIN correct\n", right.out());
        ToolRun differ = ToolRun.of(readers, env, demo.pin() + "\n1111\n2222\n", "change-pin");
        assertEquals(1, differ.exitCode());
        assertTrue(differ.err().contains("differ"), differ.err());
        ToolRun change = ToolRun.of(readers, env, demo.pin() + "\n5678\n5678\n", "change-pin");
        assertEquals(0, change.exitCode(), change.err());
        assertEquals(0, ToolRun.of(readers, env, "5678\n", "verify-pin").exitCode());
        ToolRun empty = ToolRun.of(readers, env, "", "verify-pin");
        assertEquals(1, empty.exitCode());
        assertTrue(empty.err().contains("No PIN"), empty.err());
    }
}
