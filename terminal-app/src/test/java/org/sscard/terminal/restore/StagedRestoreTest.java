package org.sscard.terminal.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.BackupException;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;
import org.sscard.store.AuditEntry;
import org.sscard.store.Operators;
import org.sscard.store.OutboxMessage;
import org.sscard.store.OutboxState;
import org.sscard.store.PasswordHasher;
import org.sscard.store.Role;
import org.sscard.store.StationStore;
import org.sscard.store.StoreConfig;
import org.sscard.terminal.TestStation;
import org.sscard.terminal.session.AccessDeniedException;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.SessionManager;

/**
 * The administrators' restore of a backup on a running station ({@link RestoreRequests}: dual control, the check for
 * undelivered messages, staging, cancelling) and its application at the next start ({@link StagedRestore#open}: the
 * store closed and opened again on the same folder, as a restarted station does).
 */
class StagedRestoreTest {
    private static final char[] ADMIN2 = "Second-Admin-2".toCharArray();

    @TempDir
    Path dir;
    TestStation station;
    SessionManager sessions;
    RestoreRequests restores;

    @BeforeEach
    void setUp() throws Exception {
        station = new TestStation(dir);
        station.ensureAdmin();
        Operators ops = station.store.operators();
        ops.create("admin1", "admin2", "管理员二", Role.ADMINISTRATOR, "Temp-Pass-9".toCharArray());
        ops.changePassword("admin2", "Temp-Pass-9".toCharArray(), ADMIN2.clone());
        station.config = station.config.withBackupFolders(dir.resolve("backups"), null);
        sessions = new SessionManager(station.store, station.clock, Duration.ofMinutes(30));
        restores = new RestoreRequests(station.config, station.store, new Authorizer(sessions, station.store),
                station.clock);
    }

    @AfterEach
    void tearDown() {
        if (station.store != null) {
            station.store.close();
        }
    }

    private void logIn(String id, char[] password) {
        sessions.logout();
        assertTrue(sessions.login(id, password.clone()).loggedIn(), id);
    }

    private Path backup() {
        station.clock.advance(Duration.ofSeconds(1));
        return station.store.backups().backupInto("admin1", station.config.backupFolder());
    }

    private void queue(String msgid) {
        station.store.outbox().enqueue("admin1", new OutboxMessage(msgid, "test-" + msgid, "2207",
                "{}".getBytes(StandardCharsets.UTF_8), false, null, Money.ofFen(100)));
    }

    private StoreConfig storeConfig() {
        return new StoreConfig(station.config.storeFile(), station.config.deviceNumber(), TestStation.DATA_KEY, 0,
                Duration.ofSeconds(10), station.clock);
    }

    private List<AuditEntry> audited(StationStore store, String action) {
        return store.audit().after(0, action, 100);
    }

    private Path stagingFolder() {
        return dir.resolve("station.db.restore");
    }

    /** Asked by admin1, approved by admin2 on admin1's session, staged. */
    private StagedRestore.Marker stage(Path backup) {
        logIn("admin1", TestStation.ADMIN_PASSWORD);
        long id = restores.request(backup);
        return restores.approveAndStage(id, "admin2", ADMIN2.clone(), new char[0]);
    }

    /** The station stops and starts again on the same folder. */
    private StagedRestore.Opened restart() {
        sessions.logout();
        station.store.close();
        station.store = null;
        StagedRestore.Opened opened = StagedRestore.open(storeConfig(), station.module);
        station.store = opened.store();
        return opened;
    }

    @Test
    void aRestoreNeedsASecondAdministratorAndIsStagedWithItsMarker() throws Exception {
        Path backup = backup();
        logIn("admin1", TestStation.ADMIN_PASSWORD);
        long id = restores.request(backup);
        assertEquals(Problem.of(Reason.RESTORE_TWO_ADMINISTRATORS, "admin1", String.valueOf(id)),
                assertThrows(AccessDeniedException.class, () -> restores.approve(id), "not by the one who asked")
                        .problem());
        assertEquals(Problem.of(Reason.RESTORE_NOT_APPROVED, String.valueOf(id), "PENDING"), assertThrows(
                AccessDeniedException.class, () -> restores.stage(id), "not before a second administrator approved")
                .problem());
        assertFalse(Files.exists(stagingFolder()));

        logIn("admin2", ADMIN2);
        assertEquals(Operators.ApprovalState.APPROVED, restores.approve(id).state());
        logIn("admin1", TestStation.ADMIN_PASSWORD);
        StagedRestore.Marker m = restores.stage(id);
        assertEquals(backup.getFileName().toString(), m.backup());
        assertEquals("admin1", m.requestedBy());
        assertEquals("admin2", m.approvedBy());
        assertEquals(id, m.approval());
        assertArrayEquals(Files.readAllBytes(backup), Files.readAllBytes(stagingFolder().resolve(m.backup())),
                "the backup copied beside the store");
        assertEquals(m, restores.staged().orElseThrow(), "the marker read back");
        AuditEntry staged = audited(station.store, StagedRestore.STAGED).get(0);
        assertEquals("admin1", staged.operator());
        assertTrue(staged.detail().contains("approved by admin2 (approval #" + id + ")"), staged.detail());
        assertThrows(RuntimeException.class, () -> restores.stage(id), "an approval is used once");
        assertTrue(restores.open().isEmpty());

        restores.cancelStaged();
        assertTrue(restores.staged().isEmpty());
        assertFalse(Files.exists(stagingFolder()));
        assertEquals(Problem.of(Reason.RESTORE_NOTHING_STAGED),
                BackupProblems.of(assertThrows(BackupException.class, restores::cancelStaged)));
        assertEquals(1, audited(station.store, StagedRestore.CANCELLED).size());
        assertTrue(Files.exists(backup), "the backup itself stays");
    }

    @Test
    void aWrongPasswordOfTheSecondAdministratorStagesNothing() {
        Path backup = backup();
        logIn("admin1", TestStation.ADMIN_PASSWORD);
        long id = restores.request(backup);
        assertThrows(AccessDeniedException.class,
                () -> restores.approveAndStage(id, "admin2", "Wrong-Pass-1".toCharArray(), new char[0]));
        assertThrows(AccessDeniedException.class,
                () -> restores.approveAndStage(id, "admin1", TestStation.ADMIN_PASSWORD.clone(), new char[0]),
                "the one who asked is not a second administrator");
        assertFalse(Files.exists(stagingFolder()));
        assertEquals(Operators.ApprovalState.PENDING, restores.open().get(0).state());
        assertEquals("admin2", restores.approveAndStage(id, "admin2", ADMIN2.clone(), new char[0]).approvedBy());
    }

    @Test
    void undeliveredMessagesTheBackupLacksRefuseTheRestore() {
        queue("IN-BACKUP");
        Path backup = backup();
        logIn("admin1", TestStation.ADMIN_PASSWORD);
        long id = restores.request(backup);
        assertTrue(id > 0, "a queued message the backup holds too is no obstacle");

        queue("AFTER-BACKUP");
        RestoreRefusedException refused = assertThrows(RestoreRefusedException.class,
                () -> restores.approveAndStage(id, "admin2", ADMIN2.clone(), new char[0]));
        assertEquals(1, refused.undelivered());
        assertEquals(Problem.of(Reason.RESTORE_LOSES_MESSAGES, 1), BackupProblems.of(refused));
        assertFalse(Files.exists(stagingFolder()), "nothing staged");
        assertThrows(RestoreRefusedException.class, () -> restores.request(backup), "refused when asked, too");

        station.store.outbox().claimNext("test-AFTER-BACKUP");
        station.store.outbox().markUnknown("AFTER-BACKUP", "no answer");
        assertThrows(RestoreRefusedException.class, () -> restores.request(backup), "an unknown outcome counts");
    }

    @Test
    void theNextStartAppliesTheStagedRestoreAndKeepsTheStoreBeforeIt() throws Exception {
        queue("DELIVERED-LATER");
        Path backup = backup();
        station.store.outbox().claimNext("test-DELIVERED-LATER");
        station.store.outbox().markDone("DELIVERED-LATER", "{}".getBytes(StandardCharsets.UTF_8));
        station.store.operators().create("admin1", "later", "后来的收费员", Role.CASHIER, "Cash-Pass-3".toCharArray());
        StagedRestore.Marker m = stage(backup);

        StagedRestore.Opened opened = restart();
        StagedRestore.Applied applied = assertInstanceOf(StagedRestore.Applied.class, opened.restore().orElseThrow());
        assertEquals(m, applied.marker());
        StationStore restored = opened.store();
        assertTrue(restored.operators().find("later").isEmpty(), "the store is the backup's");
        assertEquals(OutboxState.QUEUED, restored.outbox().find("DELIVERED-LATER").orElseThrow().state(),
                "as the backup held it: forwarded again, the central service answers it once");
        AuditEntry entry = audited(restored, StagedRestore.APPLIED).get(0);
        assertTrue(entry.detail().contains("asked by admin1, approved by admin2")
                && entry.detail().contains(applied.kept().getFileName().toString()), entry.detail());
        assertFalse(Files.exists(stagingFolder()), "the staged copy is gone once applied");

        assertTrue(applied.kept().getFileName().toString().startsWith("station.db.before-restore-"));
        try (StationStore kept = StationStore.open(storeConfig().withFile(applied.kept()), station.module,
                PasswordHasher.FAST_FOR_TESTS)) {
            assertTrue(kept.operators().find("later").isPresent(), "the store before the restore is kept whole");
        }
        assertTrue(restart().restore().isEmpty(), "applied once");
    }

    @Test
    void aMessageQueuedAfterStagingStopsTheRestoreAtTheStartAndTheStoreIsKept() throws Exception {
        Path backup = backup();
        stage(backup);
        queue("AFTER-STAGING");

        StagedRestore.Opened opened = restart();
        StagedRestore.Failed failed = assertInstanceOf(StagedRestore.Failed.class, opened.restore().orElseThrow());
        assertTrue(failed.reason().contains("1 message(s) not yet delivered"), failed.reason());
        assertEquals(OutboxState.QUEUED, opened.store().outbox().find("AFTER-STAGING").orElseThrow().state(),
                "the station started on its own store");
        assertEquals(1, audited(opened.store(), StagedRestore.FAILED).size());
        assertNoKeptStore();
        StagedRestore.Marker marked = new StagedRestore(station.config.storeFile()).marker().orElseThrow();
        assertTrue(marked.failedAt() != null && marked.failure().contains("not yet delivered"), marked.toString());

        assertTrue(restart().restore().isEmpty(), "a failed restore is not tried again at every start");
        sessions = new SessionManager(station.store, station.clock, Duration.ofMinutes(30));
        restores = new RestoreRequests(station.config, station.store, new Authorizer(sessions, station.store),
                station.clock);
        logIn("admin1", TestStation.ADMIN_PASSWORD);
        restores.cancelStaged();
        assertTrue(restores.staged().isEmpty());
    }

    @Test
    void aStagedCopyDamagedBeforeTheStartIsRefusedAndTheStoreKept() throws Exception {
        Path backup = backup();
        StagedRestore.Marker m = stage(backup);
        station.store.operators().create("admin1", "later", "后来的收费员", Role.CASHIER, "Cash-Pass-3".toCharArray());
        Path copy = stagingFolder().resolve(m.backup());
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(copy, bytes);

        StagedRestore.Opened opened = restart();
        StagedRestore.Failed failed = assertInstanceOf(StagedRestore.Failed.class, opened.restore().orElseThrow());
        assertTrue(failed.reason().contains("damaged"), failed.reason());
        assertTrue(opened.store().operators().find("later").isPresent(), "the current store, unchanged");
        assertNoKeptStore();
    }

    private void assertNoKeptStore() throws Exception {
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("before-restore")),
                    "nothing moved aside");
        }
    }
}
