package org.sscard.keyceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The ceremony as a script runs it: no terminal, answers on standard input. */
class SsKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASS = "ceremony-pass-2026";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private String lastOut;
    private String lastErr;

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    @Test
    void twoCustodianCeremonyFromAScript() throws Exception {
        JsonNode a = json(run("", "component", "new", "--alg", "SM4", "--json"));
        JsonNode b = json(run("", "component", "new", "--alg", "SM4", "--json"));
        Path store = dir.resolve("station.sks");
        assertEquals(0, code("" + PASS + "\n" + PASS + "\n", "store", "init", "--store", store.toString()));

        String answers = PASS + "\n"
                + "Wang Fang\n" + a.get("component").asText() + "\n" + a.get("kcv").asText() + "\n"
                + "Li Wei\n" + b.get("component").asText() + "\n" + b.get("kcv").asText() + "\n";
        JsonNode loaded = json(run(answers, "store", "load", "--store", store.toString(), "--type", "DEBIT",
                "--level", "province", "--region", "440000", "--components", "2", "--json"));
        assertEquals("DEBIT", loaded.get("type").asText());
        assertEquals("Wang Fang,Li Wei", loaded.get("custodians").asText());

        JsonNode list = json(run(PASS + "\n", "store", "list", "--store", store.toString(), "--json"));
        assertEquals(1, list.size());
        assertEquals("province", list.get(0).get("level").asText());
        assertEquals(loaded.get("kcv").asText(), list.get(0).get("kcv").asText());
        assertEquals(6, list.get(0).get("kcv").asText().length());

        JsonNode derived = json(run(PASS + "\n", "derive", "--store", store.toString(), "--type", "DEBIT", "--level",
                "province", "--region", "440000", "--card", "440106D15600000501020304A1B2C3D4", "--json"));
        assertEquals(6, derived.get("kcv").asText().length());
        assertFalse(derived.has("test_key"), "a real key's derivation never prints the key");

        String everything = lastOut + lastErr + logs.list.toString();
        assertFalse(everything.contains(a.get("component").asText()), "no component in output or logs");
        assertFalse(everything.contains(PASS));
    }

    @Test
    void aMistypedComponentIsRefusedAndNothingIsLoaded() throws Exception {
        JsonNode a = json(run("", "component", "new", "--alg", "3DES", "--json"));
        JsonNode b = json(run("", "component", "new", "--alg", "3DES", "--json"));
        Path store = dir.resolve("s.sks");
        code(PASS + "\n" + PASS + "\n", "store", "init", "--store", store.toString());
        String component = a.get("component").asText();
        // A slip in a high nibble: 3DES ignores each byte's lowest (parity) bit, so a slip there keeps the key.
        String typo = component.substring(0, 30) + (component.charAt(30) == '8' ? "0" : "8") + component.charAt(31);
        String answers = PASS + "\n" + "Wang Fang\n" + typo + "\n" + a.get("kcv").asText() + "\n"
                + "Li Wei\n" + b.get("component").asText() + "\n" + b.get("kcv").asText() + "\n";
        int rc = code(answers, "store", "load", "--store", store.toString(), "--type", "DEBIT", "--level", "national",
                "--alg", "3DES", "--components", "2");
        assertEquals(1, rc);
        assertTrue(lastErr.contains("KCV mismatch"), lastErr);
        assertEquals(0, json(run(PASS + "\n", "store", "list", "--store", store.toString(), "--json")).size());
    }

    @Test
    void oneCustodianCannotLoadAKeyAlone() throws Exception {
        JsonNode a = json(run("", "component", "new", "--alg", "SM4", "--json"));
        JsonNode b = json(run("", "component", "new", "--alg", "SM4", "--json"));
        Path store = dir.resolve("s.sks");
        code(PASS + "\n" + PASS + "\n", "store", "init", "--store", store.toString());
        String answers = PASS + "\n" + "Wang Fang\n" + a.get("component").asText() + "\n" + a.get("kcv").asText() + "\n"
                + "WANG FANG\n" + b.get("component").asText() + "\n" + b.get("kcv").asText() + "\n";
        assertEquals(1, code(answers, "store", "load", "--store", store.toString(), "--type", "DEBIT", "--level",
                "national", "--components", "2"));
        assertTrue(lastErr.contains("two different custodians"), lastErr);
        assertEquals(1, code("", "store", "load", "--store", store.toString(), "--passphrase-env", "SSKEY_TEST_UNSET_VAR",
                "--type", "DEBIT", "--level", "national", "--components", "2"));
        assertTrue(lastErr.contains("is not set"), lastErr);
    }

    @Test
    void wrongPassphraseAndMissingStoreAreClearErrorsWithoutStackTraces() {
        Path store = dir.resolve("s.sks");
        assertEquals(1, code(PASS + "\n", "store", "list", "--store", store.toString()));
        assertTrue(lastErr.contains("sskey: key store") && lastErr.contains("does not exist"), lastErr);
        code(PASS + "\n" + PASS + "\n", "store", "init", "--store", store.toString());
        assertEquals(1, code("not-the-pass\n", "store", "list", "--store", store.toString()));
        assertTrue(lastErr.contains("wrong passphrase"), lastErr);
        assertFalse(lastErr.contains("Exception"), lastErr);
        assertEquals(1, code(PASS + "\nother-pass\n", "store", "init", "--store", dir.resolve("t.sks").toString()));
        assertTrue(lastErr.contains("differ"), lastErr);
        assertEquals(2, code("", "store", "list"));
    }

    @Test
    void testKeysShowTheirDerivedKeysAndDiagnosticsMatchTheStandards() throws Exception {
        Path store = dir.resolve("demo.sks");
        code(PASS + "\n" + PASS + "\n", "store", "init", "--store", store.toString());
        assertEquals(0, code(PASS + "\n", "store", "load-test-keys", "--store", store.toString()));
        JsonNode derived = json(run(PASS + "\n", "derive", "--store", store.toString(), "--type", "EXTERNAL_AUTH",
                "--level", "national", "--key-version", "3", "--to-level", "city", "--to-region", "440100", "--json"));
        assertEquals(32, derived.get("test_key").asText().length());
        JsonNode kcv = json(run("", "kcv", "--alg", "SM4", "--key", derived.get("test_key").asText(), "--json"));
        assertEquals(derived.get("kcv").asText(), kcv.get("kcv").asText());

        JsonNode mac = json(run("", "mac", "--alg", "3DES", "--key", "0123456789ABCDEFFEDCBA9876543210",
                "--data", "4E6F77206973207468652074696D6520666F7220616C6C20", "--method", "retail", "--json"));
        assertEquals(16, mac.get("mac").asText().length());
        assertEquals(1, code("", "mac", "--alg", "SM4", "--key", "00", "--data", "00"));
        assertEquals(1, code("", "kcv", "--alg", "AES", "--key", "00"));
    }

    private String run(String stdin, String... args) {
        int rc = code(stdin, args);
        assertEquals(0, rc, () -> "sskey " + String.join(" ", args) + " failed: " + lastErr);
        return lastOut;
    }

    private int code(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Terminal terminal = new Terminal(null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), errStream);
        int rc = new SsKey(terminal, new PrintStream(out, true, StandardCharsets.UTF_8), errStream).execute(args);
        lastOut = out.toString(StandardCharsets.UTF_8);
        lastErr = err.toString(StandardCharsets.UTF_8);
        return rc;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
