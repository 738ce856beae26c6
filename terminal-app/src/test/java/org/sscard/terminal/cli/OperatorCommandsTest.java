package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.Totp;

/**
 * {@code terminal operator ...} and log-ins with a second factor on a station set up with the default policy
 * (administrators and supervisors give a code). The command line runs on the system clock, so codes are made for
 * the current step (and the next, which the one-step tolerance accepts) and recovery codes serve further log-ins.
 */
class OperatorCommandsTest {
    private static final String PASS = "Station-Keys-1";
    private static final Pattern SECRET = Pattern.compile("secret=([A-Z2-7]+)");

    @TempDir
    Path dir;
    Path config;
    /** The environment; SSCARD_TOTP_CODE is asked of {@link #code} when a command reads it (after its output so far). */
    final Map<String, String> env = new HashMap<>() {
        @Override
        public String get(Object key) {
            return Secrets.TOTP_CODE.equals(key) && code != null ? code.get() : super.get(key);
        }
    };
    Supplier<String> code;
    ByteArrayOutputStream out;

    @BeforeEach
    void setUp() throws Exception {
        SoftwareSecurityModule keys = SoftwareSecurityModule.create(dir.resolve("station.keys"), PASS.toCharArray(),
                KdfParameters.FAST_FOR_TESTS);
        keys.generateLocalKey(KeyRef.local(KeyType.DATA, "440106", 1));
        config = dir.resolve("station.properties");
        Files.writeString(config, String.join("\n", "institution.code=H44010600001", "institution.name=测试医院",
                "institution.level=2", "region.mdtrtarea_admvs=440106", "device.number=DEV-0010",
                "central.url=http://localhost:9", "central.allow-insecure-http=true", "central.recer-sys-code=GDYB",
                "keystore.path=station.keys", "store.path=station.db", ""), StandardCharsets.UTF_8);
        env.put(Secrets.KEYSTORE_PASSPHRASE, PASS);
    }

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private Run run(String password, String... args) {
        env.put(Secrets.OPERATOR_PASSWORD, password);
        out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        int exit = TerminalCli.run(all, new Secrets(env, null), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The code of the secret the command printed so far, {@code ahead} steps after now. */
    private Supplier<String> codeFromOutput(int ahead) {
        return () -> {
            Matcher m = SECRET.matcher(out.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), "the command printed its secret before asking for the code");
            return Totp.code(base32(m.group(1)), Totp.step(Instant.now()) + ahead, Totp.DIGITS);
        };
    }

    private static String status(Run r) {
        try {
            return r.json().get("status").asText();
        } catch (Exception e) {
            throw new AssertionError(r.out() + r.err(), e);
        }
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char ch : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(ch);
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }

    /** Enrols {@code id} at the console form of the command; returns the secret and the recovery codes it printed. */
    private Enrolled enrol(String id, String password) {
        code = codeFromOutput(0);
        Run enrol = run(password, "operator", "enrol-totp", id);
        assertEquals(0, enrol.code(), enrol.err() + enrol.out());
        assertTrue(enrol.out().contains("\u2588"), "a QR code drawn in block characters");
        assertTrue(enrol.out().contains("otpauth://totp/sscard:" + id + "?secret="), enrol.out());
        List<String> recovery = new ArrayList<>();
        Matcher rc = Pattern.compile("(?m)^  ([2-9A-Z]{5}-[2-9A-Z]{5})$").matcher(enrol.out());
        while (rc.find()) {
            recovery.add(rc.group(1));
        }
        assertEquals(10, recovery.size(), enrol.out());
        Matcher m = SECRET.matcher(enrol.out());
        assertTrue(m.find());
        return new Enrolled(base32(m.group(1)), recovery);
    }

    private record Enrolled(byte[] secret, List<String> recovery) {
        Supplier<String> next() {
            return () -> Totp.code(secret, Totp.step(Instant.now()) + 1, Totp.DIGITS);
        }
    }

    @Test
    void administratorsEnrolAtTheConsoleAndManageAccountsWithCodesUnderDualControl() throws Exception {
        Run setup = run("Setup-Pass-1", "setup", "--admin", "admin1", "--name", "管理员一", "--json");
        assertEquals(0, setup.code(), setup.err());
        assertEquals("SUPERVISOR,ADMINISTRATOR", setup.json().get("second_factor_roles").asText());
        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "Own-Admin-Pass9");
        assertEquals(0, run("Setup-Pass-1", "login", "admin1", "--new-password").code());

        Run refused = run("Own-Admin-Pass9", "operator", "list", "--operator", "admin1");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("terminal operator enrol-totp admin1"), refused.err());

        code = () -> "000000";
        Run badEnrol = run("Own-Admin-Pass9", "operator", "enrol-totp", "admin1");
        assertEquals(1, badEnrol.code());
        assertTrue(badEnrol.err().contains("nothing was stored"), badEnrol.err());

        Enrolled admin1 = enrol("admin1", "Own-Admin-Pass9");
        code = admin1.next();
        Run login = run("Own-Admin-Pass9", "login", "admin1", "--json");
        assertEquals(0, login.code(), login.err() + login.out());
        assertEquals("OK", login.json().get("status").asText());
        Run replay = run("Own-Admin-Pass9", "login", "admin1", "--json");
        assertEquals(1, replay.code(), "the same code twice");
        assertEquals("WRONG_CODE", replay.json().get("status").asText());

        code = () -> admin1.recovery().get(0);
        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "First-Pass-1");
        assertEquals(0, run("Own-Admin-Pass9", "operator", "add", "cashier1", "--name", "王收费", "--role", "CASHIER",
                "--operator", "admin1").code());
        Run used = run("Own-Admin-Pass9", "operator", "list", "--operator", "admin1");
        assertEquals(1, used.code(), "a recovery code works once");
        assertTrue(used.err().contains("wrong, used or expired code"), used.err());

        code = () -> admin1.recovery().get(1);
        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "Second-Admin-2");
        assertEquals(0, run("Own-Admin-Pass9", "operator", "add", "admin2", "--name", "管理员二", "--role", "ADMINISTRATOR",
                "--operator", "admin1").code());
        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "Own-Second-Pass3");
        assertEquals(0, run("Second-Admin-2", "login", "admin2", "--new-password").code());
        Enrolled admin2 = enrol("admin2", "Own-Second-Pass3");

        code = () -> admin1.recovery().get(2);
        Run asked = run("Own-Admin-Pass9", "operator", "role", "cashier1", "SUPERVISOR", "--operator", "admin1", "--json");
        assertEquals(3, asked.code(), asked.err());
        long approval = asked.json().get("approval").asLong();
        assertTrue(asked.json().get("next").asText().contains("terminal approval decide " + approval), asked.out());
        code = admin2.next();
        Run granted = run("Own-Second-Pass3", "approval", "decide", Long.toString(approval), "--grant", "--operator", "admin2");
        assertEquals(0, granted.code(), granted.err());
        code = () -> admin1.recovery().get(3);
        Run changed = run("Own-Admin-Pass9", "operator", "role", "cashier1", "SUPERVISOR", "--operator", "admin1",
                "--approval", Long.toString(approval), "--json");
        assertEquals(0, changed.code(), changed.err());

        code = () -> admin1.recovery().get(4);
        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "Reset-Pass-77");
        assertEquals(0, run("Own-Admin-Pass9", "operator", "reset-password", "cashier1", "--operator", "admin1").code());
        code = () -> admin1.recovery().get(5);
        assertEquals(0, run("Own-Admin-Pass9", "operator", "disable", "cashier1", "--operator", "admin1").code());
        code = () -> admin1.recovery().get(6);
        assertEquals(0, run("Own-Admin-Pass9", "operator", "enable", "cashier1", "--operator", "admin1").code(),
                "a supervisor is enabled without a second administrator");
        code = () -> admin1.recovery().get(7);
        Run self = run("Own-Admin-Pass9", "operator", "disable", "admin1", "--operator", "admin1");
        assertEquals(1, self.code());
        assertTrue(self.err().contains("their own account"), self.err());

        code = () -> admin1.recovery().get(8);
        Run list = run("Own-Admin-Pass9", "operator", "list", "--operator", "admin1", "--json");
        assertEquals(0, list.code(), list.err());
        Map<String, JsonNode> byId = new HashMap<>();
        list.json().get("operators").forEach(o -> byId.put(o.get("id").asText(), o));
        assertEquals("SUPERVISOR", byId.get("cashier1").get("role").asText());
        assertTrue(byId.get("cashier1").get("must_change_password").asBoolean());
        assertFalse(byId.get("cashier1").get("second_factor").asBoolean());
        assertTrue(byId.get("admin1").get("second_factor").asBoolean());
        assertFalse(byId.get("admin1").get("last_login").asText().equals("-"));
        assertEquals("-", byId.get("cashier1").get("last_login").asText());
        assertEquals("SUPERVISOR,ADMINISTRATOR", list.json().get("second_factor_roles").asText());
        String stdout = list.out() + setup.out() + asked.out();
        assertFalse(stdout.contains("Reset-Pass-77") || stdout.contains("Own-Admin-Pass9"), "no password printed");

        code = () -> admin1.recovery().get(9);
        Run reset = run("Own-Admin-Pass9", "operator", "reset-totp", "admin2", "--operator", "admin1", "--json");
        assertEquals(0, reset.code(), reset.err());
        assertTrue(reset.json().get("second_factor_reset").asBoolean());
        Run again = run("Own-Second-Pass3", "login", "admin2", "--json");
        assertEquals("SECOND_FACTOR_ENROLMENT", again.json().get("status").asText(), "admin2 sets up a new one");
    }

    @Test
    void aStationSetUpWithoutSecondFactorsTheTextListAndUnlock() throws Exception {
        Run setup = run("Setup-Pass-1", "setup", "--admin", "admin1", "--name", "管理员一", "--second-factor-roles", "NONE");
        assertEquals(0, setup.code(), setup.err());
        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "Own-Admin-Pass9");
        assertEquals(0, run("Setup-Pass-1", "login", "admin1", "--new-password").code());
        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "First-Pass-1");
        assertEquals(0, run("Own-Admin-Pass9", "operator", "add", "cashier1", "--name", "王收费", "--role", "CASHIER",
                "--operator", "admin1").code());
        for (int i = 0; i < 5; i++) {
            run("Wrong-Pass-11", "login", "cashier1");
        }
        Run list = run("Own-Admin-Pass9", "operator", "list", "--operator", "admin1");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("admin1") && l.contains("ADMINISTRATOR")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("cashier1") && l.matches(".* 20\\d\\d-.*Z .*")),
                "cashier1 locked until a time: " + list.out());
        Run unlock = run("Own-Admin-Pass9", "operator", "unlock", "cashier1", "--operator", "admin1", "--json");
        assertEquals(0, unlock.code(), unlock.err());
        assertTrue(unlock.json().get("unlocked").asBoolean());
        assertEquals("MUST_CHANGE_PASSWORD", status(run("First-Pass-1", "login", "cashier1", "--json")));
        Run enrol = run("Own-Admin-Pass9", "operator", "enrol-totp", "admin1");
        assertEquals(1, enrol.code());
        assertTrue(enrol.err().contains("needs no second factor"), enrol.err());
        Run bad = run("Setup-Pass-1", "setup", "--admin", "x", "--name", "x", "--second-factor-roles", "BOSS");
        assertEquals(1, bad.code());
    }
}
