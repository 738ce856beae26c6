package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;

/**
 * The clock check that schema 7 kept tab-joined in the station-state key {@code state.link.clock_check} is a typed row
 * from schema 9 on: carried over when the store is opened, the key gone; the store writes and reads it typed.
 */
class ClockCheckCarryOverTest {
    private static final String KEY = "state.link.clock_check";

    @TempDir
    Path dir;
    private final SoftwareSecurityModule module = Fixtures.module();
    private final Fixtures.TestClock clock = new Fixtures.TestClock();

    @Test
    void theTabJoinedValueOfSchema7BecomesTheTypedRow() throws Exception {
        Path file = storeOfSchema8("s.db", "-75000\t2025-03-14 09:29:01");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(Migrations.LATEST, store.schemaVersion());
            assertEquals(new SignIns.ClockOffset(Duration.ofMillis(-75_000), LocalDateTime.of(2025, 3, 14, 9, 29, 1)),
                    store.signIns().lastClockCheck().orElseThrow());
            assertTrue(store.settings().getString(KEY).isEmpty(), "the key is gone");
        }
    }

    @Test
    void aStoreOfSchema7WithoutAClockCheckHasNone() throws Exception {
        Path file = storeOfSchema8("n.db", null);
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertTrue(store.signIns().lastClockCheck().isEmpty());
        }
    }

    @Test
    void theLatestCheckReplacesTheOneBefore() throws Exception {
        try (StationStore store = Fixtures.open(dir.resolve("w.db"), module, clock)) {
            store.signIns().recordClockCheck(new SignIns.ClockOffset(Duration.ofSeconds(179),
                    LocalDateTime.of(2025, 3, 14, 9, 33, 15)));
            SignIns.ClockOffset later = new SignIns.ClockOffset(Duration.ofMillis(-1_500),
                    LocalDateTime.of(2025, 3, 15, 8, 0, 0));
            store.signIns().recordClockCheck(later);
            assertEquals(later, store.signIns().lastClockCheck().orElseThrow());
        }
    }

    /** A store as schema 8 left it: no clock_check table, V9 not applied, the check (if any) in the settings key. */
    private Path storeOfSchema8(String name, String keptValue) throws Exception {
        Path file = dir.resolve(name);
        assertEquals("8", Migrations.migrate(file, "8"));
        if (keptValue != null) {
            Fixtures.keepClearState(file, KEY, keptValue);
        }
        return file;
    }
}
