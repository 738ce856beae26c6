package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak of scripts/soak, bounded for the test run: a simulated day and a half with flaps, kills and a disk-full episode. */
class StationSoakTest {
    @TempDir
    Path dir;

    @Test
    void aStationThroughFlapsKillsAndAFullDiskLosesNothingAndSettlesNothingTwice() throws Exception {
        StationSoak.Report r = StationSoak.run(dir, new StationSoak.Plan(240, 7, Duration.ofMinutes(8), 80, 5));
        System.out.print(r.describe());
        assertTrue(r.problems().isEmpty(), r.describe());
        assertTrue(r.kills() >= 2 && r.flaps() >= 10 && r.deferredSettled() > 0 && r.diskFullEpisodes() == 1 && r.days() >= 2, r.describe());
        assertEquals(r.settledOnline() + r.deferredSettled(), r.centralSettlements(), r.describe());
    }
}
