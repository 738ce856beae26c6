package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.ReservedMsgids.Purpose;

/**
 * A msgid reserved for a purpose and subject stays the one returned: the first reservation wins (also against one made
 * between the read and the write), it survives a reopen, and stores of schema 11 bring their station-state keys along.
 */
class ReservedMsgidsTest {
    @TempDir
    Path dir;
    private final SoftwareSecurityModule module = Fixtures.module();
    private final Fixtures.TestClock clock = new Fixtures.TestClock();

    @Test
    void theFirstReservationWinsAndSurvivesAReopen() {
        Path file = dir.resolve("s.db");
        AtomicInteger asked = new AtomicInteger();
        try (StationStore store = Fixtures.open(file, module, clock)) {
            ReservedMsgids reserved = store.reservedMsgids();
            assertTrue(reserved.find(Purpose.REVERSAL, "M1").isEmpty());
            assertEquals("R1", reserved.reserve(Purpose.REVERSAL, "M1", () -> "R1"));
            assertEquals("R1", reserved.reserve(Purpose.REVERSAL, "M1", () -> {
                asked.incrementAndGet();
                return "R2";
            }));
            assertEquals(0, asked.get(), "no candidate is drawn once a msgid is reserved");
            assertEquals("C1", reserved.reserve(Purpose.RESUBMIT, "M1", () -> "C1"), "each purpose has its own");
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals("R1", store.reservedMsgids().reserve(Purpose.REVERSAL, "M1", () -> "R3"));
            assertEquals("C1", store.reservedMsgids().find(Purpose.RESUBMIT, "M1").orElseThrow());
        }
    }

    @Test
    void aReservationMadeWhileTheCandidateWasDrawnIsKept() {
        try (StationStore store = Fixtures.open(dir.resolve("r.db"), module, clock)) {
            ReservedMsgids reserved = store.reservedMsgids();
            // the other writer reserves between this caller's read and its write
            String got = reserved.reserve(Purpose.DEFERRED_STEP, "DF-1.2201",
                    () -> {
                        assertEquals("FIRST", reserved.reserve(Purpose.DEFERRED_STEP, "DF-1.2201", () -> "FIRST"));
                        return "SECOND";
                    });
            assertEquals("FIRST", got);
            assertEquals("FIRST", reserved.find(Purpose.DEFERRED_STEP, "DF-1.2201").orElseThrow());
        }
    }

    @Test
    void aSupersedingReversalReplacesTheOriginalsReversal() {
        Path file = dir.resolve("p.db");
        try (StationStore store = Fixtures.open(file, module, clock)) {
            ReservedMsgids reserved = store.reservedMsgids();
            reserved.reserve(Purpose.REVERSAL, "M1", () -> "R1");
            reserved.reserve(Purpose.SUPERSEDE, "R1", () -> "R2");
            reserved.replace(Purpose.REVERSAL, "M1", "R2");
            reserved.replace(Purpose.REVERSAL, "M1", "R2");
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals("R2", store.reservedMsgids().reserve(Purpose.REVERSAL, "M1", () -> "R9"));
            assertEquals("R2", store.reservedMsgids().find(Purpose.SUPERSEDE, "R1").orElseThrow());
        }
    }

    @Test
    void aMsgidIsReservedForOneSubjectOfAPurpose() {
        try (StationStore store = Fixtures.open(dir.resolve("u.db"), module, clock)) {
            ReservedMsgids reserved = store.reservedMsgids();
            reserved.reserve(Purpose.RESUBMIT, "M1", () -> "C1");
            assertThrows(StoreException.class, () -> reserved.reserve(Purpose.RESUBMIT, "M2", () -> "C1"));
            assertTrue(reserved.find(Purpose.RESUBMIT, "M2").isEmpty(), "nothing reserved by the refused write");
        }
    }

    @Test
    void theKeysOfSchema11BecomeRowsAndAreRemoved() throws Exception {
        Path file = dir.resolve("k.db");
        assertEquals("11", Migrations.migrate(file, "11"));
        String[][] kept = {{"state.deferred.step.DF-7.2201", "S1"}, {"state.forwarder.reversal.M1", "R2"},
            {"state.forwarder.supersede.R1", "R2"}, {"state.forwarder.resubmit.M1", "C1"}, {"state.forwarder.other", "x"},
            {"state.msgid.block", "7"}};
        for (int i = 0; i < kept.length; i++) {
            Fixtures.keepClearState(file, kept[i][0], kept[i][1], 1000L * (i + 1));
        }
        try (StationStore store = Fixtures.open(file, module, clock)) {
            assertEquals(Migrations.LATEST, store.schemaVersion());
            ReservedMsgids reserved = store.reservedMsgids();
            assertEquals("S1", reserved.find(Purpose.DEFERRED_STEP, "DF-7.2201").orElseThrow());
            assertEquals("R2", reserved.find(Purpose.REVERSAL, "M1").orElseThrow());
            assertEquals("R2", reserved.find(Purpose.SUPERSEDE, "R1").orElseThrow());
            assertEquals("C1", reserved.reserve(Purpose.RESUBMIT, "M1", () -> "C9"), "a carried reservation is kept");
            assertEquals("7", store.settings().getString("state.msgid.block").orElseThrow(), "other keys stay");
            assertEquals("x", store.settings().getString("state.forwarder.other").orElseThrow(),
                    "a key of no reservation stays");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM setting WHERE key LIKE 'state.deferred.step.%'"
                    + " OR key LIKE 'state.forwarder.reversal.%' OR key LIKE 'state.forwarder.supersede.%'"
                    + " OR key LIKE 'state.forwarder.resubmit.%'")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1), "the keys are gone");
            }
            try (ResultSet rs = s.executeQuery("SELECT reserved_at FROM reserved_msgid WHERE purpose = 'RESUBMIT'")) {
                assertTrue(rs.next());
                assertEquals(4000, rs.getLong(1), "reserved when the key was written");
                assertFalse(rs.next());
            }
        }
    }
}
