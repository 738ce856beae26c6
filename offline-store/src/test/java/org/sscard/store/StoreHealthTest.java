package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.Sm3;
import org.sscard.store.StoreRefusedException.Reason;

/**
 * A store that is missing, empty, cut short, damaged, another station's or another store than the key store's pairing
 * record names is refused with a message that says so and points to the restore; the file is left exactly as it was,
 * and no new file is made. Only {@code create} makes a store; restore re-pairs the key store with what it restores.
 */
class StoreHealthTest {
    @TempDir
    Path dir;
    SoftwareSecurityModule module;
    Fixtures.TestClock clock;
    Path file;
    Path pairing;

    @BeforeEach
    void setUp() {
        module = Fixtures.module();
        clock = new Fixtures.TestClock();
        file = dir.resolve("station.db");
        pairing = dir.resolve("station.keys.pairing");
    }

    private StoreConfig config() {
        return Fixtures.config(file, clock).withPairing(pairing);
    }

    /** A store made as setup makes it, with 60 outbox messages (several pages), closed (no WAL left). */
    private void setUpStation() {
        try (StationStore store = StationStore.create(config(), module, PasswordHasher.FAST_FOR_TESTS)) {
            for (int i = 0; i < 60; i++) {
                store.outbox().enqueue("cashier", Fixtures.message("H44010600001-" + String.format("%06d", i), "settle", 100 + i));
            }
        }
        assertFalse(Files.exists(file.resolveSibling("station.db-wal")), "closed: the WAL is checkpointed away");
    }

    private StoreRefusedException refused(Reason reason, String... phrases) {
        StoreRefusedException e = assertThrows(StoreRefusedException.class,
                () -> StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS));
        assertEquals(reason, e.reason(), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "'" + phrase + "' in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("SQL State"), e.getMessage());
        return e;
    }

    @Test
    void aDeletedStoreIsRefusedAndNoNewFileIsMade() throws IOException {
        setUpStation();
        Files.delete(file);
        refused(Reason.MISSING, file.toString(), "does not exist", "terminal restore");
        assertFalse(Files.exists(file), "no empty store made in its place");
        StoreRefusedException setup = assertThrows(StoreRefusedException.class,
                () -> StationStore.create(config(), module, PasswordHasher.FAST_FOR_TESTS));
        assertEquals(Reason.ALREADY_SET_UP, setup.reason());
        assertTrue(setup.getMessage().contains("paired with station database") && setup.getMessage().contains("terminal restore"),
                setup.getMessage());
        assertFalse(Files.exists(file), "setup does not make a store while the key store is paired with another");
    }

    @Test
    void anEmptiedStoreIsRefusedAndLeftAtZeroBytes() throws IOException {
        setUpStation();
        Files.write(file, new byte[0]);
        refused(Reason.EMPTY, "is empty (0 bytes)", "terminal restore", "Do not run 'terminal setup'");
        assertEquals(0, Files.size(file));
        assertEquals(Reason.ALREADY_SET_UP, assertThrows(StoreRefusedException.class,
                () -> StationStore.create(config(), module, PasswordHasher.FAST_FOR_TESTS)).reason());
    }

    @Test
    void aHalfTruncatedStoreIsRefusedAsCutShort() throws IOException {
        setUpStation();
        byte[] whole = Files.readAllBytes(file);
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        Files.write(file, half);
        refused(Reason.DAMAGED, "is cut short", "holds " + half.length + " bytes", "its header records " + whole.length,
                "terminal restore");
        assertArrayEquals(half, Files.readAllBytes(file), "the file is left as it was");
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused() throws IOException {
        setUpStation();
        Files.writeString(file, "this is a text file that someone saved over the station database, long enough ".repeat(3));
        byte[] before = Files.readAllBytes(file);
        refused(Reason.NOT_A_DATABASE, "not an SQLite database");
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void anotherStationsStoreIsRefused() throws IOException {
        Path other = dir.resolve("other.db");
        try (StationStore s = StationStore.create(Fixtures.config(other, clock), Fixtures.module(), PasswordHasher.FAST_FOR_TESTS)) {
            s.outbox().enqueue("cashier", Fixtures.message("H44010600001-000001", "settle", 1));
        }
        setUpStation();
        Files.delete(file);
        Files.copy(other, file);
        byte[] before = Files.readAllBytes(file);
        refused(Reason.OTHER_STATION, "does not belong to this station's key store", "another station's database",
                "terminal restore");
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aStoreOfAnotherIdentityUnderTheSameKeyIsRefused() throws IOException {
        Path other = dir.resolve("other.db");
        String otherId;
        try (StationStore s = StationStore.create(Fixtures.config(other, clock).withPairing(dir.resolve("copy.pairing")),
                module, PasswordHasher.FAST_FOR_TESTS)) {
            otherId = s.storeId();
        }
        setUpStation();
        String ownId;
        try (StationStore s = StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS)) {
            ownId = s.storeId();
        }
        assertFalse(ownId.equals(otherId));
        Files.move(file, dir.resolve("own.db"));
        Files.copy(other, file);
        byte[] before = Files.readAllBytes(file);
        refused(Reason.OTHER_STORE, "is not the one this key store belongs to", ownId, otherId, "terminal restore");
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aDamagedTablePageIsRefusedAtOpening() throws Exception {
        setUpStation();
        long page = rootPage("table", "outbox");
        flip(page, 0, (byte) 0x00); // the b-tree page type
        byte[] before = Files.readAllBytes(file);
        refused(Reason.DAMAGED, "is damaged", "terminal restore");
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void flippedBytesInAnIndexAreCaughtByTheIntegrityCheckAndTheBackupIsRefused() throws Exception {
        setUpStation();
        long page = rootPage("index", "sqlite_autoindex_outbox_1");
        int pageSize = pageSize();
        flipTail(page, pageSize);
        try (StationStore store = StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS)) {
            assertTrue(store.audit().verify().intact(), "the audit chain does not see it");
            StoreRefusedException e = assertThrows(StoreRefusedException.class, store::requireIntegrity);
            assertEquals(Reason.DAMAGED, e.reason());
            assertTrue(e.getMessage().contains("integrity check reports") && e.getMessage().contains("terminal restore"),
                    e.getMessage());
            Path backup = dir.resolve("backups").resolve("b.ssbak");
            BackupException b = assertThrows(BackupException.class, () -> store.backups().backup("admin1", backup));
            assertEquals(BackupException.Failure.STORE_DAMAGED, b.failure());
            assertTrue(b.getMessage().contains("No backup was written") && b.getMessage().contains("integrity check"),
                    b.getMessage());
            assertFalse(Files.exists(backup));
        }
    }

    @Test
    void restoreReplacesALostStoreAndKeepsThePairing() throws IOException {
        setUpStation();
        Path backup = dir.resolve("backups").resolve("b.ssbak");
        String id;
        try (StationStore store = StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS)) {
            id = store.storeId();
            store.backups().backup("admin1", backup);
        }
        Files.write(file, new byte[0]);
        refused(Reason.EMPTY);
        RestoreReport report = Backups.restore(backup, config(), module);
        assertEquals(id, report.storeId(), "the restored store is the one the key store is paired with");
        try (StationStore store = StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS)) {
            assertEquals(60, store.outbox().countsByState().get(OutboxState.QUEUED));
        }
    }

    @Test
    void restoreRePairsTheKeyStoreWithTheRestoredStore() throws IOException {
        Path older = dir.resolve("older.db");
        Path backup = dir.resolve("older.ssbak");
        String olderId;
        try (StationStore s = StationStore.create(Fixtures.config(older, clock), module, PasswordHasher.FAST_FOR_TESTS)) {
            olderId = s.storeId();
            s.backups().backup("admin1", backup);
        }
        setUpStation();
        Files.move(file, dir.resolve("moved-away.db"));
        RestoreReport report = Backups.restore(backup, config(), module);
        assertEquals(olderId, report.storeId());
        try (StationStore store = StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS)) {
            assertEquals(olderId, store.storeId());
            List<AuditEntry> pairings = store.audit().query("auditor", java.time.Instant.EPOCH,
                    clock.instant().plusSeconds(1), "store.pair", 10);
            assertTrue(pairings.stream().anyMatch(e -> e.detail().startsWith("re-paired by restore")), pairings.toString());
        }
    }

    @Test
    void aStoreWithoutPairingRecordIsPairedAtItsNextOpen() throws IOException {
        setUpStation();
        String id;
        try (StationStore store = StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS)) {
            id = store.storeId();
        }
        Files.delete(pairing);
        try (StationStore store = StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS)) {
            assertEquals(id, store.storeId());
        }
        assertEquals(id, StorePairing.read(pairing, module, Fixtures.DATA_KEY).orElseThrow().storeId());
    }

    @Test
    void storeWalShmPairingBackupsAndTheirFoldersAreOwnerOnly() throws Exception {
        System.out.println("umask of this test JVM: " + umask());
        Path folder = dir.resolve("var").resolve("sscard");
        StoreConfig config = Fixtures.config(folder.resolve("station.db"), clock).withPairing(dir.resolve("keys").resolve("p"));
        Files.createDirectories(dir.resolve("keys"));
        Path backups = dir.resolve("backups").resolve("daily");
        try (StationStore store = StationStore.create(config, module, PasswordHasher.FAST_FOR_TESTS)) {
            store.outbox().enqueue("cashier", Fixtures.message("H44010600001-000001", "settle", 1));
            Path made = store.backups().backupIfDue(backups, 3).orElseThrow();
            for (Path p : List.of(config.file(), folder.resolve("station.db-wal"), folder.resolve("station.db-shm"),
                    config.pairing(), made)) {
                assertEquals("rw-------", mode(p), p.getFileName().toString());
            }
            for (Path p : List.of(folder, folder.getParent(), backups, backups.getParent())) {
                assertEquals("rwx------", mode(p), p.toString());
            }
            Files.delete(made);
            try (java.util.stream.Stream<Path> left = Files.list(backups)) {
                assertEquals(List.of(), left.toList(), "no temporary copy left");
            }
        }
    }

    @Test
    void aStoreMadeWorldReadableByAnEarlierVersionIsNarrowedAtOpening() throws IOException {
        setUpStation();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        StationStore.open(config(), module, PasswordHasher.FAST_FOR_TESTS).close();
        assertEquals("rw-------", mode(file));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String umask() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Umask:"))
                .findFirst().orElse("Umask: (unknown)");
    }

    private long rootPage(String type, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE type = '" + type + "' AND name = '" + name + "'")) {
            assertTrue(rs.next(), name);
            return rs.getLong(1);
        }
    }

    private int pageSize() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            return (int) Database.queryLong(s, "PRAGMA page_size");
        }
    }

    private void flip(long page, int offset, byte value) throws Exception {
        int pageSize = pageSize();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek((page - 1) * pageSize + offset);
            f.write(value);
        }
    }

    /** Changes the last bytes of a page (the first cell's content: key text of an index entry), structure intact. */
    private void flipTail(long page, int pageSize) throws Exception {
        byte[] hashBefore = Sm3.hash(Files.readAllBytes(file));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = page * pageSize - 3;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        assertFalse(java.util.Arrays.equals(hashBefore, Sm3.hash(Files.readAllBytes(file))));
    }
}
