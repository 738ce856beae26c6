package org.sscard.terminal.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sscard.cardsim.factory.DemoCard;
import org.sscard.protocol.ClrType;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.terminal.card.PresentedCard;
import org.sscard.terminal.ledger.InstitutionBooks;
import org.sscard.terminal.ledger.Ledger;
import org.sscard.terminal.ledger.LedgerDatabase;
import org.sscard.terminal.ledger.LedgerGate;
import org.sscard.terminal.ledger.LedgerReplicator;
import org.sscard.terminal.session.AccessDeniedException;

/**
 * A supervisor at any window runs the institution's reconciliation and reports from the hospital ledger (real
 * PostgreSQL): an outpatient window and a pharmacy window of one hospital; the 3201s per insurance type and clearing
 * type balance over both, and the daily, monthly, per-station and per-operator reports agree with them to the fen.
 */
class InstitutionBooksEndToEndTest extends HospitalWindows {
    private static InstitutionBooks books(CounterFixture f, Ledger ledger) {
        return new InstitutionBooks(ledger, new LedgerReplicator(f.store, ledger, CounterFixture.INSTITUTION,
                f.config.deviceNumber()), CounterFixture.INSTITUTION, f.reconciliation(),
                new Reports(f.store, f.authorizer, f.counter.records()));
    }

    private static String outpatient(CounterFixture f, int card) {
        f.login("cashier");
        DemoCard demo = f.insert(card);
        try (PresentedCard presented = f.presentation.present(demo.pin().toCharArray())) {
            Visit v = f.counter.register(presented, MedType.OUTPATIENT, "D01", "李医生",
                    f.counter.basket(List.of(new CounterItem("L" + f.nationalItems().get(card * 7).code(), card))));
            f.counter.uploadAndPreSettle(v);
            f.counter.settle(v);
            assertEquals(VisitState.SETTLED, v.state());
            return v.receipt().setlId();
        }
    }

    private static void pharmacy(CounterFixture f, int card) {
        f.login("pharmacist");
        DemoCard demo = f.insert(card);
        try (PresentedCard presented = f.presentation.present(demo.pin().toCharArray())) {
            String amoxicillin = f.store.catalog().searchLocal("AMXL", 5).get(0).localCode();
            Visit v = f.counter.register(presented, MedType.PHARMACY, "PHARMACY", "药师",
                    f.counter.basket(List.of(new CounterItem(amoxicillin, 2))));
            f.counter.uploadAndPreSettle(v);
            f.counter.settle(v);
            assertEquals(VisitState.SETTLED, v.state());
        }
    }

    @Test
    void aSupervisorAtAnyWindowReconcilesAndReportsTheInstitutionPerClearingTypeStationAndOperator() throws Exception {
        CounterFixture clinic = window(1);
        CounterFixture shop = window(2);
        String first = outpatient(clinic, 1);
        outpatient(clinic, 2);
        clinic.counter.cancel(first, null);
        pharmacy(shop, 3);
        outpatient(shop, 4);
        // Only the clinic replicated so far; the shop's supervisor's books replicate the shop's own first.
        assertEquals(3, new LedgerReplicator(clinic.store, ledger, CounterFixture.INSTITUTION,
                clinic.config.deviceNumber()).runOnce().added());

        shop.login("supervisor");
        LocalDate today = LocalDate.now(shop.clock);
        InstitutionBooks books = books(shop, ledger);
        Reconciliation.Result whole = books.reconcile(today, today);
        assertTrue(whole.balanced(), () -> "every station's records, per clearing type: " + whole.types());
        assertEquals(ClrType.settled().size() * InsuType.settled().size(), whole.types().size());
        assertEquals(1, whole.types().stream().filter(t -> t.clrType() == ClrType.PHARMACY)
                .mapToLong(t -> t.totals().count()).sum(), "the pharmacy sale is cleared under 41");
        assertEquals(4, whole.types().stream().filter(t -> t.clrType() == ClrType.OUTPATIENT)
                .mapToLong(t -> t.totals().count()).sum(), "three visits and the cancel under 11");
        assertFalse(shop.reconciliation().reconcile(today, today).balanced(), "the shop's own books alone do not");
        assertEquals(List.of("DEV-0001", "DEV-0002"), books.stations());

        Map<InsuType, Reconciliation.Totals> reconciled = whole.byInsutype();
        Reports.Report daily = books.daily(today);
        assertEquals("终端", daily.columns().get(daily.columns().size() - 1));
        assertEquals(5, daily.rows().stream().filter(r -> r.get(10).equals("1") && !r.get(0).equals("小计")
                && !r.get(0).equals("合计")).count(), "one row per record of both stations: " + daily.rows());
        assertTrue(daily.rows().stream().anyMatch(r -> r.get(1).equals(first) && r.get(11).equals("DEV-0001")));
        for (Reconciliation.Totals t : reconciled.values()) {
            assertTrue(daily.rows().contains(List.of("合计", "", "", t.insutype().code(), "", "", Reports.m(t.medfee()),
                    Reports.m(t.fund()), Reports.m(t.acct()), Reports.m(t.cash()), String.valueOf(t.count()), "")),
                    "the daily 合计 equals the reconciled totals: " + daily.rows());
        }
        Reports.Report monthly = books.monthly(YearMonth.from(today));
        for (Reconciliation.Totals t : reconciled.values()) {
            assertTrue(monthly.rows().contains(List.of("合计", t.insutype().code(), "", String.valueOf(t.count()),
                    Reports.m(t.medfee()), Reports.m(t.fund()), Reports.m(t.acct()), Reports.m(t.cash()))),
                    monthly.rows().toString());
        }
        Reports.Report stations = books.byStation(today, today);
        assertEquals(List.of("DEV-0001 3", "DEV-0002 2"), subtotals(stations), stations.rows().toString());
        assertTrue(stations.rows().stream().anyMatch(r -> r.subList(0, 3).equals(List.of("DEV-0001", "撤销", "1"))));
        Reports.Report operators = books.byOperator(today, today);
        assertEquals(List.of("cashier 4", "pharmacist 1"), subtotals(operators),
                "the cashier's records at both stations together: " + operators.rows());
        for (String action : List.of("reconcile.institution", "report.institution.daily", "report.institution.monthly",
                "report.institution.stations", "report.institution.operators")) {
            assertEquals(1, shop.store.audit().after(0, action, 10).size(), action + " audited once");
        }

        shop.login("cashier");
        assertThrows(AccessDeniedException.class, () -> books.byOperator(today, today), "REPORTS only");
    }

    @Test
    void aLedgerThatCannotBeReachedFailsTheInstitutionsBooksAndChangesNothing() throws Exception {
        CounterFixture a = window(1);
        outpatient(a, 1);
        try (LedgerGate gate = new LedgerGate(url)) {
            Ledger throughGate = new Ledger(gate.url(), LedgerDatabase.USER, LedgerDatabase.PASSWORD.toCharArray());
            gate.cut();
            a.login("supervisor");
            LocalDate today = LocalDate.now(a.clock);
            assertThrows(org.sscard.terminal.ledger.LedgerException.class, () -> books(a, throughGate).daily(today));
            assertEquals(0, new LedgerReplicator(a.store, ledger, CounterFixture.INSTITUTION, a.config.deviceNumber())
                    .cursor());
            gate.restore();
            assertEquals(1, books(a, throughGate).byStation(today, today).rows().stream()
                    .filter(r -> r.get(0).equals("小计")).count());
        }
    }

    private static List<String> subtotals(Reports.Report report) {
        return report.rows().stream().filter(r -> r.get(0).equals("小计")).map(r -> r.get(1) + " " + r.get(2)).toList();
    }
}
