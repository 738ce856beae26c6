package org.sscard.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;

/**
 * {@code setup}: the first administrator must choose an own password before doing anything. These stations are set up
 * without second factors; OperatorCommandsTest sets one up with them.
 */
class SetupCommandsTest {
    private static final String PASS = "Station-Keys-1";

    @TempDir
    Path dir;
    Path config;
    final Map<String, String> env = new HashMap<>();

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
    }

    private Run run(String password, String... args) {
        env.put(Secrets.OPERATOR_PASSWORD, password);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        int code = TerminalCli.run(all, new Secrets(env, null), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theFirstAdministratorMustChangeThePasswordBeforeAnythingElse() throws Exception {
        Run setup = run("Setup-Pass-1", "setup", "--admin", "admin1", "--name", "管理员一", "--second-factor-roles", "NONE",
                "--json");
        assertEquals(0, setup.code(), setup.err());
        assertTrue(new ObjectMapper().readTree(setup.out()).get("must_change_password").asBoolean());

        Run login = run("Setup-Pass-1", "login", "admin1", "--json");
        assertEquals(1, login.code());
        var answer = new ObjectMapper().readTree(login.out());
        assertEquals("MUST_CHANGE_PASSWORD", answer.get("status").asText());
        assertTrue(answer.get("message").asText().contains("terminal login admin1 --new-password"), login.out());

        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "Own-Admin-Pass9");
        Run refused = run("Setup-Pass-1", "operator", "add", "cashier1", "--name", "王收费", "--role", "CASHIER",
                "--operator", "admin1");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("choose your own password") && refused.err().contains("--new-password"),
                refused.err());

        Run change = run("Setup-Pass-1", "login", "admin1", "--new-password", "--json");
        assertEquals(0, change.code(), change.err());
        Run again = run("Own-Admin-Pass9", "login", "admin1", "--json");
        assertEquals(0, again.code(), again.err() + again.out());
        assertEquals("ADMINISTRATOR", new ObjectMapper().readTree(again.out()).get("role").asText());

        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "First-Pass-1");
        Run add = run("Own-Admin-Pass9", "operator", "add", "cashier1", "--name", "王收费", "--role", "CASHIER",
                "--operator", "admin1");
        assertEquals(0, add.code(), add.err());
    }

    /** Setup, a backup and a restore leave every file they write owner-only, in owner-only folders (umask 022 here). */
    @Test
    void setupBackupAndRestoreWriteOwnerOnlyFilesAndASecondSetupIsRefused() throws Exception {
        Run setup = run("Setup-Pass-1", "setup", "--admin", "admin1", "--name", "管理员一", "--second-factor-roles", "NONE",
                "--json");
        assertEquals(0, setup.code(), setup.err());
        var made = new ObjectMapper().readTree(setup.out());
        assertEquals(dir.resolve("station.keys.pairing").toString(), made.get("pairing").asText());
        assertEquals(32, made.get("store_id").asText().length());
        Run again = run("Setup-Pass-1", "setup", "--admin", "admin2", "--name", "管理员二");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists") && again.err().contains("setup never replaces"), again.err());

        env.put("SSCARD_NEW_OPERATOR_PASSWORD", "Own-Admin-Pass9");
        assertEquals(0, run("Setup-Pass-1", "login", "admin1", "--new-password").code());
        Path backup = dir.resolve("backups").resolve("first.ssbak");
        Run b = run("Own-Admin-Pass9", "backup", backup.toString(), "--operator", "admin1");
        assertEquals(0, b.code(), b.err());
        Files.move(dir.resolve("station.db"), dir.resolve("kept-for-analysis.db"));
        Run restore = run("", "restore", backup.toString(), "--json");
        assertEquals(0, restore.code(), restore.err());
        assertEquals(made.get("store_id").asText(), new ObjectMapper().readTree(restore.out()).get("store_id").asText());

        for (Path file : List.of(dir.resolve("station.keys"), dir.resolve("station.keys.pairing"),
                dir.resolve("station.db"), backup)) {
            assertEquals("rw-------", mode(file), file.getFileName().toString());
        }
        assertEquals("rwx------", mode(backup.getParent()), "the backup folder the station made");
    }

    private static String mode(Path p) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
