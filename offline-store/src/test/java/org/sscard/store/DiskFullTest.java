package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.values.Money;

class DiskFullTest {
    @TempDir
    Path dir;

    @Test
    void aFullDatabaseGivesAClearErrorAndKeepsWhatItHad() {
        SoftwareSecurityModule module = Fixtures.module();
        Fixtures.TestClock clock = new Fixtures.TestClock();
        Path file = dir.resolve("s.db");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            store.outbox().enqueue("c", Fixtures.message("BEFORE", "s", 1));
        }
        long limit = 512 * 1024;
        int stored = 0;
        StoreFullException full;
        try (StationStore store = StationStore.open(Fixtures.config(file, clock).withMaxSizeBytes(limit), module, PasswordHasher.FAST_FOR_TESTS)) {
            Random random = new Random(1);
            full = assertThrows(StoreFullException.class, () -> {
                for (int i = 0; ; i++) {
                    byte[] payload = new byte[4000];
                    random.nextBytes(payload);
                    store.outbox().enqueue("c", new OutboxMessage("FILL-" + i, "s", "2207", payload, false, null, Money.ofFen(i)));
                }
            });
            assertTrue(full.getMessage().contains("full"), full.getMessage());
            assertTrue(full.getMessage().contains("intact"), full.getMessage());
            assertTrue(full.getMessage().contains("Free disk space"), full.getMessage());
            stored = store.outbox().countsByState().get(OutboxState.QUEUED).intValue();
            assertTrue(stored > 10, "some messages fit before the limit: " + stored);
            assertEquals("ok", store.integrityCheck());
            assertTrue(store.audit().verify().intact(), "the failed enqueue and its audit entry rolled back together");
            assertThrows(StoreFullException.class, () -> store.outbox().enqueue("c",
                    new OutboxMessage("AGAIN", "s", "2207", new byte[4000], false, null, Money.ofFen(1))), "the same operation fails the same way");
            assertEquals(OutboxState.QUEUED, store.outbox().find("BEFORE").orElseThrow().state(), "reads still work");
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(stored, store.outbox().countsByState().get(OutboxState.QUEUED).intValue(), "nothing was lost");
            store.outbox().enqueue("c", Fixtures.message("AFTER", "s", 1));
            assertEquals("ok", store.integrityCheck());
            assertTrue(store.audit().verify().intact());
        }
    }
}
