package org.sscard.terminal.counter;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.store.StationStore;
import org.sscard.store.UnprintedReceipts;
import org.sscard.terminal.receipt.PrintSpooler;
import org.sscard.terminal.receipt.Receipt;

/**
 * The receipts waiting in the {@link PrintSpooler} and the reprints of settled visits, with what the station records
 * about them: each waiting receipt's key in the store ({@link UnprintedReceipts}, a row queued or removed as the
 * receipt starts or stops waiting) so the reprint queue survives a restart, and the audit entries of a receipt skipped
 * ({@code receipt.skip}) or reprinted ({@code receipt.reprint}). At start ({@link #keepUnprinted}) the settlement
 * receipts are rebuilt ({@link SettledReceipts}: without the patient's name) and put back; cancellation slips
 * ({@code /cancel}) cannot be rebuilt and are dropped with a log line.
 */
public final class Reprints {
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
        UnprintedReceipts kept = store.unprintedReceipts();
        List<String> stored = kept.keys();
        for (String key : stored) {
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
        spooler.onQueueChange(new PrintSpooler.QueueListener() {
            @Override
            public void queued(String key) {
                kept.queue(key);
            }

            @Override
            public void removed(String key) {
                kept.remove(key);
            }
        });
        List<String> waiting = spooler.unprinted().stream().map(PrintSpooler::key).toList();
        for (String key : stored) {
            if (!waiting.contains(key)) {
                kept.remove(key);
            }
        }
        for (String key : waiting) {
            if (!stored.contains(key)) {
                kept.queue(key);
            }
        }
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
