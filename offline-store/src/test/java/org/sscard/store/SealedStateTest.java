package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;

class SealedStateTest {
    private static final String NAME = "张三丰";
    private static final String CARD = "A12345678";

    @TempDir
    Path dir;

    @Test
    void sealedStateIsNotInClearAndReadsBack() throws SQLException {
        Path file = dir.resolve("s.db");
        SoftwareSecurityModule module = Fixtures.module();
        try (StationStore store = Fixtures.open(file, module, new Fixtures.TestClock())) {
            Settings s = store.settings();
            assertEquals(Optional.empty(), s.sealedState("state.test.holder"));
            s.updateSealedState("state.test.holder", old -> {
                assertEquals(null, old);
                return NAME + "|" + CARD;
            });
            assertEquals(NAME + "|" + CARD + "|2", s.updateSealedState("state.test.holder", old -> old + "|2"));
            assertEquals(Optional.of(NAME + "|" + CARD + "|2"), s.sealedState("state.test.holder"));
            StoreException plainRead = assertThrows(StoreException.class, () -> s.getString("state.test.holder"));
            assertTrue(plainRead.getMessage().contains("sealedState"), plainRead.getMessage());
        }
        String stored = column(file, "state.test.holder");
        assertTrue(stored.startsWith(Settings.SEALED_PREFIX), stored);
        assertFalse(stored.contains(CARD) || stored.contains(NAME), stored);
    }

    @Test
    void aSealedValueMovedToAnotherKeyIsRefused() throws SQLException {
        Path file = dir.resolve("s.db");
        SoftwareSecurityModule module = Fixtures.module();
        try (StationStore store = Fixtures.open(file, module, new Fixtures.TestClock())) {
            store.settings().updateSealedState("state.test.a", old -> CARD);
            store.settings().updateSealedState("state.test.b", old -> "other");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement ps = c.prepareStatement("UPDATE setting SET value = ? WHERE key = 'state.test.b'")) {
            ps.setString(1, column(file, "state.test.a"));
            ps.executeUpdate();
        }
        try (StationStore store = Fixtures.open(file, module, new Fixtures.TestClock())) {
            StoreException moved = assertThrows(StoreException.class, () -> store.settings().sealedState("state.test.b"));
            assertTrue(moved.getMessage().contains("moved to another row"), moved.getMessage());
            assertEquals(Optional.of(CARD), store.settings().sealedState("state.test.a"));
        }
    }

    @Test
    void aValueAnEarlierVersionWroteInClearIsReadAndSealedAtItsNextUpdate() throws Exception {
        Path file = dir.resolve("s.db");
        SoftwareSecurityModule module = Fixtures.module();
        // long enough to spill into overflow pages, which a replaced row frees
        String journal = "[" + String.join(",", java.util.Collections.nCopies(400, "\"" + CARD + "\"")) + "]";
        Fixtures.open(file, module, new Fixtures.TestClock()).close();
        Fixtures.keepClearState(file, "state.test.journal", journal);
        try (StationStore store = Fixtures.open(file, module, new Fixtures.TestClock())) {
            assertEquals(Optional.of(journal), store.settings().sealedState("state.test.journal"));
            store.settings().updateSealedState("state.test.journal", old -> {
                assertEquals(journal, old);
                return old;
            });
            assertEquals(Optional.of(journal), store.settings().sealedState("state.test.journal"));
        }
        assertFalse(fileHolds(file, CARD), "the clear form is not left in the file's free space (secure_delete)");
        try (StationStore store = Fixtures.open(file, module, new Fixtures.TestClock())) {
            assertEquals(Optional.of(journal), store.settings().sealedState("state.test.journal"));
            assertTrue(store.settings().removeState("state.test.journal"));
            assertFalse(store.settings().removeState("state.test.journal"));
            assertEquals(Optional.empty(), store.settings().sealedState("state.test.journal"));
        }
    }

    @Test
    void onlyStateKeysAndNoValueLookingSealedInClear() {
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), Fixtures.module(), new Fixtures.TestClock())) {
            assertThrows(StoreException.class, () -> store.settings().updateSealedState("core.x", old -> "v"));
        }
    }

    private static boolean fileHolds(Path file, String text) throws java.io.IOException {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (Path p : new Path[] {file, Path.of(file + "-wal")}) {
            if (java.nio.file.Files.exists(p)) {
                byte[] data = java.nio.file.Files.readAllBytes(p);
                for (int i = 0; i + needle.length <= data.length; i++) {
                    if (java.util.Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String column(Path file, String key) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement ps = c.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }
}
