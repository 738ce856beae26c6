package org.sscard.terminal.ui.workflow;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.store.StationStore;
import org.sscard.terminal.counter.SettledReceipts;
import org.sscard.terminal.receipt.PrintSpooler;

/**
 * Keeps the keys of the receipts waiting in the {@link PrintSpooler} in the station's store (state
 * {@value #STATE_KEY}, one key a line) so the reprint queue survives a restart: at start the settlement receipts are
 * rebuilt ({@link SettledReceipts}: without the patient's name) and put back; cancellation slips ({@code /cancel})
 * cannot be rebuilt and are dropped with a log line.
 */
public final class UnprintedReceipts {
    public static final String STATE_KEY = "state.receipt.unprinted";
    private static final Logger LOG = LoggerFactory.getLogger(UnprintedReceipts.class);

    private UnprintedReceipts() {
    }

    /** Puts back the receipts that were waiting when the station stopped, then records every later change. */
    public static void keep(PrintSpooler spooler, StationStore store, SettledReceipts receipts) {
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
}
