package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;

/**
 * The station-state keys schema 12 kept for the msgid block ({@code state.link.last_msgid}), the unprinted receipts
 * ({@code state.receipt.unprinted}) and the shift closes ({@code state.shift.<operator>.closed_at}) become the rows of
 * schema 13 when the store is opened, the keys gone; other settings stay.
 */
class BookkeepingCarryOverTest {
    @TempDir
    Path dir;
    private final SoftwareSecurityModule module = Fixtures.module();
    private final Fixtures.TestClock clock = new Fixtures.TestClock();

    @Test
    void theKeysOfSchema12BecomeRows() throws Exception {
        Path file = storeOfSchema12("s.db", List.of(
                new Kept("state.link.last_msgid", "H44010600001202503011000000030 20250301100500", 1_740_794_400_000L),
                new Kept("state.receipt.unprinted", "ST2\nST1/cancel\n\nST3", 1_740_794_500_000L),
                new Kept("state.shift.cashier.closed_at", "1740790800000", 1_740_790_800_000L),
                new Kept("state.shift.wang.li.closed_at", "1740794000123", 1_740_794_000_123L),
                new Kept("state.link.sign_no", "SN1", 1_740_790_000_000L)));
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(Migrations.LATEST, store.schemaVersion());
            assertEquals(Optional.of(new MsgIdBlocks.Block("H44010600001202503011000000030", "20250301100500")),
                    store.msgIdBlocks().current());
            assertEquals(List.of("ST2", "ST1/cancel", "ST3"), store.unprintedReceipts().keys());
            assertEquals(Optional.of(Instant.ofEpochMilli(1_740_790_800_000L)), store.shiftCloses().last("cashier"));
            assertEquals(Optional.of(Instant.ofEpochMilli(1_740_794_000_123L)), store.shiftCloses().last("wang.li"));
            assertEquals("SN1", store.signIns().last().orElseThrow().signNo(), "other station state moved as before");
        }
        assertEquals(List.of(), stateKeys(file), "every key is gone");
        assertEquals(List.of(1_740_794_500_000L, 1_740_794_500_000L, 1_740_794_500_000L), queuedAt(file),
                "queued when the key was last written");
    }

    @Test
    void aLastMsgidOfTheVersionsBeforeBlocksIsItsOwnReservation() throws Exception {
        Path file = storeOfSchema12("o.db", List.of(
                new Kept("state.link.last_msgid", "H44010600001202503140930150011", 0)));
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(Optional.of(new MsgIdBlocks.Block("H44010600001202503140930150011", "20250314093015")),
                    store.msgIdBlocks().current());
        }
    }

    @Test
    void aStoreOfSchema12WithoutTheKeysHasNoRows() throws Exception {
        Path file = storeOfSchema12("n.db", List.of(new Kept("state.receipt.unprinted", "", 0)));
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertTrue(store.msgIdBlocks().current().isEmpty());
            assertEquals(List.of(), store.unprintedReceipts().keys(), "an empty queue has no rows");
            assertTrue(store.shiftCloses().last("cashier").isEmpty());
        }
        assertEquals(List.of(), stateKeys(file));
    }

    /** A station-state key as version 11 wrote it (type STRING, by the system). */
    private record Kept(String key, String value, long updatedAt) {
    }

    /** A store as schema 12 left it: the tables of V13 missing, V13 not applied, the kept keys in {@code setting}. */
    private Path storeOfSchema12(String name, List<Kept> kept) throws Exception {
        Path file = dir.resolve(name);
        assertEquals("12", Migrations.migrate(file, "12"));
        for (Kept k : kept) {
            Fixtures.keepClearState(file, k.key(), k.value(), k.updatedAt());
        }
        return file;
    }

    private static List<String> stateKeys(Path file) throws Exception {
        return column(file, "SELECT key FROM setting WHERE key LIKE 'state.%' ORDER BY key", String.class);
    }

    private static List<Long> queuedAt(Path file) throws Exception {
        return column(file, "SELECT queued_at FROM unprinted_receipt ORDER BY seq", Long.class);
    }

    private static <T> List<T> column(Path file, String sql, Class<T> type) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            List<T> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getObject(1, type));
            }
            return out;
        }
    }
}
