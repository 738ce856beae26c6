package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.JobRuns.Job;
import org.sscard.store.StationCounters.Counter;

/**
 * The station-state keys schema 13 kept for the ledger position ({@code state.ledger.*}), the counters
 * ({@code state.office.card_no_seq}, {@code state.offline.term_seq}, {@code state.backup.shift_close_seq},
 * {@code state.recovery.applied}) and the scheduled jobs' last runs ({@code state.sync.*_at},
 * {@code state.backup.verified_*}) become the rows of schema 14 when the store is opened, the keys gone; other
 * settings stay.
 */
class PositionCarryOverTest {
    @TempDir
    Path dir;
    private final SoftwareSecurityModule module = Fixtures.module();
    private final Fixtures.TestClock clock = new Fixtures.TestClock();

    @Test
    void theKeysOfSchema13BecomeRows() throws Exception {
        Path file = storeOfSchema13("s.db", List.of(
                new Kept("state.ledger.cursor", "412"),
                new Kept("state.ledger.shift_cursor", "37"),
                new Kept("state.ledger.catalog_version", "9 PUB-2025-0009"),
                new Kept("state.office.card_no_seq", "15"),
                new Kept("state.offline.term_seq", "4294967295"),
                new Kept("state.backup.shift_close_seq", "36"),
                new Kept("state.recovery.applied", "1740794400001"),
                new Kept("state.sync.catalog_at", "1740790800000"),
                new Kept("state.sync.blacklist_at", "1740794000123"),
                new Kept("state.backup.verified_at", "2025-03-01T02:00:05.250Z"),
                new Kept("state.backup.verified_file", "station-20250301-020000.bak"),
                new Kept("state.link.sign_no", "SN1")));
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(Migrations.LATEST, store.schemaVersion());
            assertEquals(new LedgerPosition.Position(412, 37, 9, "PUB-2025-0009"), store.ledgerPosition().current());
            assertEquals(15, store.counters().value(Counter.CARD_NO));
            assertEquals(4_294_967_295L, store.counters().value(Counter.OFFLINE_TERM));
            assertEquals(36, store.counters().value(Counter.BACKUP_SHIFT_CLOSE));
            assertEquals(1_740_794_400_001L, store.counters().value(Counter.RECOVERY_APPLIED));
            assertEquals(Optional.of(new JobRuns.Run(Instant.ofEpochMilli(1_740_790_800_000L), null)),
                    store.jobRuns().last(Job.CATALOG_SYNC));
            assertEquals(Optional.of(new JobRuns.Run(Instant.ofEpochMilli(1_740_794_000_123L), null)),
                    store.jobRuns().last(Job.BLACKLIST_SYNC));
            assertEquals(Optional.of(new JobRuns.Run(Instant.parse("2025-03-01T02:00:05.250Z"),
                    "station-20250301-020000.bak")), store.jobRuns().last(Job.BACKUP_VERIFIED));
            assertEquals("SN1", store.signIns().last().orElseThrow().signNo(), "other station state moved as before");
        }
        assertEquals(List.of(), stateKeys(file), "every key is gone");
    }

    @Test
    void aCatalogueVersionWithoutPublicationAndAnInstantWithoutFraction() throws Exception {
        Path file = storeOfSchema13("o.db", List.of(
                new Kept("state.ledger.catalog_version", "3"),
                new Kept("state.backup.verified_at", "2025-03-01T02:00:05Z")));
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(new LedgerPosition.Position(0, 0, 3, null), store.ledgerPosition().current());
            assertEquals(Optional.of(new JobRuns.Run(Instant.parse("2025-03-01T02:00:05Z"), null)),
                    store.jobRuns().last(Job.BACKUP_VERIFIED));
        }
        assertEquals(List.of(), stateKeys(file));
    }

    @Test
    void aStoreOfSchema13WithoutTheKeysHasNoRows() throws Exception {
        Path file = storeOfSchema13("n.db", List.of());
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(new LedgerPosition.Position(0, 0, 0, null), store.ledgerPosition().current());
            assertEquals(0, store.counters().value(Counter.RECOVERY_APPLIED));
            assertTrue(store.jobRuns().last(Job.BACKUP_VERIFIED).isEmpty());
        }
        assertEquals(List.of(), rows(file, "SELECT id FROM ledger_position"), "no row until a cursor moves");
    }

    /** A station-state key as version 13 wrote it (type STRING, by the system). */
    private record Kept(String key, String value) {
    }

    /** A store as schema 13 left it: the tables of V14 missing, V14 not applied, the kept keys in {@code setting}. */
    private Path storeOfSchema13(String name, List<Kept> kept) throws Exception {
        Path file = dir.resolve(name);
        assertEquals("13", Migrations.migrate(file, "13"));
        for (Kept k : kept) {
            Fixtures.keepClearState(file, k.key(), k.value(), 1_740_790_000_000L);
        }
        return file;
    }

    private static List<Object> stateKeys(Path file) throws Exception {
        return rows(file, "SELECT key FROM setting WHERE key LIKE 'state.%' ORDER BY key");
    }

    private static List<Object> rows(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            List<Object> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getObject(1));
            }
            return out;
        }
    }
}
