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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.protocol.CardService;
import org.sscard.protocol.Transaction;
import org.sscard.store.Operators;
import org.sscard.store.OutboxMessage;
import org.sscard.store.Role;
import org.sscard.terminal.FakeCentral;
import org.sscard.terminal.Station;
import org.sscard.terminal.StationInstance;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.link.CentralLink;
import org.sscard.terminal.link.Enrolment;
import org.sscard.terminal.link.Opter;
import org.sscard.terminal.link.PreparedMessage;
import org.sscard.values.Money;

class TerminalCliTest {
    private static final String PASS = "Station-Keys-1";

    @TempDir
    Path dir;
    MockWebServer server;
    FakeCentral central;
    Path config;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        TestStation tls = new TestStation(Files.createDirectories(dir.resolve("tls")));
        tls.close();
        Files.copy(tls.caFile, dir.resolve("ca.pem"));
        SoftwareSecurityModule keys = SoftwareSecurityModule.create(dir.resolve("station.keys"), PASS.toCharArray(),
                KdfParameters.FAST_FOR_TESTS);
        keys.generateLocalKey(KeyRef.local(KeyType.DATA, "440106", 1));
        server = new MockWebServer();
        tls.useHttps(server);
        central = new FakeCentral(null);
        server.setDispatcher(central);
        server.start();
        config = dir.resolve("station.properties");
        Files.writeString(config, String.join("\n", "institution.code=H44010600001", "institution.name=测试药店",
                "institution.level=1", "region.mdtrtarea_admvs=440106", "device.number=DEV-0009",
                "central.url=https://localhost:" + server.getPort(), "central.ca-file=ca.pem",
                "central.recer-sys-code=GDYB", "keystore.path=station.keys", "store.path=station.db", ""),
                StandardCharsets.UTF_8);
        env.put(Secrets.KEYSTORE_PASSPHRASE, PASS);
        try (Station s = Station.create(StationConfigLoader.load(config), PASS.toCharArray())) {
            Operators ops = s.store().operators();
            ops.create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR, "Admin-Pass-1".toCharArray());
            ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
            ops.create("admin1", "sup1", "值班长", Role.SUPERVISOR, "Temp-Pass-9".toCharArray());
            ops.create("admin1", "aud1", "审计员", Role.AUDITOR, "Temp-Pass-9".toCharArray());
            for (String id : List.of("admin2", "sup1", "aud1")) {
                ops.changePassword(id, "Temp-Pass-9".toCharArray(), "Own-Pass-77".toCharArray());
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
    }

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
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
    void aStationsFirstDay() throws Exception {
        Run login = run("Admin-Pass-1", "login", "admin1", "--json");
        assertEquals(0, login.code(), login.err());
        assertEquals("ADMINISTRATOR", login.json().get("role").asText());
        Run wrong = run("Wrong-Pass-1", "login", "sup1");
        assertEquals(1, wrong.code());
        assertTrue(wrong.out().contains("tries left"), wrong.out());

        long approval;
        try (Station s = Station.open(StationConfigLoader.load(config), PASS.toCharArray())) {
            approval = s.store().operators().requestApproval("admin1", Enrolment.APPROVAL_ACTION,
                    Enrolment.approvalSubject(s.config()));
            s.store().operators().decide("admin2", approval, true);
        }
        env.put(Secrets.ONE_TIME_CODE, "123456");
        Run enrol = run("Admin-Pass-1", "enrol", "--operator", "admin1", "--approval", Long.toString(approval), "--json");
        assertEquals(0, enrol.code(), enrol.err());
        assertTrue(enrol.json().get("enrolled").asBoolean());

        String msgid;
        try (Station s = Station.open(StationConfigLoader.load(config), PASS.toCharArray())) {
            s.store().signIns().record(new org.sscard.store.SignIns.SignIn("SN0001", "setup", "setup", "-", "-", java.time.Instant.EPOCH));
            PreparedMessage m = s.link().prepare(Transaction.OFFLINE_DEBITS, new CardService.OfflineDebits(List.of(
                    new CardService.OfflineDebit("0000000000A1", 1L, "A12345674", "440106D1560000050102030405060708", 1L,
                            "2025-03-14 09:40:00", Money.parse("12.00"), Money.parse("88.00"), "1A2B3C4D"))),
                    new Opter("P001", "李药师"));
            msgid = m.msgid();
            s.store().outbox().enqueue("P001", new OutboxMessage(m.msgid(), "offline-debit", m.infno(), m.body(), true,
                    "440106D1560000050102030405060708", Money.ofFen(1200)));
        }
        central.acceptStationKeyFrom(config.getParent().resolve("station.keys"), PASS);
        Run status = run("Own-Pass-77", "offline", "status", "--operator", "sup1", "--json");
        assertEquals(0, status.code(), status.err());
        assertEquals("ONLINE", status.json().get("link").asText());
        assertEquals(1, status.json().get("outbox").get("QUEUED").asInt());

        central.warnMsg = "该卡本月脱机消费较多，请核实";
        Run forward = run("Own-Pass-77", "forward", "--operator", "sup1", "--json");
        assertEquals(0, forward.code(), forward.err() + forward.out());
        assertEquals(1, forward.json().get("delivered").asInt());
        assertTrue(forward.err().contains("warning: 该卡本月脱机消费较多，请核实"), forward.err());
        central.warnMsg = null;
        assertEquals(msgid, central.seen().get(0).msgid());

        Run denied = run("Own-Pass-77", "audit", "verify", "--operator", "sup1");
        assertEquals(1, denied.code());
        assertTrue(denied.err().contains("may not verify the audit log"), denied.err());
        Run verify = run("Own-Pass-77", "audit", "verify", "--operator", "aud1", "--json");
        assertEquals(0, verify.code(), verify.err());
        assertTrue(verify.json().get("intact").asBoolean());

        Path backup = dir.resolve("day1.ssbak");
        Run b = run("Admin-Pass-1", "backup", backup.toString(), "--operator", "admin1", "--json");
        assertEquals(0, b.code(), b.err());
        Files.writeString(config, Files.readString(config).replace("store.path=station.db", "store.path=restored.db"));
        Run restore = run("", "restore", backup.toString(), "--json");
        assertEquals(0, restore.code(), restore.err());
        assertEquals("DEV-0009", restore.json().get("station").asText());
        assertTrue(restore.json().get("audit_intact").asBoolean());
        assertEquals(1, restore.json().get("outbox").get("DONE").asInt());
    }

    @Test
    void aDeletedOrEmptiedStoreIsRefusedByEveryCommandUntilABackupIsRestored() throws Exception {
        Path backup = dir.resolve("backups").resolve("day1.ssbak");
        assertEquals(0, run("Admin-Pass-1", "backup", backup.toString(), "--operator", "admin1").code());
        Path store = dir.resolve("station.db");
        Files.delete(store);
        Run deleted = run("Admin-Pass-1", "login", "admin1");
        assertEquals(1, deleted.code());
        assertTrue(deleted.err().contains("does not exist") && deleted.err().contains("terminal restore"), deleted.err());
        assertFalse(deleted.err().contains("wrong operator id or password"), deleted.err());
        assertFalse(Files.exists(store), "no new, empty store");
        Run setup = run("Admin-Pass-1", "setup", "--admin", "admin9", "--name", "新管理员");
        assertEquals(1, setup.code());
        assertTrue(setup.err().contains("paired with station database"), setup.err());
        assertFalse(Files.exists(store));

        Files.write(store, new byte[0]);
        Run emptied = run("Own-Pass-77", "offline", "status", "--operator", "sup1");
        assertEquals(1, emptied.code());
        assertTrue(emptied.err().contains("is empty (0 bytes)"), emptied.err());
        assertEquals(0, Files.size(store), "left as it was");

        Run restore = run("", "restore", backup.toString(), "--json");
        assertEquals(0, restore.code(), restore.err());
        assertEquals(0, run("Admin-Pass-1", "login", "admin1").code(), "the restored store opens with the same key store");
    }

    @Test
    void commandsShareTheStoreWithTheRunningStationButARestoreWaitsUntilItEnds() throws Exception {
        Path backup = dir.resolve("backups").resolve("day1.ssbak");
        assertEquals(0, run("Admin-Pass-1", "backup", backup.toString(), "--operator", "admin1").code());
        Path store = dir.resolve("station.db");
        StationInstance station = ((StationInstance.Claimed) StationInstance.claim(store, java.time.Duration.ZERO))
                .instance();
        try {
            Run status = run("Own-Pass-77", "offline", "status", "--operator", "sup1");
            assertEquals(0, status.code(), "a command beside the running station: " + status.err());
            Files.delete(store);
            Run refused = run("", "restore", backup.toString(), "--json");
            assertEquals(1, refused.code());
            assertTrue(refused.err().contains("station program is running") && refused.err().contains("backup screen"),
                    refused.err());
            assertFalse(Files.exists(store), "nothing restored under the running station");
        } finally {
            station.close();
        }
        Run restore = run("", "restore", backup.toString(), "--json");
        assertEquals(0, restore.code(), restore.err());
    }

    @Test
    void auditVerifyRunsTheFullIntegrityCheck() throws Exception {
        Run clean = run("Own-Pass-77", "audit", "verify", "--operator", "aud1", "--json");
        assertEquals(0, clean.code(), clean.err());
        assertEquals("ok", clean.json().get("database_integrity").asText());
        Path store = dir.resolve("station.db");
        long root;
        int pageSize;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store);
             java.sql.Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_operator_1'");
            assertTrue(rs.next());
            root = rs.getLong(1);
            rs.close();
            rs = s.executeQuery("PRAGMA page_size");
            rs.next();
            pageSize = rs.getInt(1);
            rs.close();
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(store.toFile(), "rw")) {
            long at = root * pageSize - 3;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        Run damaged = run("Own-Pass-77", "audit", "verify", "--operator", "aud1", "--json");
        assertEquals(4, damaged.code(), damaged.err() + damaged.out());
        assertTrue(damaged.json().get("intact").asBoolean(), "the audit chain itself is intact");
        String finding = damaged.json().get("database_integrity").asText();
        assertTrue(finding.contains("integrity check reports") && finding.contains("terminal restore"), finding);
    }

    @Test
    void aBadConfigurationNamesTheSetting() throws Exception {
        Files.writeString(config, Files.readString(config).replace("https://", "http://"));
        Run r = run("x", "offline", "status", "--operator", "sup1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("central.url: must be https unless central.allow-insecure-http=true"), r.err());
    }
}
