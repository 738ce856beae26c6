package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A visit's registration is read back from the audit entry written with its row (same write, same time): the entry of
 * that visit and action only, none for a visit the counter did not register or does not know.
 */
class VisitRegistrationTest {
    @TempDir
    Path dir;

    @Test
    void theRegistrationDetailIsTheAuditEntryWrittenWithTheVisitsRow() {
        Fixtures.TestClock clock = new Fixtures.TestClock();
        try (StationStore store = Fixtures.open(dir.resolve("s.db"), Fixtures.module(), clock)) {
            store.visits().register("MD1", "11", "cashier", "med_type=11 ecode:P0001");
            store.audit().record("cashier", "visit.fees", "MD1", "2 items");
            clock.advance(Duration.ofSeconds(1));
            store.audit().record("cashier", "visit.register", "MD2", "med_type=11 ecode:P0002");
            clock.advance(Duration.ofSeconds(1));
            store.visits().register("MD2", "11", "cashier", "med_type=11 card#0123456789AB");
            store.visits().finish("DF-MD3", "{\"setl_id\":\"S3\"}");

            assertEquals(Optional.of("med_type=11 ecode:P0001"), store.visits().registrationDetail("MD1"));
            assertEquals(Optional.of("med_type=11 card#0123456789AB"), store.visits().registrationDetail("MD2"),
                    "the entry written with the row, not an earlier one of the same subject");
            assertEquals(Optional.empty(), store.visits().registrationDetail("DF-MD3"), "not registered at the counter");
            assertEquals(Optional.empty(), store.visits().registrationDetail("NO-SUCH"));
        }
    }
}
