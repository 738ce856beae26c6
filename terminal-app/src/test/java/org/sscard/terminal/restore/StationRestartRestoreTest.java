package org.sscard.terminal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.Operators;
import org.sscard.store.Role;
import org.sscard.terminal.Station;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.config.StationConfigLoader;
import org.sscard.terminal.session.AccessDeniedException;

/**
 * A station set up in a temporary folder as {@code terminal setup} leaves it (station file, key store and its pairing
 * record, store), whose administrators stage a restore of its backup; the station program is then started again
 * ({@link Station#start}) and comes up on the backup, paired, with the store before it kept beside it.
 */
class StationRestartRestoreTest {
    private static final String PASSPHRASE = "Station-Keys-1";

    @TempDir
    Path dir;

    @Test
    void theStationStartedAgainRunsOnTheStagedBackup() throws Exception {
        SoftwareSecurityModule keys = SoftwareSecurityModule.create(dir.resolve("station.keys"), PASSPHRASE.toCharArray(),
                KdfParameters.FAST_FOR_TESTS);
        keys.generateLocalKey(KeyRef.local(KeyType.DATA, "440106", 1));
        Files.createDirectories(dir.resolve("data"));
        Path file = dir.resolve("station.properties");
        Files.writeString(file, String.join("\n", "institution.code=H44010600001", "institution.name=广州市第一人民医院",
                "institution.level=2", "region.mdtrtarea_admvs=440106", "region.insuplc_admdvs=440100",
                "device.number=DEV-0001", "central.url=http://localhost:1", "central.allow-insecure-http=true", "central.recer-sys-code=GDYB",
                "keystore.path=station.keys", "store.path=data/station.db", ""), StandardCharsets.UTF_8);
        StationConfig config = StationConfigLoader.load(file);
        String backup;
        try (Station s = Station.create(config, PASSPHRASE.toCharArray())) {
            Operators ops = s.store().operators();
            ops.create(Operators.SETUP, "admin1", "管理员一", Role.ADMINISTRATOR, "Admin-Pass-1".toCharArray());
            ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
            ops.changePassword("admin2", "Temp-Pass-9".toCharArray(), "Second-Admin-2".toCharArray());
            backup = s.store().backups().backupInto("admin1", config.backupFolder()).getFileName().toString();
            ops.create("admin1", "later", "后来的收费员", Role.CASHIER, "Cash-Pass-3".toCharArray());
            assertTrue(s.sessions().login("admin1", "Admin-Pass-1".toCharArray()).loggedIn());
            RestoreRequests restores = new RestoreRequests(config, s.store(), s.authorizer(), Clock.systemDefaultZone());
            long id = restores.request(config.backupFolder().resolve(backup));
            try {
                restores.approve(id);
            } catch (AccessDeniedException expected) {
                // admin1 asked: a second administrator approves, here on admin1's session
            }
            restores.approveAndStage(id, "admin2", "Second-Admin-2".toCharArray(), new char[0]);
        }

        try (Station s = Station.start(config, PASSPHRASE.toCharArray(), () -> {
            throw new AssertionError("no PSAM: no readers asked for");
        })) {
            StagedRestore.Applied applied = assertInstanceOf(StagedRestore.Applied.class,
                    s.restoreAtStart().orElseThrow());
            assertEquals(backup, applied.marker().backup());
            assertTrue(s.store().operators().find("later").isEmpty(), "the station runs on the backup");
            assertEquals(1, s.store().audit().after(0, StagedRestore.APPLIED, 10).size());
            assertTrue(Files.exists(applied.kept()), "the store before the restore, kept");
            assertEquals(config.storeFile().getParent(), applied.kept().getParent());
        }
        try (Station s = Station.open(config, PASSPHRASE.toCharArray())) {
            assertTrue(s.restoreAtStart().isEmpty());
            assertTrue(s.sessions().login("admin2", "Second-Admin-2".toCharArray()).loggedIn(),
                    "the restored store opens again, paired with the key store");
        }
        try (var files = Files.list(config.storeFile().getParent())) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.contains("station.db.restore"), names.toString());
        }
    }
}
