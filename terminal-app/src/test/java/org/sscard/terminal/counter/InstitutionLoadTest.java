package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.terminal.ledger.LedgerDatabase;

/**
 * The load of scripts/bench-ledger, bounded for the test run: 20 stations of one institution settling at once while
 * each replicates to the hospital ledger (real PostgreSQL), then a 2,000-settlement day reconciled from the ledger.
 */
class InstitutionLoadTest {
    @TempDir
    Path dir;

    @Test
    void twentyStationsSettleAtOnceWhileTheLedgerReplicatesAndTheDayBalances() throws Exception {
        InstitutionLoad.Report r = InstitutionLoad.run(dir, LedgerDatabase.require(), new InstitutionLoad.Plan(20, 2, 2_000));
        System.out.print(r.describe());
        assertEquals(java.util.List.of(), r.problems(), r.describe());
        assertEquals(40 + 2, r.settled(), "20 x 2 visits and the baseline's 2: " + r.describe());
        assertEquals(r.settled(), r.ledgerRows());
        assertTrue(r.dayBalanced(), r.describe());
        assertTrue(r.passes() > 20, "the ledger replicated while the stations settled: " + r.describe());
    }
}
