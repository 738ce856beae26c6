package org.sscard.terminal.ledger;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.Reports;

/**
 * The institution's books as any of its stations sees them through the hospital ledger: reconciliation (3201 per
 * insurance type and clearing type over every station's records, 3202 when one does not balance) and the reports
 * (daily, monthly, per station, per operator, summary). Each first replicates the station's own latest records, so
 * what it just settled is in; a ledger that cannot be reached fails the call ({@link LedgerException}) and changes
 * nothing. Authorisation and audit are {@link Reconciliation}'s and {@link Reports}'.
 */
public final class InstitutionBooks {
    private final Ledger ledger;
    private final LedgerReplicator replicator;
    private final String institution;
    private final Reconciliation reconciliation;
    private final Reports reports;

    public InstitutionBooks(Ledger ledger, LedgerReplicator replicator, String institution, Reconciliation reconciliation,
            Reports reports) {
        this.ledger = ledger;
        this.replicator = replicator;
        this.institution = institution;
        this.reconciliation = reconciliation;
        this.reports = reports;
    }

    /** The institution's reconciliation over [from, to]. */
    public Reconciliation.Result reconcile(LocalDate from, LocalDate to) {
        return reconciliation.reconcileInstitution(from, to, records(from, to));
    }

    /** 院内日结算汇总 of {@code day}. */
    public Reports.Report daily(LocalDate day) {
        return reports.institutionDaily(day, records(day, day));
    }

    /** 院内月对账单 of {@code month}. */
    public Reports.Report monthly(YearMonth month) {
        return reports.institutionMonthly(month, records(month.atDay(1), month.atEndOfMonth()));
    }

    /** 按终端汇总 over [from, to]. */
    public Reports.Report byStation(LocalDate from, LocalDate to) {
        return reports.byStation(from, to, records(from, to));
    }

    /** 按操作员汇总 over [from, to]. */
    public Reports.Report byOperator(LocalDate from, LocalDate to) {
        return reports.byOperator(from, to, records(from, to));
    }

    /** 院内汇总 over [from, to]: per station, operator and kind of record. */
    public Reports.Report summary(LocalDate from, LocalDate to) {
        return reports.institution(from, to, records(from, to));
    }

    /** The stations the ledger has seen for the institution, by device number. */
    public List<String> stations() {
        return ledger.stations(institution);
    }

    private List<org.sscard.terminal.counter.SettledRecords.Record> records(LocalDate from, LocalDate to) {
        replicator.runOnce();
        return ledger.between(institution, from, to);
    }
}
