package org.sscard.terminal.receipt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.terminal.LogText;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;

/**
 * Prints receipts so that a printer failure never blocks a settlement: {@link #submit} tries the printer (with
 * {@code attempts} tries in a row) and never throws; a receipt that did not print waits in the unprinted queue,
 * from which the operator reprints it ({@link #reprint}, {@link #reprintAll}) or drops it ({@link #skip}). The
 * queue lives in memory; {@link #onQueueChange} lets the station keep each receipt that starts or stops waiting
 * elsewhere and {@link #hold} put rebuilt receipts back after a restart.
 */
public final class PrintSpooler {
    private static final Logger LOG = LoggerFactory.getLogger(PrintSpooler.class);

    /** What happened to a receipt; {@code problem} is for the operator (null when printed). */
    public record Outcome(boolean printed, String setlId, Problem problem) {
        /** The problem in English (the command line, the audit log); null when printed. */
        public String message() {
            return problem == null ? null : problem.english();
        }
    }

    private final ReceiptPrinter printer;
    private final int attempts;
    private final Map<String, Receipt> unprinted = new LinkedHashMap<>();
    private volatile QueueListener queueListener = QueueListener.NONE;

    /** Told of each receipt that starts or stops waiting, by its {@link #key}. */
    public interface QueueListener {
        QueueListener NONE = new QueueListener() {
            @Override
            public void queued(String key) {
            }

            @Override
            public void removed(String key) {
            }
        };

        /** The receipt did not print and waits now (it was not waiting before). */
        void queued(String key);

        /** The waiting receipt printed or was skipped. */
        void removed(String key);
    }

    public PrintSpooler(ReceiptPrinter printer, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.printer = printer;
        this.attempts = attempts;
    }

    /** Prints {@code receipt} now; if the printer fails it is kept for a reprint. Never throws for a printer failure. */
    public Outcome submit(Receipt receipt) {
        Problem failure = tryPrint(receipt);
        String key = key(receipt);
        boolean changed;
        synchronized (this) {
            changed = failure == null ? unprinted.remove(key) != null : unprinted.put(key, receipt) == null;
        }
        if (changed) {
            tell(l -> {
                if (failure == null) {
                    l.removed(key);
                } else {
                    l.queued(key);
                }
            });
        }
        return new Outcome(failure == null, receipt.setlId(), failure);
    }

    /** Receipts waiting to be printed, oldest first. */
    public synchronized List<Receipt> unprinted() {
        return new ArrayList<>(unprinted.values());
    }

    /** Tries the printer again for one waiting receipt (by settlement id; a cancellation slip is {@code id/cancel}). */
    public Outcome reprint(String key) {
        Receipt r;
        synchronized (this) {
            r = unprinted.get(key);
        }
        if (r == null) {
            return new Outcome(false, key, Problem.of(Reason.RECEIPT_NOT_WAITING, key));
        }
        return submit(r);
    }

    /** Tries every waiting receipt once more, oldest first; stops at the first failure (the printer is still down). */
    public List<Outcome> reprintAll() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Receipt r : unprinted()) {
            Outcome o = submit(r);
            outcomes.add(o);
            if (!o.printed()) {
                break;
            }
        }
        return outcomes;
    }

    /** Drops a waiting receipt (the patient did not want it); true if it was waiting. */
    public boolean skip(String key) {
        boolean removed;
        synchronized (this) {
            removed = unprinted.remove(key) != null;
        }
        if (removed) {
            tell(l -> l.removed(key));
        }
        return removed;
    }

    /** Puts a receipt in the unprinted queue without trying the printer (a queue restored after a restart). */
    public void hold(Receipt receipt) {
        String key = key(receipt);
        boolean added;
        synchronized (this) {
            added = unprinted.put(key, receipt) == null;
        }
        if (added) {
            tell(l -> l.queued(key));
        }
    }

    /** The listener told of each receipt that starts or stops waiting (one listener; a failing one is logged). */
    public void onQueueChange(QueueListener listener) {
        this.queueListener = listener;
    }

    private void tell(Consumer<QueueListener> change) {
        try {
            change.accept(queueListener);
        } catch (RuntimeException e) {
            LOG.warn("the list of unprinted receipts could not be kept: {}", LogText.redact(e.getMessage()));
        }
    }

    public synchronized Optional<Receipt> waiting(String key) {
        return Optional.ofNullable(unprinted.get(key));
    }

    /** The queue key of a receipt: its settlement id, with {@code /cancel} for a cancellation slip. */
    public static String key(Receipt r) {
        return r.setlId() + (r.cancellation() ? "/cancel" : "");
    }

    private Problem tryPrint(Receipt receipt) {
        Problem failure = null;
        for (int i = 1; i <= attempts; i++) {
            try {
                printer.print(receipt);
                return null;
            } catch (PrintFailedException e) {
                failure = e.problem();
                LOG.warn("receipt {} not printed on {} (attempt {} of {}): {} ({})", receipt.setlId(), printer.name(), i,
                        attempts, failure.english(), LogText.redact(String.valueOf(e.getCause())));
            } catch (RuntimeException e) {
                failure = Problem.of(Reason.PRINTER_FAILED, printer.name());
                LOG.warn("receipt {} not printed on {} (attempt {} of {}): {}", receipt.setlId(), printer.name(), i,
                        attempts, LogText.redact(e.getMessage()));
            }
        }
        return Problem.of(Reason.RECEIPT_WAITS_FOR_REPRINT, failure);
    }
}
