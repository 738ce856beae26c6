package org.sscard.centralsim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20 stations settle visits while 200 connections are held unfinished, in a few seconds (the longer run and its
 * figures: scripts/bench-central-slow, docs/BENCHMARKS.md). Every message of every visit must succeed; the slow
 * connections must still be held at the end, or the run proved nothing. Latency is printed, not asserted.
 */
class SlowClientsLoadTest {
    @Test
    void stationsSettleWhileTwoHundredConnectionsAreHeldUnfinished(@TempDir Path dir) throws Exception {
        SlowClientsLoad.Result r = SlowClientsLoad.run(dir, 20, 200, 2, 1, 1);
        SlowClientsLoad.print(20, 200, 2, r);
        assertTrue(r.slowed().latencies().length >= 20 * 5, "each station settled at least one visit");
        assertTrue(r.slowOpenAtEnd() >= 100, "the slow connections were held during the run: " + r.slowOpenAtEnd());
    }
}
