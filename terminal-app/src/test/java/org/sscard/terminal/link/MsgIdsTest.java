package org.sscard.terminal.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.terminal.TestStation;

class MsgIdsTest {
    @TempDir
    Path dir;

    @Test
    void sequenceCountsWithinASecondAndRestartsInTheNext() throws Exception {
        try (TestStation s = new TestStation(dir)) {
            MsgIds ids = new MsgIds(TestStation.INSTITUTION, s.store.settings(), s.clock);
            assertEquals("H44010600001202503140930150001", ids.next());
            assertEquals("H44010600001202503140930150002", ids.next());
            s.clock.advance(Duration.ofSeconds(1));
            assertEquals("H44010600001202503140930160001", ids.next());
        }
    }

    @Test
    void aRestartWithinTheSameSecondNeverReusesAnId() throws Exception {
        try (TestStation s = new TestStation(dir)) {
            Set<String> issued = new HashSet<>();
            for (int run = 0; run < 3; run++) {
                MsgIds ids = new MsgIds(TestStation.INSTITUTION, s.store.settings(), s.clock);
                for (int i = 0; i < 5; i++) {
                    assertTrue(issued.add(ids.next()), "issued twice");
                }
                s.reopenStore();
            }
            assertEquals(15, issued.size());
            MsgIds after = new MsgIds(TestStation.INSTITUTION, s.store.settings(), s.clock);
            assertEquals("H44010600001202503140930150016", after.next());
        }
    }

    @Test
    void aClockThatGoesBackContinuesFromTheLastId() throws Exception {
        try (TestStation s = new TestStation(dir)) {
            MsgIds ids = new MsgIds(TestStation.INSTITUTION, s.store.settings(), s.clock);
            ids.next();
            s.clock.advance(Duration.ofSeconds(-30));
            assertEquals("H44010600001202503140930150002", ids.next());
        }
    }

    @Test
    void after9999InOneSecondTheTimeMovesOn() throws Exception {
        try (TestStation s = new TestStation(dir)) {
            MsgIds ids = new MsgIds(TestStation.INSTITUTION, s.store.settings(), s.clock);
            LocalDateTime t = LocalDateTime.of(2025, 3, 14, 9, 30, 15);
            assertEquals("H44010600001202503140930160001",
                    ids.following("H44010600001202503140930159999", t).toString());
            assertEquals("H44010600001202503140930150001", ids.following(null, t).toString());
        }
    }
}
