package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;

/**
 * A visit's row says what the visit was begun with: the credential type (mdtrt_cert_type, '03' the card, '01' a 医保码)
 * and, for a 医保码, the person it is bound to. A store of schema 9, which kept that only in the registration's audit
 * entry, gets it into the rows when it is opened, from the entry written with each row and no other.
 */
class VisitRegistrationTest {
    private static final String ECODE = "01";
    private static final String CARD = "03";

    @TempDir
    Path dir;
    private final SoftwareSecurityModule module = Fixtures.module();
    private final Fixtures.TestClock clock = new Fixtures.TestClock();

    @Test
    void theRowHoldsTheCredentialTheVisitWasBegunWith() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), module, clock)) {
            store.visits().register("MD1", "11", ECODE, "P0001", "cashier", "med_type=11 ecode:P0001");
            clock.advance(Duration.ofSeconds(1));
            store.visits().register("MD2", "11", CARD, null, "cashier", "med_type=11 card#0123456789AB");
            store.visits().finish("DF-MD3", "{\"setl_id\":\"S3\"}");

            assertEquals(List.of(ECODE, "P0001"), credential(store, "MD1"));
            assertEquals(List.of(CARD, "-"), credential(store, "MD2"));
            assertEquals(List.of(CARD, "-"), credential(store, "DF-MD3"), "a deferred visit was taken with the card");
            assertEquals(List.of("MD1", "MD2"), store.visits().since(Instant.EPOCH, true).stream()
                    .map(Visits.Row::mdtrtId).toList());
            assertEquals(ECODE, store.visits().since(Instant.EPOCH, true).get(0).mdtrtCertType());

            store.visits().register("MD2", "11", ECODE, "P0002", "cashier", "med_type=11 ecode:P0002");
            assertEquals(List.of(ECODE, "P0002"), credential(store, "MD2"), "registered again: the latest credential");

            StoreException bound = assertThrows(StoreException.class, () -> store.visits().register("MD4", "11", CARD,
                    "P0004", "cashier", "med_type=11 card#0123456789AB"));
            assertTrue(store.visits().find("MD4").isEmpty(), bound.getMessage());
        }
    }

    @Test
    void aStoreOfSchema9GetsEachVisitsCredentialFromTheAuditEntryWrittenWithItsRow() throws Exception {
        Path file = dir.resolve("v9.db");
        assertEquals("9", Migrations.migrate(file, "9"));
        long t0 = clock.millis();
        long t1 = t0 + 1_000;
        long t2 = t0 + 2_000;
        try (Database db = new Database(Fixtures.config(file, clock))) {
            AuditLog audit = new AuditLog(db, new FieldCipher(module, Fixtures.DATA_KEY), clock);
            db.write("as schema 9 registered visits", c -> {
                audit.initialize(c);
                // a 医保码 visit left open, and a card visit registered in the same millisecond
                insertVisit(c, "MD-E", t1, 0);
                audit.append(c, t1, "cashier", "visit.register", "MD-E", "med_type=11 ecode:P0001");
                insertVisit(c, "MD-C", t1, 0);
                audit.append(c, t1, "cashier", "visit.register", "MD-C", "med_type=11 card#0123456789AB");
                // a 医保码 registration of the same mdtrt_id earlier, but the row was written with a card's
                audit.append(c, t0, "cashier", "visit.register", "MD-R", "med_type=11 ecode:P0009");
                insertVisit(c, "MD-R", t2, 0);
                audit.append(c, t2, "cashier", "visit.register", "MD-R", "med_type=11 card#0123456789AB");
                // a 医保码 visit settled and finished; a deferred visit's row, with no registration
                insertVisit(c, "MD-F", t2, 1);
                audit.append(c, t2, "cashier", "visit.register", "MD-F", "med_type=14 ecode:P0003");
                insertVisit(c, "DF-MD3", t2, 1);
                audit.append(c, t2, "cashier", "visit.fees", "MD-E", "med_type=11 ecode:P0001");
                return null;
            });
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(Migrations.LATEST, store.schemaVersion());
            assertEquals(List.of(ECODE, "P0001"), credential(store, "MD-E"));
            assertEquals(List.of(CARD, "-"), credential(store, "MD-C"), "another visit's entry at the same time");
            assertEquals(List.of(CARD, "-"), credential(store, "MD-R"), "the entry written with the row, not an earlier one");
            assertEquals(List.of(ECODE, "P0003"), credential(store, "MD-F"));
            assertEquals(List.of(CARD, "-"), credential(store, "DF-MD3"));
            assertEquals(List.of("MD-C", "MD-E", "MD-R"), store.visits().since(Instant.EPOCH, true).stream()
                    .map(Visits.Row::mdtrtId).toList(), "still open");
            assertTrue(store.audit().verify().intact(), "the audit log is left as it was");
            assertEquals("ok", store.integrityCheck());
        }
    }

    private static void insertVisit(java.sql.Connection c, String mdtrtId, long createdAt, int closed)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO visit (mdtrt_id, med_type, operator_id, created_at,"
                + " closed) VALUES (?,?,?,?,?)")) {
            ps.setString(1, mdtrtId);
            ps.setString(2, mdtrtId.startsWith("DF-") ? null : "11");
            ps.setString(3, mdtrtId.startsWith("DF-") ? null : "cashier");
            ps.setLong(4, createdAt);
            ps.setInt(5, closed);
            ps.executeUpdate();
        }
    }

    /** The visit's credential type and person number ("-" for none). */
    private static List<String> credential(StationStore store, String mdtrtId) {
        Visits.Row row = store.visits().find(mdtrtId).orElseThrow();
        return List.of(row.mdtrtCertType(), row.psnNo() == null ? "-" : row.psnNo());
    }
}
