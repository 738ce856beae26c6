package org.sscard.terminal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.MsgId;
import org.sscard.store.MsgIdBlocks;
import org.sscard.terminal.TestStation;

class MsgIdsTest {
    @TempDir
    Path dir;

    private static MsgIds ids(TestStation s) {
        return new MsgIds(TestStation.INSTITUTION, s.store.settings(), s.store.msgIdBlocks(), s.clock,
                MsgIds.markFileOf(s.config));
    }

    private static TestStation station(Path dir, int stationNo) throws Exception {
        Files.createDirectories(dir);
        TestStation s = new TestStation(dir);
        s.giveStationNumber(stationNo);
        return s;
    }

    /** Issues {@code n} ids, checking each is later than the one before (msgids of one sender sort by time). */
    private static List<String> issue(MsgIds ids, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = ids.next();
            assertTrue(out.isEmpty() || id.compareTo(out.get(out.size() - 1)) > 0, id + " after " + out);
            out.add(id);
        }
        return out;
    }

    @Test
    void theSequenceIsTheStationNumberAndACounterThatRestartsEachSecond() throws Exception {
        try (TestStation s = station(dir, 7)) {
            MsgIds ids = ids(s);
            ids.next(); // the first id of a store without history
            s.clock.advance(Duration.ofMinutes(10));
            assertEquals("H44010600001202503140940150070", ids.next());
            assertEquals("H44010600001202503140940150071", ids.next());
            s.clock.advance(Duration.ofSeconds(1));
            assertEquals("H44010600001202503140940160070", ids.next());
            assertEquals(7, MsgId.parse(ids.next(), "msgid").sequence() / MsgIds.PER_SECOND);
            assertEquals("OTP202503140940160072", ids.nextReference("OTP"));
        }
    }

    @Test
    void twoStationsOfOneInstitutionNeverIssueTheSameIdOnTheSameClock() throws Exception {
        try (TestStation a = station(dir.resolve("a"), 1); TestStation b = station(dir.resolve("b"), 2)) {
            Set<String> all = new HashSet<>();
            for (int round = 0; round < 3; round++) {
                all.addAll(issue(ids(a), 12));
                all.addAll(issue(ids(b), 11));
                a.clock.advance(Duration.ofMillis(400));
                b.clock.advance(Duration.ofMillis(400));
            }
            assertEquals(69, all.size());
        }
    }

    @Test
    void aRestartWithinTheSameSecondNeverReusesAnId() throws Exception {
        try (TestStation s = station(dir, 3)) {
            Set<String> issued = new HashSet<>();
            for (int run = 0; run < 3; run++) {
                for (String id : issue(ids(s), 5)) {
                    assertTrue(issued.add(id), "issued twice: " + id);
                }
                s.reopenStore();
            }
            assertEquals(15, issued.size());
        }
    }

    @Test
    void aClockThatGoesBackContinuesFromTheLastId() throws Exception {
        try (TestStation s = station(dir, 5)) {
            MsgIds ids = ids(s);
            String before = ids.next();
            s.clock.advance(Duration.ofSeconds(-30));
            List<String> after = issue(ids, 25);
            assertTrue(after.get(0).compareTo(before) > 0, after.get(0) + " after " + before);
            s.clock.advance(Duration.ofHours(-2));
            assertTrue(ids.next().compareTo(after.get(24)) > 0);
        }
    }

    @Test
    void moreThanTenIdsInOneSecondBorrowTheNextSecondsAndComeBackToTheClock() throws Exception {
        try (TestStation s = station(dir, 12)) {
            MsgIds ids = ids(s);
            ids.next();
            s.clock.advance(Duration.ofMinutes(10));
            List<String> burst = issue(ids, 35);
            assertEquals("H44010600001202503140940150120", burst.get(0));
            assertEquals("H44010600001202503140940150129", burst.get(9));
            assertEquals("H44010600001202503140940160120", burst.get(10));
            assertEquals("H44010600001202503140940180124", burst.get(34));
            s.clock.advance(Duration.ofSeconds(1));
            assertEquals("H44010600001202503140940180125", ids.next(), "still ahead of the clock: continues");
            s.clock.advance(Duration.ofSeconds(10));
            assertEquals("H44010600001202503140940260120", ids.next(), "back on the clock");
        }
    }

    @Test
    void aRestoredOldStoreStartsAfterEveryIdIssuedSince() throws Exception {
        try (TestStation s = station(dir, 4)) {
            MsgIds ids = ids(s);
            ids.next();
            MsgIdBlocks.Block backup = s.store.msgIdBlocks().current().orElseThrow();
            List<String> sinceBackup = new ArrayList<>();
            for (int minute = 0; minute < 12; minute++) {
                sinceBackup.addAll(issue(ids, 3));
                s.clock.advance(Duration.ofMinutes(1));
            }
            s.store.msgIdBlocks().take(v -> backup); // the store put back as a restore does
            s.clock.advance(Duration.ofMinutes(-20)); // and the clock set back as well
            String first = ids.next();
            String last = sinceBackup.get(sinceBackup.size() - 1);
            assertTrue(first.compareTo(last) > 0, first + " must follow " + last);
            assertFalse(sinceBackup.contains(first));
        }
    }

    @Test
    void aRestoreOnANewMachineWithoutTheMarkFileSkipsAheadOfTheClockAndTheOldReservation() throws Exception {
        try (TestStation s = station(dir, 4)) {
            MsgIds ids = ids(s);
            ids.next();
            MsgIdBlocks.Block backup = s.store.msgIdBlocks().current().orElseThrow();
            List<String> sinceBackup = issue(ids, 40); // a burst: ids up to 3 s ahead of the clock
            Files.delete(MsgIds.markFileOf(s.config));
            s.store.msgIdBlocks().take(v -> backup);
            String first = ids(s).next(); // the new machine's station process
            assertTrue(first.compareTo(sinceBackup.get(39)) > 0, first + " must follow " + sinceBackup.get(39));
            assertTrue(Files.exists(MsgIds.markFileOf(s.config)), "the mark file is written again");
        }
    }

    @Test
    void idsComeFromABlockWrittenOnceAndAStationKilledMidBlockStartsAfterIt() throws Exception {
        try (TestStation s = station(dir, 6)) {
            MsgIds ids = ids(s);
            long writes = s.store.writeStatistics().transactions();
            List<String> issued = new ArrayList<>();
            for (int minute = 0; minute < 4; minute++) {
                issued.addAll(issue(ids, 6));
                s.clock.advance(Duration.ofMinutes(1));
            }
            assertEquals(1, s.store.writeStatistics().transactions() - writes, "one store write for the block");
            String reserved = s.store.msgIdBlocks().current().orElseThrow().reservedUntil();

            String afterKill = ids(s).next(); // a new process: the killed one's ids under the block are unknown
            assertTrue(afterKill.compareTo(issued.get(issued.size() - 1)) > 0);
            assertTrue(MsgId.parse(afterKill, "msgid").time().isAfter(LocalDateTime.parse(reserved,
                    DateTimeFormatter.ofPattern("uuuuMMddHHmmss"))), afterKill + " after " + reserved);
            s.clock.advance(Duration.ofMinutes(10));
            String later = ids.next();
            assertTrue(later.compareTo(afterKill) > 0, "the first process takes a block after the second's: " + later);
        }
    }

    @Test
    void twoProcessesOnOneStoreTakeSeparateBlocks() throws Exception {
        try (TestStation s = station(dir, 8)) {
            MsgIds a = ids(s);
            MsgIds b = ids(s);
            Set<String> issued = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                assertTrue(issued.add(a.next()), "issued twice");
                assertTrue(issued.add(b.next()), "issued twice");
                s.clock.advance(Duration.ofMillis(300));
            }
            assertEquals(60, issued.size());
        }
    }

    @Test
    void anIdIsLaterThanAnOldFormatIdLeftByAnEarlierVersion() throws Exception {
        try (TestStation s = station(dir, 1)) {
            // as the store carries over a last msgid written without a reservation: its own second is the reservation
            s.store.msgIdBlocks().take(v -> new MsgIdBlocks.Block("H44010600001202503140930150011", "20250314093015"));
            String next = ids(s).next();
            assertTrue(next.compareTo("H44010600001202503140930150011") > 0, next);
        }
    }

    @Test
    void aBlockTakenByAnotherHolderIsNoticedAtTheNextIdWithoutAWrite() throws Exception {
        try (TestStation s = station(dir, 9)) {
            MsgIds a = ids(s);
            MsgIds b = ids(s);
            String first = a.next();
            long writes = s.store.writeStatistics().transactions();
            a.next();
            assertEquals(writes, s.store.writeStatistics().transactions(), "an id from the held block writes nothing");
            String fromB = b.next();
            MsgIdBlocks.Block taken = s.store.msgIdBlocks().current().orElseThrow();
            assertEquals(fromB, taken.firstMsgid(), "b took its own block");
            String next = a.next();
            assertTrue(next.compareTo(fromB) > 0 && next.compareTo(first) > 0, next);
            assertTrue(MsgId.parse(next, "msgid").time().isAfter(LocalDateTime.parse(taken.reservedUntil(),
                    DateTimeFormatter.ofPattern("uuuuMMddHHmmss"))), "a starts after b's block: " + next);
        }
    }

    @Test
    void withoutAStationNumberNoIdIsIssuedAndTheAdministratorIsToldToEnrolAgain() throws Exception {
        try (TestStation s = new TestStation(dir)) {
            LinkException e = assertThrows(LinkException.class, () -> ids(s).next());
            assertTrue(e.getMessage().contains("enrol it again"), e.getMessage());
            assertTrue(s.store.msgIdBlocks().current().isEmpty(), "nothing was issued");
        }
    }

    @Test
    void aMarkFileThatCannotBeWrittenStopsTheIdWithAClearMessage() throws Exception {
        try (TestStation s = station(dir, 2)) {
            Files.createDirectories(MsgIds.markFileOf(s.config).resolveSibling("keys.sks.msgid-mark.tmp"));
            LinkException e = assertThrows(LinkException.class, () -> ids(s).next());
            assertTrue(e.getMessage().contains("cannot be written"), e.getMessage());
            assertTrue(s.store.msgIdBlocks().current().isEmpty(), "nothing was issued");
        }
    }
}
