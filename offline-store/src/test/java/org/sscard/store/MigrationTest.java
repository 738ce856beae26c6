package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.SoftwareSecurityModule;

class MigrationTest {
    @TempDir
    Path dir;

    private static final String HOLDER_CARD = "440106D15600000500000000000000AB";
    private static final String HOLDER_NUMBER = "B7788990X";
    private static final String HOLDER_ID = "11010119900307123X";

    private static List<String> schema(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement ps = c.prepareStatement("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                     + " AND name NOT LIKE 'flyway%' ORDER BY type, name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return out;
    }

    @Test
    void emptyFileMigratesToTheLatestVersion() {
        Path file = dir.resolve("fresh.db");
        assertEquals(Migrations.LATEST, Migrations.migrate(file, null));
        try (StationStore store = Fixtures.open(file, Fixtures.module(), new Fixtures.TestClock())) {
            assertEquals(Migrations.LATEST, store.schemaVersion());
            assertEquals("ok", store.integrityCheck());
        }
    }

    /** A database left at every earlier version, with data in it, reaches the latest schema with its data intact. */
    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "3"})
    void everyEarlierVersionMigratesWithItsData(String from) throws Exception {
        SoftwareSecurityModule module = Fixtures.module();
        Fixtures.TestClock clock = new Fixtures.TestClock();
        Path old = dir.resolve("v" + from + ".db");
        assertEquals(from, Migrations.migrate(old, from));
        // the oldest schema has the outbox and the audit log: fill them the way that version's code would
        try (Database db = new Database(Fixtures.config(old, clock))) {
            FieldCipher cipher = new FieldCipher(module, Fixtures.DATA_KEY);
            AuditLog audit = new AuditLog(db, cipher, clock);
            db.write("init", c -> {
                audit.initialize(c);
                return null;
            });
            Outbox outbox = new Outbox(db, cipher, audit, clock);
            outbox.enqueue("c", Fixtures.message("OLD-1", "s", 500));
            outbox.enqueue("c", Fixtures.message("OLD-2", "s", 600));
            outbox.claimNext("s").orElseThrow();
            outbox.markDone("OLD-1", null);
            if (from.equals("3")) {
                // version 3 kept the holder's card number and identification code in clear, name and ID number sealed
                db.write("holder", c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO card_holder (card_id, card_number, name_sealed,"
                            + " id_number_sealed, id_number_index, sex, birth_date, updated_at) VALUES (?,?,?,?,?,?,?,?)")) {
                        ps.setString(1, HOLDER_CARD);
                        ps.setString(2, HOLDER_NUMBER);
                        ps.setBytes(3, cipher.sealText("card_holder", "name", HOLDER_CARD, "赵六"));
                        ps.setBytes(4, cipher.sealText("card_holder", "id_number", HOLDER_CARD, HOLDER_ID));
                        ps.setBytes(5, cipher.index("id_number", HOLDER_ID));
                        ps.setString(6, "1");
                        ps.setString(7, "19900307");
                        ps.setLong(8, clock.millis());
                        ps.executeUpdate();
                    }
                    return null;
                });
            }
        }
        if (from.equals("3")) {
            // a station stopped after Flyway's V4 and before the store moved the rows: the next open completes it
            assertEquals(Migrations.LATEST, Migrations.migrate(old, null));
            assertTrue(schema(old).stream().anyMatch(t -> t.startsWith("table card_holder_v3 ")), schema(old).toString());
        }
        try (StationStore store = Fixtures.open(old, module, clock)) {
            assertEquals(Migrations.LATEST, store.schemaVersion());
            assertEquals(OutboxState.DONE, store.outbox().find("OLD-1").orElseThrow().state());
            assertEquals("OLD-2", store.outbox().claimNext("s").orElseThrow().msgid());
            assertTrue(store.audit().verify().intact());
            assertEquals(0, store.blacklist().status().version());
            assertEquals("ok", store.integrityCheck());
            if (from.equals("3")) {
                CardHolders.Holder h = store.holders().byCard("c", CardIdentificationCode.ofHex(HOLDER_CARD)).orElseThrow();
                assertEquals(List.of("赵六", HOLDER_NUMBER, HOLDER_ID, "1", "19900307"),
                        List.of(h.name(), h.cardNumber(), h.idNumber(), h.sex(), h.birthDate()));
                assertEquals(List.of(h), store.holders().byCardNumber("c", HOLDER_NUMBER));
                assertEquals(List.of(h), store.holders().byIdNumber("c", HOLDER_ID));
                assertEquals(1, store.audit().query("c", java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(86_400_000L), "holder.migrate", 10).size());
            }
        }
        if (from.equals("3")) {
            String text = new String(Files.readAllBytes(old), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(HOLDER_NUMBER), "the card number is no longer in the file in clear");
            assertFalse(text.contains(HOLDER_CARD), "the identification code is no longer in the file in clear");
        }
        try (StationStore again = Fixtures.open(old, module, clock)) {
            assertEquals(from.equals("3") ? 1 : 0, again.audit().query("c", java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(86_400_000L), "holder.migrate", 10).size(), "moved once");
        }
        Path fresh = dir.resolve("fresh.db");
        Fixtures.open(fresh, module, clock).close();
        assertEquals(schema(fresh), schema(old), "a migrated database has exactly the schema of a new one");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            assertEquals("wal", Database.queryString(s, "PRAGMA journal_mode"));
        }
    }

    /** The quick check that skips Flyway for a current file must not let a file of a newer or broken schema through. */
    @Test
    void onlyAFileWithEveryMigrationAppliedSkipsFlywayAndANewerOneIsStillRefused() throws Exception {
        Path current = dir.resolve("current.db");
        Migrations.migrate(current, null);
        assertEquals(Migrations.LATEST, Migrations.migrate(current, null));

        Path newer = dir.resolve("newer.db");
        Migrations.migrate(newer, null);
        int next = Integer.parseInt(Migrations.LATEST) + 1;
        addHistoryRow(newer, next, true);
        StoreException refused = assertThrows(StoreException.class, () -> Migrations.migrate(newer, null));
        assertTrue(refused.getMessage().contains("newer than this version"), refused.getMessage());

        assertFalse(Migrations.isAtLatest(newer));

        Path failed = dir.resolve("failed.db");
        Migrations.migrate(failed, versionBeforeLatest());
        assertFalse(Migrations.isAtLatest(failed));
        addHistoryRow(failed, Integer.parseInt(Migrations.LATEST), false);
        assertFalse(Migrations.isAtLatest(failed), "a failed migration is left to Flyway");

        assertTrue(Migrations.isAtLatest(current));
        assertFalse(Migrations.isAtLatest(dir.resolve("missing.db")));
        Path notADatabase = Files.writeString(dir.resolve("text.db"), "not a database");
        assertFalse(Migrations.isAtLatest(notADatabase));
    }

    /** The version of the migration before the latest, read from the migrations this module ships. */
    private static String versionBeforeLatest() throws Exception {
        Path folder = Path.of(MigrationTest.class.getResource("/" + Migrations.LOCATION.substring("classpath:".length()))
                .toURI());
        try (var files = Files.list(folder)) {
            List<Integer> versions = files.map(f -> f.getFileName().toString())
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).sorted().toList();
            assertEquals(Integer.parseInt(Migrations.LATEST), versions.size(), "versions 1 to LATEST, none left out");
            assertEquals(Integer.parseInt(Migrations.LATEST), versions.get(versions.size() - 1));
            return Integer.toString(versions.get(versions.size() - 2));
        }
    }

    private static void addHistoryRow(Path file, int version, boolean success) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement ps = c.prepareStatement("INSERT INTO flyway_schema_history (installed_rank, version,"
                     + " description, type, script, checksum, installed_by, execution_time, success)"
                     + " VALUES ((SELECT max(installed_rank) + 1 FROM flyway_schema_history), ?, 'later', 'SQL',"
                     + " 'V' || ? || '__later.sql', 0, 'test', 0, ?)")) {
            ps.setString(1, Integer.toString(version));
            ps.setInt(2, version);
            ps.setBoolean(3, success);
            ps.executeUpdate();
        }
    }
}
