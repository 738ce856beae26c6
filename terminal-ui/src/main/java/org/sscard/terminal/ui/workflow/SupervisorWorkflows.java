package org.sscard.terminal.ui.workflow;

import org.sscard.terminal.config.RuntimeSettings;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.counter.Counter;
import org.sscard.terminal.counter.Reconciliation;
import org.sscard.terminal.counter.Reports;
import org.sscard.terminal.counter.SettledReceipts;
import org.sscard.terminal.ledger.InstitutionBooks;
import org.sscard.terminal.receipt.PrintSpooler;

/**
 * What the supervisor and administrator screens run on (all from terminal-app): reconciliation (3201/3202), reports,
 * the counter (shift close, settled records), the receipt spooler with the rebuilding of settled receipts, the
 * station configuration (shown read-only on the settings screen), the runtime settings under dual control, and the
 * institution's books through the hospital ledger (null when the station has none).
 */
public record SupervisorWorkflows(Reconciliation reconciliation, Reports reports, Counter counter, PrintSpooler spooler,
                                  SettledReceipts receipts, StationConfig config, RuntimeSettings settings,
                                  InstitutionBooks institution) {
    /** A station without a hospital ledger. */
    public SupervisorWorkflows(Reconciliation reconciliation, Reports reports, Counter counter, PrintSpooler spooler,
                               SettledReceipts receipts, StationConfig config, RuntimeSettings settings) {
        this(reconciliation, reports, counter, spooler, receipts, config, settings, null);
    }
}
