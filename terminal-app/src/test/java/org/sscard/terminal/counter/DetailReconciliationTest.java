package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.centralsim.Fault;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;

/**
 * Detail reconciliation through files (9101 → 3202 → 9102) against central-sim: every kind of difference as the
 * supervisor's screen and {@code terminal reconcile} show it, and a result file that cannot be had says to run the
 * reconciliation again, which then works.
 */
class DetailReconciliationTest {
    @TempDir
    Path dir;
    /** Run once just before the next 9102 leaves the station. */
    private final AtomicReference<Runnable> beforeDownload = new AtomicReference<>();
    private CounterFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new CounterFixture(dir, chain -> {
            if (chain.request().url().encodedPath().endsWith("/9102")) {
                Runnable r = beforeDownload.getAndSet(null);
                if (r != null) {
                    r.run();
                }
            }
            return chain.proceed(chain.request());
        });
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static SettledRecords.Record with(SettledRecords.Record r, String setlId, String origSetlId, String msgid,
            Money acct) {
        return new SettledRecords.Record(setlId, origSetlId, msgid, r.mdtrtId(), r.psnNo(), r.insutype(), r.medType(),
                r.setlTime(), r.medfee(), r.fulamtOwnpay(), r.overlmt(), r.preselfpay(), r.inscp(), r.deductible(),
                r.hifp(), r.fund(), acct, r.cash(), r.operatorId(), r.createdAt(), r.cardNumber(), r.insuredRegion(),
                r.stream(), r.batchNumber(), r.kind(), r.otherFunds());
    }

    private SettledRecords.Record record(String setlId) {
        LocalDate today = LocalDate.now(f.clock);
        return f.counter.records().between(today, today).stream().filter(r -> r.setlId().equals(setlId)).findFirst()
                .orElseThrow();
    }

    @Test
    void everyKindOfDifferenceIsReportedAsTheCentralServiceFindsIt() throws Exception {
        SettledRecords.Record a = record(HospitalLedgerEndToEndTest.settle(f, 1));
        SettledRecords.Record b = record(HospitalLedgerEndToEndTest.settle(f, 2));
        SettledRecords.Record c = record(HospitalLedgerEndToEndTest.settle(f, 3));
        LocalDate today = LocalDate.now(f.clock);
        String otherMsgid = CounterFixture.INSTITUTION + "20250101000000" + "0001";
        String localMsgid = CounterFixture.INSTITUTION + "20250101000000" + "0002";
        List<SettledRecords.Record> books = List.of(
                with(a, a.setlId(), null, a.msgid(), a.acct().plus(Money.ofFen(1))),
                with(b, b.setlId(), null, otherMsgid, b.acct()),
                with(b, "SETL-CANCEL-B", b.setlId(), localMsgid, b.acct().negate()),
                with(a, "ST-LOCAL-ONLY", null, localMsgid, a.acct()));
        f.login("supervisor");
        Reconciliation.Result r = f.reconciliation().reconcileInstitution(today, today, books);
        assertFalse(r.balanced());
        assertEquals(List.of(
                new Reconciliation.Difference(a.setlId(), a.msgid(), "AMOUNTS_DIFFER",
                        "acct_pay: institution " + a.acct().plus(Money.ofFen(1)) + ", central " + a.acct()),
                new Reconciliation.Difference(b.setlId(), b.msgid(), "AMOUNTS_DIFFER",
                        "cancelled at the institution, not at the central service; msgid differs"),
                new Reconciliation.Difference("ST-LOCAL-ONLY", localMsgid, "ONLY_AT_INSTITUTION",
                        "no settlement ST-LOCAL-ONLY at the central service in this period"),
                new Reconciliation.Difference(c.setlId(), c.msgid(), "ONLY_AT_CENTRAL", "medfee_sumamt " + c.medfee())),
                r.differences());
        assertEquals(List.of(), f.reconciliation().detail(today, today), "the station's own books match row by row");
    }

    @Test
    void aResultFileThatCannotBeHadSaysToRunTheReconciliationAgain() throws Exception {
        HospitalLedgerEndToEndTest.settle(f, 1);
        LocalDate today = LocalDate.now(f.clock);
        f.login("supervisor");
        f.central.faults().arm(Fault.parse("9102:fail-5xx:1"));
        CounterException failed = assertThrows(CounterException.class, () -> f.reconciliation().detail(today, today));
        assertEquals(Reason.RECONCILIATION_RESULT_LOST, failed.problem().reason());
        assertTrue(failed.problem().english().endsWith("Run the reconciliation again; reconciliation settles nothing,"
                + " so repeating it is safe."), failed.problem().english());
        assertEquals(List.of(), f.reconciliation().detail(today, today), "run again, it works");

        beforeDownload.set(() -> {
            try {
                f.centralUpdate("UPDATE stored_file SET dld_endtime = '2000-01-01 00:00:00' WHERE kind = 'result'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        CounterException late = assertThrows(CounterException.class, () -> f.reconciliation().detail(today, today));
        assertEquals(Reason.RECONCILIATION_RESULT_LOST, late.problem().reason());
        assertTrue(late.problem().english().contains("file_qury_no: its time ran out at 2000-01-01 00:00:00"),
                late.problem().english());
        assertTrue(late.problem().in(java.util.Locale.SIMPLIFIED_CHINESE).contains("请重新对账"),
                late.problem().in(java.util.Locale.SIMPLIFIED_CHINESE));
        assertEquals(List.of(), f.reconciliation().detail(today, today), "run again, it works");
    }
}
