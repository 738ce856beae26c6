package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.SoftwareSecurityModule;

class BackupTest {
    static final String CARD = "440106D1560000050102030405060708";
    @TempDir
    Path dir;
    SoftwareSecurityModule module;
    Fixtures.TestClock clock;
    Path backup;

    @BeforeEach
    void makeBackup() {
        module = Fixtures.module();
        clock = new Fixtures.TestClock();
        backup = dir.resolve("station.ssbak");
        try (StationStore store = Fixtures.open(dir.resolve("old.db"), module, clock)) {
            store.outbox().enqueue("c", Fixtures.message("M1", "s", 100));
            store.outbox().enqueue("c", Fixtures.message("M2", "s", 200));
            store.outbox().claimNext("s").orElseThrow();
            store.outbox().markDone("M1", "ok".getBytes(StandardCharsets.UTF_8));
            store.holders().put("clerk", new CardHolders.Holder(CARD, "A1234567X", "张三", "110101199001011234", "1", "19900101"));
            store.blacklist().replaceAll(7, List.of(new Blacklist.Entry("440106D156000005AAAAAAAAAAAAAAAA", "B0000001X", "lost")));
            store.backups().backup("admin", backup);
            assertTrue(store.audit().verify().intact());
        }
    }

    @Test
    void backupIsEncryptedAndRestoresOnAFreshStationWithVerification() throws Exception {
        String content = new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1);
        assertTrue(content.startsWith("SSCBAK01"));
        assertFalse(content.contains("B0000001X"), "the database inside is sealed");
        assertFalse(content.contains("SQLite format 3"));

        Path fresh = dir.resolve("new-station").resolve("station.db");
        Files.createDirectories(fresh.getParent());
        RestoreReport report = Backups.restore(backup, Fixtures.config(fresh, clock), module);
        assertEquals("ok", report.integrityCheck());
        assertTrue(report.audit().intact());
        assertEquals(1L, report.outboxCounts().get(OutboxState.DONE));
        assertEquals(1L, report.outboxCounts().get(OutboxState.QUEUED));
        assertEquals(Fixtures.STATION, report.stationId());
        assertEquals(Migrations.LATEST, report.schemaVersion());

        try (StationStore restored = Fixtures.open(fresh, module, clock)) {
            assertEquals(OutboxState.DONE, restored.outbox().find("M1").orElseThrow().state());
            assertEquals("M2", restored.outbox().claimNext("s").orElseThrow().msgid());
            assertEquals("张三", restored.holders().byCard("clerk", CardIdentificationCode.ofHex(CARD)).orElseThrow().name());
            assertEquals(CARD, restored.holders().byCardNumber("clerk", "A1234567X").get(0).cardId());
            assertEquals(7, restored.blacklist().status().version());
            assertTrue(restored.audit().verify().intact());
            assertEquals(1, restored.audit().query("auditor", java.time.Instant.EPOCH, clock.instant().plusSeconds(1),
                    "backup.restore", 10).size());
        }
    }

    @Test
    void verificationListsTheBackupsMessagesAndAClosedStoreMovesWhole() throws Exception {
        Path old = dir.resolve("old.db");
        Backups.Verification v = Backups.verify(backup, Fixtures.config(old, clock), module);
        assertEquals(java.util.Set.of("M1", "M2"), v.msgids());
        try (StationStore store = Fixtures.open(old, module, clock)) {
            store.outbox().enqueue("c", Fixtures.message("M3", "s3", 300));
            assertEquals(java.util.Set.of("M2", "M3"), store.outbox().undeliveredMsgids(), "queued or in flight, not done");
            assertEquals(java.util.Set.of("M1", "M2", "M3"), store.outbox().msgids());
        }
        Path kept = dir.resolve("kept.db");
        Files.writeString(dir.resolve("kept.db.recovery"), "in the way");
        assertThrows(java.io.IOException.class, () -> StationStore.moveClosed(old, kept), "never over another store");
        assertTrue(Files.exists(old), "nothing moved");
        Files.delete(dir.resolve("kept.db.recovery"));
        StationStore.moveClosed(old, kept);
        assertFalse(Files.exists(old) || Files.exists(dir.resolve("old.db.recovery")));
        try (StationStore moved = Fixtures.open(kept, module, clock)) {
            assertEquals(OutboxState.QUEUED, moved.outbox().find("M3").orElseThrow().state(), "opens where it went");
        }
        StationStore.deleteClosed(kept);
        assertFalse(Files.exists(kept) || Files.exists(dir.resolve("kept.db.recovery")));
    }

    @Test
    void aBackupThatCannotBeWrittenNamesItsFileAndFolder() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        try (StationStore store = Fixtures.open(dir.resolve("old.db"), module, clock)) {
            BackupException e = assertThrows(BackupException.class,
                    () -> store.backups().backup("admin", notAFolder.resolve("b.ssbak")));
            assertEquals(BackupException.Failure.NOT_WRITTEN, e.failure());
            assertEquals(List.of("b.ssbak", notAFolder.toAbsolutePath().toString()), e.args().subList(0, 2));
        }
    }

    @Test
    void aFullDiskAndAFolderTheStationMayNotWriteAreNamedAsSuch() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "no /dev/full on this machine");
        IOException enospc = assertThrows(IOException.class, () -> Files.write(full, new byte[1]));
        assertEquals(BackupException.Failure.DISK_FULL, Backups.writeFailure(enospc), enospc.getMessage());
        assertEquals(BackupException.Failure.NO_PERMISSION,
                Backups.writeFailure(new java.nio.file.AccessDeniedException(dir.resolve("b.ssbak").toString())));
        assertEquals(BackupException.Failure.NOT_WRITTEN, Backups.writeFailure(new IOException("Input/output error")));
    }

    @Test
    void restoreRefusesAnExistingDatabase() {
        BackupException e = assertThrows(BackupException.class,
                () -> Backups.restore(backup, Fixtures.config(dir.resolve("old.db"), clock), module));
        assertTrue(e.getMessage().contains("restore never replaces one"), e.getMessage());
        assertEquals(BackupException.Failure.STORE_EXISTS, e.failure());
        assertEquals(List.of(dir.resolve("old.db").toString()), e.args());
    }

    @Test
    void corruptBackupIsRefusedAndNothingIsWritten() throws Exception {
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 0x01;
        Path corrupt = dir.resolve("corrupt.ssbak");
        Files.write(corrupt, bytes);
        Path target = dir.resolve("t.db");
        BackupException e = assertThrows(BackupException.class, () -> Backups.restore(corrupt, Fixtures.config(target, clock), module));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertEquals(BackupException.Failure.DAMAGED, e.failure());
        assertFalse(Files.exists(target));

        Files.write(corrupt, "SQLite format 3\0 not a backup".getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(BackupException.class, () -> Backups.restore(corrupt, Fixtures.config(target, clock), module));
        assertTrue(e.getMessage().contains("not a station backup"), e.getMessage());
        assertEquals(BackupException.Failure.NOT_A_BACKUP, e.failure());
        assertFalse(Files.exists(target));
    }

    @Test
    void foreignBackupIsRefused() {
        Path target = dir.resolve("t.db");
        SoftwareSecurityModule otherStation = Fixtures.module();
        BackupException e = assertThrows(BackupException.class, () -> Backups.restore(backup, Fixtures.config(target, clock), otherStation));
        assertTrue(e.getMessage().contains("another data key"), e.getMessage());
        assertEquals(BackupException.Failure.OTHER_KEY, e.failure());
        assertFalse(Files.exists(target));

        SoftwareSecurityModule noKey = SoftwareSecurityModule.inMemory();
        e = assertThrows(BackupException.class, () -> Backups.restore(backup, Fixtures.config(target, clock), noKey));
        assertTrue(e.getMessage().contains("key store the backup was made with"), e.getMessage());
        assertEquals(BackupException.Failure.KEY_MISSING, e.failure());
    }

    @Test
    void dailyBackupRunsOncePerDayAndKeepsTheNewest() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("daily"));
        try (StationStore store = Fixtures.open(dir.resolve("old.db"), module, clock)) {
            clock.advance(Duration.ofDays(1));
            Optional<Path> first = store.backups().backupIfDue(folder, 2);
            assertTrue(first.isPresent());
            clock.advance(Duration.ofHours(1));
            assertTrue(store.backups().backupIfDue(folder, 2).isEmpty(), "one backup a day");
            for (int day = 0; day < 3; day++) {
                clock.advance(Duration.ofDays(1));
                assertTrue(store.backups().backupIfDue(folder, 2).isPresent());
            }
            try (var files = Files.list(folder)) {
                assertEquals(2, files.filter(p -> p.toString().endsWith(Backups.SUFFIX)).count());
            }
        }
    }

    @Test
    void verificationChecksABackupInAScratchFileAndLeavesTheStationAlone() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("verified"));
        try (StationStore store = Fixtures.open(dir.resolve("old.db"), module, clock)) {
            long auditBefore = store.audit().verify().headSeq();
            Path made = store.backups().backupInto("admin", folder);
            Backups.Verification v = store.backups().verify(made);
            assertTrue(v.audit().intact());
            assertEquals(Fixtures.STATION, v.stationId());
            assertEquals(1L, v.outboxCounts().get(OutboxState.QUEUED));
            assertEquals(auditBefore + 1, store.audit().verify().headSeq(), "only the backup itself is audited");
            try (var left = Files.list(dir)) {
                assertFalse(left.anyMatch(p -> p.getFileName().toString().contains(".verify.tmp")), "scratch removed");
            }
            byte[] bytes = Files.readAllBytes(made);
            bytes[bytes.length / 2] ^= 1;
            Path damaged = folder.resolve("damaged.ssbak");
            Files.write(damaged, bytes);
            BackupException e = assertThrows(BackupException.class, () -> store.backups().verify(damaged));
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    @Test
    void retentionRemovesBackupsOlderThanTheCutoffButNeverTheNewest() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("kept"));
        try (StationStore store = Fixtures.open(dir.resolve("old.db"), module, clock)) {
            Path first = store.backups().backupInto("system", folder);
            clock.advance(Duration.ofDays(3));
            Path second = store.backups().backupInto("system", folder);
            Files.writeString(folder.resolve("notes.txt"), "not a backup");
            List<Backups.BackupFile> listed = store.backups().list(folder);
            assertEquals(List.of(second, first), listed.stream().map(Backups.BackupFile::file).toList(), "newest first");
            assertEquals(List.of(first), store.backups().removeOlderThan(folder, clock.instant().minus(Duration.ofDays(1))));
            assertEquals(List.of(), store.backups().removeOlderThan(folder, clock.instant().plus(Duration.ofDays(1))),
                    "the newest backup stays whatever its age");
            assertTrue(Files.exists(second));
            assertTrue(Files.exists(folder.resolve("notes.txt")));
        }
    }
}
