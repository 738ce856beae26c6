package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;

class AuditLogTest {
    @TempDir
    Path dir;
    Path file;
    SoftwareSecurityModule module;
    Fixtures.TestClock clock;
    StationStore store;

    @BeforeEach
    void setUp() {
        module = Fixtures.module();
        clock = new Fixtures.TestClock();
        file = dir.resolve("s.db");
        store = Fixtures.open(file, module, clock);
        for (int i = 0; i < 10; i++) {
            store.audit().record("admin", "test.action", "subject-" + i, "detail " + i);
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(store.audit().verify().intact(), store.audit().verify().problem());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    private AuditVerification broken(String expectedFragment) {
        AuditVerification v = store.audit().verify();
        assertFalse(v.intact(), "tampering must be detected");
        assertTrue(v.problem().contains(expectedFragment), v.problem());
        return v;
    }

    @Test
    void afterListsOneActionAboveASeqWithoutRecordingItself() {
        long other = store.audit().record("cashier", "shift.close", "cashier", "at noon");
        store.audit().record("cashier", "shift.closed.not", "x", "y");
        long last = store.audit().head().seq();
        List<AuditEntry> closes = store.audit().after(0, "shift.close", 10);
        assertEquals(List.of(other), closes.stream().map(AuditEntry::seq).toList());
        assertEquals(List.of(), store.audit().after(other, "shift.close", 10));
        assertEquals(3, store.audit().after(0, "test.action", 3).size());
        assertEquals(last, store.audit().head().seq(), "reading is not an entry of its own");
    }

    @Test
    void changedEntryIsDetected() throws Exception {
        sql("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 5");
        broken("entry 5 was changed");
    }

    @Test
    void deletedEntryIsDetected() throws Exception {
        sql("DELETE FROM audit_log WHERE seq = 4");
        broken("entries 4..4 are missing");
    }

    @Test
    void insertedEntryIsDetected() throws Exception {
        sql("UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 6", "UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1006",
                "INSERT INTO audit_log SELECT 6, at, 'admin', 'forged', 'x', 'y', hash, hash FROM audit_log WHERE seq = 5");
        broken("entry 6");
    }

    @Test
    void reorderedEntriesAreDetected() throws Exception {
        sql("UPDATE audit_log SET seq = -3 WHERE seq = 3", "UPDATE audit_log SET seq = 3 WHERE seq = 4",
                "UPDATE audit_log SET seq = 4 WHERE seq = -3");
        broken("entry 3");
    }

    @Test
    void truncatedTailIsDetected() throws Exception {
        long head = store.audit().head().seq();
        sql("DELETE FROM audit_log WHERE seq > " + (head - 3));
        broken("cut off");
    }

    @Test
    void rewrittenChainWithRecomputedHashesIsDetectedByTheHeadMac() throws Exception {
        long head = store.audit().head().seq();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            byte[] prev = null;
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM audit_log WHERE seq = " + head);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, operator, action, subject, detail, prev_hash FROM audit_log ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] p = prev == null ? rs.getBytes(7) : prev;
                    String detail = rs.getLong(1) == 3 ? "rewritten" : rs.getString(6);
                    byte[] h = AuditLog.entryHash(p, rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), detail);
                    try (PreparedStatement up = c.prepareStatement("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                        up.setString(1, detail);
                        up.setBytes(2, p);
                        up.setBytes(3, h);
                        up.setLong(4, rs.getLong(1));
                        up.executeUpdate();
                    }
                    prev = h;
                }
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE audit_head SET head_seq = ?, head_hash = ?")) {
                up.setLong(1, head - 1);
                up.setBytes(2, prev);
                up.executeUpdate();
            }
            c.commit();
        }
        broken("MAC");
        store.close();
        StoreException e = assertThrows(StoreException.class, () -> Fixtures.open(file, module, clock));
        assertTrue(e.getMessage().contains("does not belong to this station's key store"), e.getMessage());
        store = Fixtures.open(dir.resolve("other.db"), module, clock);
    }

    @Test
    void aStoreMadeWithAnotherDataKeyIsRefused() {
        store.close();
        StoreException e = assertThrows(StoreException.class, () -> Fixtures.open(file, Fixtures.module(), clock));
        assertTrue(e.getMessage().contains("does not belong to this station's key store"), e.getMessage());
        store = Fixtures.open(file, module, clock);
        assertTrue(store.audit().verify().intact());
    }

    @Test
    void missingHeadIsDetectedAndAppendsAreRefused() throws Exception {
        sql("DELETE FROM audit_head");
        broken("head record is missing");
        StoreException e = assertThrows(StoreException.class, () -> store.audit().record("a", "b", "c", "d"));
        assertTrue(e.getMessage().contains("tampered"));
    }

    @Test
    void queriesAndExportsAreAuditedThemselves() {
        long before = store.audit().head().seq();
        List<AuditEntry> found = store.audit().query("auditor1", Instant.EPOCH, clock.instant().plusSeconds(1), "test.", 100);
        assertEquals(10, found.size());
        assertEquals(before + 1, store.audit().head().seq());
        StringWriter out = new StringWriter();
        long n = store.audit().export("auditor1", Instant.EPOCH, clock.instant().plusSeconds(1), out);
        assertEquals(before + 2, store.audit().head().seq());
        assertEquals(n, out.toString().lines().count());
        assertTrue(out.toString().contains("audit.query"));
        assertTrue(store.audit().verify().intact());
    }

    @Test
    void pruningKeeps180DaysAndTheChainVerifiable() {
        StoreException tooSoon = assertThrows(StoreException.class, () -> store.audit().prune("admin", clock.instant()));
        assertTrue(tooSoon.getMessage().contains("180 days"));
        Instant oldEnd = clock.instant();
        clock.advance(Duration.ofDays(181));
        store.audit().record("admin", "recent", "x", "y");
        long deleted = store.audit().prune("admin", oldEnd);
        assertTrue(deleted >= 10, "deleted " + deleted);
        AuditVerification v = store.audit().verify();
        assertTrue(v.intact(), v.problem());
        assertTrue(v.anchorSeq() > 0);
        assertEquals(v.headSeq() - v.anchorSeq(), v.checked());
        assertEquals(0, store.audit().prune("admin", oldEnd), "nothing left to prune");
    }

    @Test
    void aDeferredEntryCommitsWithTheNextWriteInOrderAndWaitsThroughAFailedOne() {
        long seq = store.audit().head().seq();
        Instant decided = Instant.ofEpochMilli(clock.millis());
        store.audit().defer("cashier", "authz.allow", "VISIT MD1", "role CASHIER");
        clock.advance(Duration.ofSeconds(5));
        assertTrue(store.audit().after(seq, "authz.allow", 10).isEmpty(), "not written on its own");

        assertThrows(StoreException.class, () -> store.settings().updateSealedState("state.test", v -> null));
        assertTrue(store.audit().after(seq, "authz.allow", 10).isEmpty(), "rolled back with the failed write");

        long writes = store.writeStatistics().transactions();
        store.audit().record("cashier", "visit.fees", "MD1", "2 items");
        assertEquals(1, store.writeStatistics().transactions() - writes, "one commit for both");
        List<AuditEntry> allow = store.audit().after(seq, "authz.allow", 10);
        List<AuditEntry> fees = store.audit().after(seq, "visit.fees", 10);
        assertEquals(1, allow.size());
        assertEquals(seq + 1, allow.get(0).seq(), "first, before the write's own entry");
        assertEquals(seq + 2, fees.get(0).seq());
        assertEquals(decided, allow.get(0).at(), "stamped when it happened");
        assertTrue(store.audit().verify().intact(), store.audit().verify().problem());
    }

    @Test
    void aDeferredEntryIsWrittenWhenTheStoreIsClosed() {
        long seq = store.audit().head().seq();
        store.audit().defer("cashier", "card.present", "card#1", "insutype=310");
        store.close();
        store = Fixtures.open(file, module, clock);
        assertEquals(1, store.audit().after(seq, "card.present", 10).size());
    }
}
