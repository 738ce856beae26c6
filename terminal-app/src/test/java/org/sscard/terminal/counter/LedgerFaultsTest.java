package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sscard.terminal.counter.HospitalLedgerEndToEndTest.replicator;
import static org.sscard.terminal.counter.HospitalLedgerEndToEndTest.settle;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sscard.store.AuditEntry;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.ledger.LedgerGate;
import org.sscard.terminal.ledger.LedgerReplicator;

/**
 * The hospital ledger's faults against a real PostgreSQL (scripts/pg-up): the ledger unreachable for an hour of the
 * station's clock while its windows settle on, and the ledger restored from its own backup (scripts/ledger-backup:
 * pg_dump and pg_restore) after more was settled — each time nothing lost, nothing copied twice, the institution's day
 * balanced against central-sim. (A station killed mid-replication: {@code StationKilledMidReplicationTest}.)
 */
class LedgerFaultsTest extends HospitalWindows {
    @Test
    void aLedgerDownForAnHourIsCaughtUpAndTheDayBalances() throws Exception {
        CounterFixture a = window(1);
        CounterFixture b = window(2);
        LocalDate first = LocalDate.now(a.clock);
        try (LedgerGate gate = new LedgerGate(url)) {
            Ledger throughGate = new Ledger(gate.url(), LedgerDatabase.USER, LedgerDatabase.PASSWORD.toCharArray());
            settle(a, 1);
            settle(b, 2);
            assertEquals(1, replicator(a, throughGate).runOnce().added());
            assertEquals(1, replicator(b, throughGate).runOnce().added());
            long cursorA = replicator(a, ledger).cursor();
            long cursorB = replicator(b, ledger).cursor();

            // An hour without the ledger: a visit at each window every 10 minutes, a pass tried every 5 that fails.
            gate.cut();
            for (int minute = 5; minute <= 60; minute += 5) {
                a.clock.advance(Duration.ofMinutes(5));
                if (minute % 10 == 0) {
                    settle(a, 1 + minute / 10 % 4);
                    settle(b, 2 + minute / 10 % 4);
                }
                assertThrows(LedgerException.class, () -> replicator(a, throughGate).runOnce());
                assertThrows(LedgerException.class, () -> replicator(b, throughGate).runOnce());
            }
            String cancelled = settle(a, 3);
            a.counter.cancel(cancelled, null);
            assertEquals(cursorA, replicator(a, ledger).cursor(), "nothing counted as copied while the ledger was down");
            assertEquals(cursorB, replicator(b, ledger).cursor());

            gate.restore();
            assertEquals(6 + 2, replicator(a, throughGate).runOnce().added(), "six visits, a settlement and its cancel");
            assertEquals(6, replicator(b, throughGate).runOnce().added());
            assertEquals(0, replicator(a, throughGate).runOnce().added() + replicator(b, throughGate).runOnce().added());
        }
        assertLedgerHoldsTheBooksAndTheDayBalances(first);
    }

    @Test
    void aLedgerRestoredFromItsBackupGetsBackWhatItLackedOnce() throws Exception {
        CounterFixture a = window(1);
        CounterFixture b = window(2);
        LocalDate day = LocalDate.now(a.clock);
        settle(a, 1);
        settle(b, 2);
        b.counter.shifts().close("cashier");
        for (CounterFixture f : windows) {
            replicator(f, ledger).runOnce();
        }
        Path backup = dir.resolve("ledger.dump");
        ledgerBackup("dump", backup);

        // After the backup: more settled and replicated, a cancel, another shift closed.
        String cancelled = settle(a, 3);
        a.counter.cancel(cancelled, null);
        settle(b, 4);
        a.counter.shifts().close("cashier");
        int afterBackup = 0;
        for (CounterFixture f : windows) {
            afterBackup += replicator(f, ledger).runOnce().added();
        }
        assertEquals(3, afterBackup);
        assertEquals(5, ledger.between(CounterFixture.INSTITUTION, day, day).size());

        ledgerBackup("restore", backup);
        assertEquals(2, ledger.between(CounterFixture.INSTITUTION, day, day).size(), "the backup's rows only");
        LedgerReplicator.Pass atA = replicator(a, ledger).runOnce();
        assertTrue(atA.ledgerWasBehind());
        assertEquals(2, atA.added(), "the settlement and the cancel the restored ledger lacked");
        assertEquals(1, atA.shiftCloses(), "the shift close the restored ledger lacked");
        LedgerReplicator.Pass atB = replicator(b, ledger).runOnce();
        assertTrue(atB.ledgerWasBehind());
        assertEquals(1, atB.added());
        assertEquals(0, atB.shiftCloses(), "its shift close is in the backup");
        for (CounterFixture f : windows) {
            LedgerReplicator.Pass again = replicator(f, ledger).runOnce();
            assertFalse(again.ledgerWasBehind());
            assertEquals(0, again.added() + again.shiftCloses());
            List<AuditEntry> behind = f.store.audit().after(0, LedgerReplicator.BEHIND_ACTION, 10);
            assertEquals(1, behind.size(), "the catch-up is audited once");
        }
        assertEquals(2, ledger.shiftCloses(CounterFixture.INSTITUTION, a.clock.instant().minusSeconds(3600),
                a.clock.instant().plusSeconds(60)).size());
        assertLedgerHoldsTheBooksAndTheDayBalances(day);
    }

    /** Every window's books in the ledger exactly once, and the institution's 3201 from the ledger balanced. */
    private void assertLedgerHoldsTheBooksAndTheDayBalances(LocalDate from) {
        CounterFixture any = windows.get(0);
        LocalDate to = LocalDate.now(any.clock);
        List<SettledRecords.Record> rows = ledger.between(CounterFixture.INSTITUTION, from, to);
        Set<String> msgids = new HashSet<>();
        for (CounterFixture f : windows) {
            String device = f.config.deviceNumber();
            List<SettledRecords.Record> books = f.counter.records().between(from, to).stream()
                    .map(r -> Ledger.asKept(r, device)).toList();
            assertEquals(books, rows.stream().filter(r -> r.stream().equals(device)).toList(), device);
        }
        rows.forEach(r -> assertTrue(msgids.add(r.msgid()), "one row per message: " + r.msgid()));
        any.login("supervisor");
        Reconciliation.Result result = any.reconciliation().reconcileInstitution(from, to, rows);
        assertTrue(result.balanced(), () -> "the institution's day: " + result.types() + " " + result.differences());
    }
}
