package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.store.AuditEntry;
import org.sscard.terminal.TestStation;

/**
 * An operator's shift starts at the later of their last close and midnight of their log-in day; a close is kept in
 * the store (its row and its audit entry in one write) and survives a restart.
 */
class ShiftsTest {
    @TempDir
    Path dir;

    @Test
    void theShiftStartsAtTheLastCloseOrAtMidnightOfTheLogInDay() throws Exception {
        try (TestStation s = new TestStation(dir)) {
            Instant loggedIn = s.clock.instant(); // 2025-03-14 09:30:15 in Asia/Shanghai
            Instant midnight = Instant.parse("2025-03-13T16:00:00Z");
            Shifts shifts = new Shifts(s.store, s.clock);
            assertEquals(Optional.empty(), shifts.lastClose("cashier"));
            assertEquals(midnight, shifts.shiftStart("cashier", loggedIn), "never closed: midnight of the log-in day");

            s.clock.advance(Duration.ofHours(2));
            long seq = s.store.audit().head().seq();
            long writes = s.store.writeStatistics().transactions();
            Instant closed = shifts.close("cashier");
            assertEquals(1, s.store.writeStatistics().transactions() - writes, "one write: the close and its entry");
            assertEquals(s.clock.instant(), closed);
            List<AuditEntry> entries = s.store.audit().after(seq, Shifts.CLOSE_ACTION, 10);
            assertEquals(1, entries.size());
            assertEquals("cashier", entries.get(0).subject());
            assertEquals("at " + closed, entries.get(0).detail());
            assertEquals(closed, shifts.shiftStart("cashier", loggedIn), "after the close the shift starts there");
            assertEquals(midnight, shifts.shiftStart("cashier2", loggedIn), "another operator's shift is their own");
            assertEquals(Instant.parse("2025-03-14T16:00:00Z"), shifts.shiftStart("cashier",
                    Instant.parse("2025-03-14T17:00:00Z")), "a log-in the next day starts at its midnight");

            s.reopenStore();
            Shifts afterRestart = new Shifts(s.store, s.clock);
            assertEquals(Optional.of(closed), afterRestart.lastClose("cashier"), "kept across a restart");
            s.clock.advance(Duration.ofMinutes(30));
            Instant again = afterRestart.close("cashier");
            assertEquals(again, afterRestart.shiftStart("cashier", loggedIn), "the later close replaces the earlier");
        }
    }
}
