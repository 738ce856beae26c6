package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.MedType;
import org.sscard.store.OutboxEntry;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.ledger.LedgerGate;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;

/**
 * Windows of one hospital replicate their books to the hospital ledger on a real PostgreSQL (scripts/pg-up), and the
 * institution's reconciliation reads the ledger: balanced against central-sim's 3201 over all windows, while one
 * window's own books do not cover the institution. A window killed between recording and replicating, or cut off
 * from the ledger, catches up with nothing copied twice.
 */
class HospitalLedgerEndToEndTest extends HospitalWindows {
    static LedgerReplicator replicator(CounterFixture f, Ledger ledger) {
        return new LedgerReplicator(f.store, ledger, CounterFixture.INSTITUTION, f.config.deviceNumber());
    }

    /** Settles one outpatient visit with demo card {@code card}; returns its setl_id. */
    static String settle(CounterFixture f, int card) throws Exception {
        return settle(f, card, new CounterItem("L" + f.nationalItems().get(card * 7).code(), card));
    }

    /** Settles one outpatient visit of {@code item} with demo card {@code card}; returns its setl_id. */
    static String settle(CounterFixture f, int card, CounterItem item) throws Exception {
        f.login("cashier");
        DemoCard demo = f.insert(card);
        try (PresentedCard presented = f.presentation.present(demo.pin().toCharArray())) {
            Visit v = f.counter.register(presented, MedType.OUTPATIENT, "D01", "李医生",
                    f.counter.basket(List.of(item)));
            f.counter.uploadAndPreSettle(v);
            f.counter.settle(v);
            assertEquals(VisitState.SETTLED, v.state());
            return v.receipt().setlId();
        }
    }

    private List<SettledRecords.Record> books(CounterFixture f) {
        LocalDate today = LocalDate.now(f.clock);
        return f.counter.records().between(today, today);
    }

    @Test
    void theInstitutionReconcilesFromTheLedgerWhereNoWindowAloneDoes() throws Exception {
        CounterFixture a = window(1);
        CounterFixture b = window(2);
        CounterFixture c = window(3);
        String first = settle(a, 1);
        settle(a, 2);
        a.counter.cancel(first, null);
        settle(b, 1);
        java.time.Instant closed = b.counter.shifts().close("cashier");
        String atC = settle(c, 2);

        int expected = 0;
        for (CounterFixture f : windows) {
            LedgerReplicator.Pass pass = replicator(f, ledger).runOnce();
            assertEquals(books(f).size(), pass.added(), "every record of " + f.config.deviceNumber() + " is new");
            assertEquals(f == b ? 1 : 0, pass.shiftCloses());
            expected += pass.added();
            LedgerReplicator.Pass second = replicator(f, ledger).runOnce();
            assertEquals(0, second.added() + second.shiftCloses(), "a second pass copies nothing again");
        }
        assertEquals(List.of(new Ledger.ShiftClose("DEV-0002", "cashier", closed.truncatedTo(ChronoUnit.MILLIS))),
                ledger.shiftCloses(
                CounterFixture.INSTITUTION, closed.minusSeconds(60), closed.plusSeconds(60)));
        LocalDate today = LocalDate.now(a.clock);
        List<SettledRecords.Record> institution = ledger.between(CounterFixture.INSTITUTION, today, today);
        assertEquals(expected, institution.size());
        assertEquals(5, expected, "4 settlements and 1 cancel");
        assertEquals(Set.of("DEV-0001", "DEV-0002", "DEV-0003"), new HashSet<>(ledger.stations(CounterFixture.INSTITUTION)));

        b.login("supervisor");
        List<SettledRecords.Record> withoutC = institution.stream().filter(r -> !r.stream().equals("DEV-0003")).toList();
        Reconciliation.Result missing = b.reconciliation().reconcileInstitution(today, today, withoutC);
        assertFalse(missing.balanced(), "a station's records missing from the ledger");
        assertEquals(List.of(atC + " ONLY_AT_CENTRAL"), missing.differences().stream()
                .map(d -> d.setlId() + " " + d.result()).toList(), "3202 from the ledger names the missing record");
        Reconciliation.Result alone = b.reconciliation().reconcile(today, today);
        assertFalse(alone.balanced(), "one window's books are not the institution's");
        Reconciliation.Result whole = b.reconciliation().reconcileInstitution(today, today, institution);
        assertTrue(whole.balanced(), () -> "the ledger covers the institution: " + whole.types());
        assertEquals(List.of(), whole.differences());

        Reports.Report report = new Reports(b.store, b.authorizer, b.counter.records()).institution(today, today,
                institution);
        List<List<String>> subtotals = report.rows().stream().filter(r -> r.get(0).equals("小计")).toList();
        assertEquals(List.of("DEV-0001 3", "DEV-0002 1", "DEV-0003 1"), subtotals.stream()
                .map(r -> r.get(1) + " " + r.get(3)).toList(), "per station: " + report.rows());
        SettledRecords.Record cancel = institution.stream().filter(SettledRecords.Record::isCancel).findFirst()
                .orElseThrow();
        assertTrue(report.rows().stream().anyMatch(r -> r.subList(0, 5).equals(List.of("DEV-0001", "cashier", "撤销", "1",
                Reports.m(cancel.medfee())))), "per operator and kind: " + report.rows());
    }

    @Test
    void aWindowKilledOrCutOffFromTheLedgerCatchesUpWithNothingCopiedTwice() throws Exception {
        CounterFixture a = window(1);
        try (LedgerGate gate = new LedgerGate(url)) {
            Ledger throughGate = new Ledger(gate.url(), LedgerDatabase.USER, LedgerDatabase.PASSWORD.toCharArray());
            settle(a, 1);
            assertEquals(1, replicator(a, throughGate).runOnce().added());
            long cursor = replicator(a, ledger).cursor();

            // The ledger's network goes down: the window settles on, its passes fail, the cursor stays.
            gate.cut();
            settle(a, 2);
            settle(a, 1);
            assertThrows(LedgerException.class, () -> replicator(a, throughGate).runOnce());
            assertEquals(cursor, replicator(a, ledger).cursor());
            // Back up: the next pass drains what waited.
            gate.restore();
            LedgerReplicator.Pass drained = replicator(a, throughGate).runOnce();
            assertEquals(2, drained.added());
            assertTrue(drained.cursor() > cursor);
            cursor = drained.cursor();

            // Killed after the ledger committed a pass and before the cursor was written: the rows are there already.
            settle(a, 2);
            List<SettledRecords.Record> committed = new ArrayList<>();
            for (OutboxEntry e : a.store.outbox().after(cursor, SettledRecords.BOOK_INFNOS, 100)) {
                committed.addAll(SettledRecords.booksOf(a.store.outbox(), e));
            }
            assertEquals(1, ledger.write(CounterFixture.INSTITUTION, a.config.deviceNumber(), committed));
            a.restartStation();
            LedgerReplicator.Pass again = replicator(a, throughGate).runOnce();
            assertEquals(0, again.added(), "the rows the ledger holds are not copied twice");
            assertTrue(again.cursor() > cursor);
        }

        // Killed between recording a settlement and replicating it: the next start's pass sends it.
        settle(a, 1);
        a.restartStation();
        assertEquals(1, replicator(a, ledger).runOnce().added());
        LocalDate today = LocalDate.now(a.clock);
        assertEquals(5, books(a).size());
        assertEquals(books(a).stream().map(r -> Ledger.asKept(r, a.config.deviceNumber())).toList(),
                ledgerRows(a, today), "the ledger holds the window's books, each once");
    }

    @Test
    void aRedeliveredRowThatDiffersIsRefused() throws Exception {
        CounterFixture a = window(1);
        settle(a, 1);
        SettledRecords.Record r = books(a).get(0);
        assertEquals(1, ledger.write(CounterFixture.INSTITUTION, "DEV-0001", List.of(r)));
        assertEquals(0, ledger.write(CounterFixture.INSTITUTION, "DEV-0001", List.of(r)));
        LedgerException e = assertThrows(LedgerException.class,
                () -> ledger.write(CounterFixture.INSTITUTION, "DEV-0009", List.of(r)));
        assertEquals(Reason.LEDGER_ROW_DIFFERS, e.problem().reason());
        assertEquals(r.setlId(), e.problem().args().get(0));
        assertTrue(e.getMessage().contains("other content"), e.getMessage());
    }

    @Test
    void aBatchIsWrittenWholeOrRefusedWhole() throws Exception {
        CounterFixture a = window(1);
        settle(a, 1);
        settle(a, 2);
        SettledRecords.Record first = books(a).get(0);
        SettledRecords.Record second = books(a).get(1);
        assertEquals(1, ledger.write(CounterFixture.INSTITUTION, "DEV-0001", List.of(first, first)),
                "a record offered twice in one batch is one row");
        assertEquals(1, ledger.write(CounterFixture.INSTITUTION, "DEV-0001", List.of(first, second, second)));

        SettledRecords.Record fresh = with(first, "S-NEW-1", "M-NEW-1", first.medfee());
        SettledRecords.Record sameMsgidOtherKey = with(second, "S-OTHER-KEY", second.msgid(), second.medfee());
        SettledRecords.Record dearer = with(second, second.setlId(), second.msgid(), second.medfee().plus(Money.ofFen(1)));
        SettledRecords.Record twin = with(first, "S-NEW-2", "M-NEW-2", first.medfee());
        SettledRecords.Record otherTwin = with(first, "S-NEW-2", "M-NEW-2", first.medfee().plus(Money.ofFen(1)));
        for (List<SettledRecords.Record> batch : List.of(List.of(fresh, sameMsgidOtherKey), List.of(fresh, dearer),
                List.of(fresh, twin, otherTwin))) {
            LedgerException e = assertThrows(LedgerException.class,
                    () -> ledger.write(CounterFixture.INSTITUTION, "DEV-0001", batch));
            assertEquals(Reason.LEDGER_ROW_DIFFERS, e.problem().reason());
            assertTrue(e.getMessage().contains("other content"), e.getMessage());
        }
        LocalDate today = LocalDate.now(a.clock);
        assertEquals(List.of(first.setlId(), second.setlId()), ledger.between(CounterFixture.INSTITUTION, today, today)
                .stream().map(SettledRecords.Record::setlId).sorted().toList(), "nothing of a refused batch was written");
        assertEquals(1, ledger.write(CounterFixture.INSTITUTION, "DEV-0001", List.of(fresh, first, second)));
    }

    private static SettledRecords.Record with(SettledRecords.Record r, String setlId, String msgid, Money medfee) {
        return new SettledRecords.Record(setlId, r.origSetlId(), msgid, r.mdtrtId(), r.psnNo(), r.insutype(),
                r.medType(), r.setlTime(), medfee, r.fulamtOwnpay(), r.overlmt(), r.preselfpay(), r.inscp(),
                r.deductible(), r.hifp(), r.fund(), r.acct(), r.cash(), r.operatorId(), r.createdAt(), r.cardNumber(),
                r.insuredRegion(), r.stream(), r.batchNumber(), r.kind());
    }

    /** The ledger's rows of the window's day. */
    private List<SettledRecords.Record> ledgerRows(CounterFixture f, LocalDate day) {
        return ledger.between(CounterFixture.INSTITUTION, day, day).stream()
                .filter(r -> r.stream().equals(f.config.deviceNumber())).toList();
    }
}
