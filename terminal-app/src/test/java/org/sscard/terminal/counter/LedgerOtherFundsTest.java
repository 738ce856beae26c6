package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.terminal.ledger.InstitutionBooks;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerException;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.values.Money;

/**
 * The funds a platform pays besides the pool (公务员医疗补助 cvlserv_pay and 医疗救助 maf_pay here, added to central-sim's
 * answers on their way, {@link ShapedAnswers}) reach the hospital ledger on PostgreSQL, and its reports and
 * reconciliation show each that is not zero, named as the receipt names it; the totals still balance. A station of the
 * previous version, which sends none of them, keeps replicating into this ledger.
 */
class LedgerOtherFundsTest {
    private static final String DEVICE = "DEV-0001";
    private static final String CVLSERV = "公务员医疗补助 cvlserv_pay";
    private static final String MAF = "医疗救助 maf_pay";
    private static final String OLD_MSGID = "H44010600001202503140930150011";
    private static final String NEW_MSGID = "H44010600001202503140930150021";

    @TempDir
    Path dir;

    @Test
    void everyFundReachesTheLedgerItsReportsAndItsReconciliation() throws Exception {
        String url = LedgerDatabase.require();
        Ledger ledger = LedgerDatabase.ledger(url);
        ShapedAnswers answers = new ShapedAnswers(dir.resolve("central"))
                .shape("2207", ShapedAnswers.fund("cvlserv_pay", "0.50").andThen(ShapedAnswers.fund("maf_pay", "0.25")))
                .shape("2208", ShapedAnswers.fund("cvlserv_pay", "-0.50").andThen(ShapedAnswers.fund("maf_pay", "-0.25"))
                        .andThen(ShapedAnswers::asTheTableHasIt));
        try (CounterFixture f = new CounterFixture(dir, answers)) {
            String first = HospitalLedgerEndToEndTest.settle(f, 1);
            HospitalLedgerEndToEndTest.settle(f, 2);
            HospitalLedgerEndToEndTest.settle(f, 1);
            f.counter.cancel(first, null);
            SettledRecords.Record cancelled = f.counter.records().findSettlement(first).orElseThrow();

            LedgerReplicator replicator = new LedgerReplicator(f.store, ledger, CounterFixture.INSTITUTION, DEVICE);
            assertEquals(4, replicator.runOnce().added());
            LocalDate today = LocalDate.now(f.clock);
            List<SettledRecords.Record> held = ledger.between(CounterFixture.INSTITUTION, today, today);
            List<SettledRecords.Record> own = f.counter.records().between(today, today);
            assertEquals(own.stream().map(r -> Ledger.asKept(r, DEVICE)).toList(), held, "the ledger holds the books");
            for (SettledRecords.Record r : held) {
                assertEquals(r.isCancel() ? Map.of("cvlserv_pay", Money.parse("-0.50"), "maf_pay", Money.parse("-0.25"))
                        : Map.of("cvlserv_pay", Money.parse("0.50"), "maf_pay", Money.parse("0.25")), r.otherFunds());
            }
            SettledRecords.Record cancel = held.stream().filter(SettledRecords.Record::isCancel).findFirst().orElseThrow();
            assertEquals(first, cancel.origSetlId());
            assertEquals(cancelled.insutype(), cancel.insutype(), "the cancel's row has the settlement's insutype");
            assertEquals(cancelled.medType(), cancel.medType());

            f.login("supervisor");
            Reports reports = new Reports(f.store, f.authorizer, f.counter.records());
            InstitutionBooks books = new InstitutionBooks(ledger, replicator, CounterFixture.INSTITUTION,
                    f.reconciliation(), reports);
            Reconciliation.Result reconciled = books.reconcile(today, today);
            assertTrue(reconciled.balanced(), () -> "against central-sim's 3201: " + reconciled.types());
            Money cvlserv = Money.ZERO;
            Money maf = Money.ZERO;
            for (Reconciliation.Totals t : reconciled.byInsutype().values()) {
                assertEquals(t.medfee(), t.fund().plus(t.acct()).plus(t.cash()), "the totals balance: " + t);
                cvlserv = cvlserv.plus(t.otherFunds().getOrDefault("cvlserv_pay", Money.ZERO));
                maf = maf.plus(t.otherFunds().getOrDefault("maf_pay", Money.ZERO));
            }
            assertEquals(Money.parse("1.00"), cvlserv, "three settlements less one cancel");
            assertEquals(Money.parse("0.50"), maf);

            List<Reports.Report> institution = List.of(books.daily(today), books.monthly(YearMonth.from(today)),
                    books.summary(today, today), books.byStation(today, today), books.byOperator(today, today));
            for (Reports.Report report : institution) {
                List<List<String>> funds = report.rows().stream().filter(row -> row.contains("其中")).toList();
                assertTrue(funds.stream().anyMatch(row -> row.contains(CVLSERV)), report.title() + ": " + report.rows());
                assertTrue(funds.stream().anyMatch(row -> row.contains(MAF)), report.title() + ": " + report.rows());
                assertTrue(funds.stream().noneMatch(row -> row.contains("其他支出 oth_pay")), report.rows().toString());
                assertEquals(Money.parse("1.00"), sum(funds, CVLSERV, report.columns().indexOf("基金支付")),
                        report.title() + ": " + report.rows());
                assertEquals(Money.parse("0.50"), sum(funds, MAF, report.columns().indexOf("基金支付")), report.title());
            }
        }
    }

    private static Money sum(List<List<String>> rows, String fund, int column) {
        return rows.stream().filter(row -> row.contains(fund)).map(row -> Money.parse(row.get(column)))
                .reduce(Money.ZERO, Money::plus);
    }

    @Test
    void aStationOfThePreviousVersionKeepsReplicatingIntoThisLedger() throws Exception {
        String url = LedgerDatabase.require();
        Ledger ledger = LedgerDatabase.ledger(url);

        // The previous version brings the schema up to date at its start with the migrations it knows (V1–V4).
        Path previous = Files.createDirectories(dir.resolve("previous-migrations"));
        URL migrations = Ledger.class.getResource("migration");
        try (var files = Files.list(Path.of(migrations.toURI()))) {
            for (Path m : files.filter(p -> !p.getFileName().toString().startsWith("V5")).toList()) {
                try (InputStream in = Files.newInputStream(m)) {
                    Files.copy(in, previous.resolve(m.getFileName()));
                }
            }
        }
        Flyway.configure().dataSource(url, LedgerDatabase.USER, LedgerDatabase.PASSWORD)
                .locations("filesystem:" + previous).load().migrate();

        // ...and writes its settlements with the columns it knows: they read as having no other funds.
        try (Connection c = DriverManager.getConnection(url, LedgerDatabase.USER, LedgerDatabase.PASSWORD);
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO institution (code) VALUES ('" + CounterFixture.INSTITUTION + "')");
            st.execute("INSERT INTO station (institution_code, device_number) VALUES ('" + CounterFixture.INSTITUTION
                    + "', '" + DEVICE + "')");
            st.execute("INSERT INTO settlement (institution_code, setl_id, device_number, kind, orig_setl_id, msgid,"
                    + " mdtrt_id, psn_no, insutype, med_type, setl_time, medfee_fen, fund_fen, acct_fen, cash_fen,"
                    + " operator_id) VALUES ('" + CounterFixture.INSTITUTION + "', 'SETL-OLD', '" + DEVICE + "',"
                    + " 'SETTLEMENT', NULL, '" + OLD_MSGID + "', 'MD-OLD', 'P1', '310', '11',"
                    + " '2025-03-14 09:31:00', 30000, 18550, 11450, 0, 'cashier')");
        }
        LocalDate day = LocalDate.of(2025, 3, 14);
        SettledRecords.Record old = ledger.between(CounterFixture.INSTITUTION, day, day).get(0);
        assertEquals(Map.of(), old.otherFunds());
        assertEquals(Money.parse("185.50"), Reconciliation.totals(List.of(old)).get(InsuType.EMPLOYEE).fund());

        // This version offers the same settlement again (a rewound station): the row takes its funds, nothing refused.
        SettledRecords.Record again = record("SETL-OLD", OLD_MSGID, Map.of("cvlserv_pay", Money.parse("20.00"), "hifob_pay", Money.parse("5.00")));
        assertEquals(0, ledger.write(CounterFixture.INSTITUTION, DEVICE, List.of(again)));
        assertEquals(List.of(Ledger.asKept(again, DEVICE)), ledger.between(CounterFixture.INSTITUTION, day, day));
        // once it holds them, other funds under the same key are another record
        assertThrows(LedgerException.class, () -> ledger.write(CounterFixture.INSTITUTION, DEVICE, List.of(record(
                "SETL-OLD", OLD_MSGID, Map.of("cvlserv_pay", Money.parse("21.00"))))));
        // a settlement without other funds is stored with zeros, not as a row of the previous version
        SettledRecords.Record plain = record("SETL-NEW", NEW_MSGID, Map.of());
        assertEquals(1, ledger.write(CounterFixture.INSTITUTION, DEVICE, List.of(plain)));
        assertThrows(LedgerException.class, () -> ledger.write(CounterFixture.INSTITUTION, DEVICE, List.of(record(
                "SETL-NEW", NEW_MSGID, Map.of("maf_pay", Money.parse("1.00"))))));
    }

    /** 300.00 settled at 09:31 on 14 March 2025: 185.50 from the funds, 114.50 from the account. */
    private static SettledRecords.Record record(String setlId, String msgid, Map<String, Money> otherFunds) {
        Money medfee = Money.parse("300.00");
        Money fund = Money.parse("185.50");
        return new SettledRecords.Record(setlId, null, msgid, "MD-OLD", "P1", InsuType.EMPLOYEE, MedType.OUTPATIENT,
                LocalDateTime.of(2025, 3, 14, 9, 31), medfee, Money.ZERO, Money.ZERO, Money.ZERO, medfee, Money.ZERO,
                fund, fund, medfee.minus(fund), Money.ZERO, "cashier", Instant.now(), null, "440100", "counter", null,
                SettledRecords.Kind.SETTLEMENT, otherFunds);
    }
}
