package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A version-1 database (before station numbers) opens as version 2 with its messages and reversals kept. */
class StationsMigrationTest {
    @Test
    void reversalsGetTheDeviceThatSentThemAndMessagesKeepTheirSender(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("central.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            String v1;
            try (InputStream in = Database.class.getResourceAsStream("db/V1__central.sql")) {
                v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String statement : v1.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (1, '2026-01-01 00:00:00')");
            s.execute("INSERT INTO message(msgid, infno, dev_no, content_hash, response, effect, received_at) VALUES "
                    + "('H44010600001202503140930150001', '2207', 'DEV-A', x'00', x'00', 'settlement:ST1', "
                    + "'2025-03-14 09:30:15'), ('H44010600001202503140930160001', '2601', 'DEV-A', x'00', x'00', NULL, "
                    + "'2025-03-14 09:30:16')");
            s.execute("INSERT INTO reversal VALUES ('H44010600001202503140930150001', '2207', '1', "
                    + "'H44010600001202503140930160001')");
        }
        try (Database db = Database.open(file)) {
            record Row(String omsgid, String devNo, String tookEffect) {
            }
            List<Row> reversals = db.inTransaction(c -> Jdbc.list(c, "SELECT omsgid, dev_no, took_effect FROM reversal",
                    rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))));
            assertEquals(List.of(new Row("H44010600001202503140930150001", "DEV-A", "1")), reversals);
            boolean noPerson = db.inTransaction(c -> Jdbc.one(c, "SELECT psn_no IS NULL FROM message WHERE infno = '2207'",
                    rs -> rs.getBoolean(1)).orElseThrow());
            assertTrue(noPerson, "a message of version 1 has no recorded person");
            int version = db.inTransaction(c -> Jdbc.one(c, "SELECT MAX(version) FROM schema_version",
                    rs -> rs.getInt(1)).orElseThrow());
            assertEquals(5, version);
        }
    }
}
