package org.sscard.terminal.counter;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.store.StationStore;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;

/**
 * The receipts waiting in the {@link PrintSpooler} and the reprints of settled visits, with what the station records
 * about them: the keys of the waiting receipts in the store (state {@value #STATE_KEY}, one key a line) so the reprint
 * queue survives a restart, and the audit entries of a receipt skipped ({@code receipt.skip}) or reprinted ({@code
 * receipt.reprint}). At start ({@link #keepUnprinted}) the settlement receipts are rebuilt ({@link SettledReceipts}:
 * without the patient's name) and put back; cancellation slips ({@code /cancel}) cannot be rebuilt and are dropped
 * with a log line.
 */
public final class Reprints {
    public static final String STATE_KEY = "state.receipt.unprinted";
    private static final Logger LOG = LoggerFactory.getLogger(Reprints.class);

    private final PrintSpooler spooler;
    private final SettledReceipts receipts;
    private final StationStore store;

    public Reprints(PrintSpooler spooler, SettledReceipts receipts, StationStore store) {
        this.spooler = spooler;
        this.receipts = receipts;
        this.store = store;
    }

    /** Puts back the receipts that were waiting when the station stopped, then records every later change. */
    public static void keepUnprinted(PrintSpooler spooler, StationStore store, SettledReceipts receipts) {
        List<String> waiting = new ArrayList<>();
        for (String key : store.settings().getString(STATE_KEY).orElse("").split("\n")) {
            if (!key.isBlank()) {
                waiting.add(key);
            }
        }
        for (String key : waiting) {
            if (key.endsWith("/cancel")) {
                LOG.warn("cancellation slip {} was not printed before the restart and cannot be rebuilt", key);
                continue;
            }
            try {
                spooler.hold(receipts.rebuild(key));
            } catch (RuntimeException e) {
                LOG.warn("receipt {} waiting before the restart could not be rebuilt: {}", key, e.getMessage());
            }
        }
        spooler.onQueueChange(keys -> store.settings().updateState(STATE_KEY, old -> String.join("\n", keys)));
        store.settings().updateState(STATE_KEY, old -> String.join("\n",
                spooler.unprinted().stream().map(PrintSpooler::key).toList()));
    }

    /** Receipts waiting to be printed, oldest first. */
    public List<Receipt> unprinted() {
        return spooler.unprinted();
    }

    /** {@code operator} drops the waiting receipt {@code key} (the patient did not want it); true if it was waiting. */
    public boolean skip(String operator, String key) {
        boolean removed = spooler.skip(key);
        if (removed) {
            store.audit().record(operator, "receipt.skip", key, "not printed, dropped from the reprint queue");
        }
        return removed;
    }

    /** {@code operator} prints the rebuilt receipt of settlement {@code setlId} again (a failure puts it in the queue). */
    public PrintSpooler.Outcome reprintSettled(String operator, String setlId) {
        Receipt r = receipts.rebuild(setlId);
        PrintSpooler.Outcome o = spooler.submit(r);
        store.audit().record(operator, "receipt.reprint", r.setlId(), o.printed() ? "printed" : "not printed: " + o.message());
        return o;
    }
}
