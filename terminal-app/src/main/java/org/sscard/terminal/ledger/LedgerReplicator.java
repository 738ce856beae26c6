package org.sscard.terminal.ledger;

import java.util.ArrayList;
import java.util.List;
import org.sscard.store.AuditEntry;
import org.sscard.store.LedgerPosition;
import org.sscard.store.OutboxEntry;
import org.sscard.store.StationStore;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.counter.Shifts;

/**
 * Copies the station's books to the hospital ledger, driven by its durable outbox. The books are the answered 2207,
 * 2208 and C110 messages ({@link SettledRecords#booksOf}); outbox ids are never reused and a message's books no longer
 * change once it left the pending states (QUEUED, IN_FLIGHT, UNKNOWN). The station keeps one durable cursor, the outbox
 * cursor of the store's {@link LedgerPosition}: every such message with an id up to it is final and its records are committed in the ledger.
 * <p>
 * A pass reads the messages above the cursor in id order to the end, writes the records of every final one to the
 * ledger (one PostgreSQL transaction per batch), and only after each commit moves the cursor over the longest run of
 * final messages. So a
 * station killed or offline at any point loses nothing (the cursor is behind whatever was not committed) and copies
 * nothing twice: a message sent again after a kill between the commit and the cursor write, or because an earlier
 * message is still pending, meets its own rows (same key, same content) and adds none.
 * <p>
 * Shift closes come from the append-only audit log (action {@value Shifts#CLOSE_ACTION}); a second cursor,
 * the ledger position's audit cursor, is the highest audit seq whose closes are committed in the ledger, moved the same way.
 * <p>
 * The ledger keeps its own copy of both cursors per station, raised in the same transaction as the rows
 * ({@link Ledger#held}); a ledger restored from a backup is therefore found behind the station's cursors, and the
 * station offers again what it lacks.
 */
public final class LedgerReplicator {
    /** Audit action of a pass that found the ledger behind the station's cursors and offered the rest again. */
    public static final String BEHIND_ACTION = "ledger.behind";
    private static final String SYSTEM = "system";
    private static final int BATCH = 500;

    private final StationStore store;
    private final Ledger ledger;
    private final String institution;
    private final String device;

    public LedgerReplicator(StationStore store, Ledger ledger, String institution, String device) {
        this.store = store;
        this.ledger = ledger;
        this.institution = institution;
        this.device = device;
    }

    /**
     * One pass's outcome: settlement, cancel and debit rows new in the ledger, messages looked at, the cursor after the
     * pass, shift closes new in the ledger, and whether the ledger was found behind the station's cursors (restored
     * from a backup) so that the pass offered again what it lacked.
     */
    public record Pass(int added, int messages, long cursor, int shiftCloses, boolean ledgerWasBehind) {
    }

    /**
     * Replicates everything final above the cursor; throws {@link LedgerException} when the ledger cannot take it.
     * First compares the station's cursors with how far the ledger says it holds this station's books
     * ({@link Ledger#held}): a ledger behind them lost rows (restored from an older backup, or replaced), so the
     * cursors go back to what it holds (audited {@value #BEHIND_ACTION}) and the pass offers the rest again; what the
     * ledger has is skipped. One pass at a time per replicator (the background passes and a supervisor's report may
     * ask at once).
     */
    public synchronized Pass runOnce() {
        boolean behind = catchUpWithLedger();
        long cursor = cursor();
        long scanned = cursor;
        boolean blocked = false;
        int added = 0;
        int messages = 0;
        while (true) {
            List<OutboxEntry> batch = store.outbox().after(scanned, SettledRecords.BOOK_INFNOS, BATCH);
            List<SettledRecords.Record> records = new ArrayList<>();
            long finalRun = cursor;
            for (OutboxEntry e : batch) {
                if (e.state().pending()) {
                    blocked = true;
                    continue;
                }
                records.addAll(SettledRecords.booksOf(store.outbox(), e));
                if (!blocked) {
                    finalRun = e.id();
                }
            }
            if (!records.isEmpty() || finalRun != cursor) {
                added += ledger.write(institution, device, records, finalRun);
            }
            messages += batch.size();
            if (finalRun != cursor) {
                store.ledgerPosition().advanceOutbox(finalRun);
                cursor = finalRun;
            }
            if (batch.size() < BATCH) {
                return new Pass(added, messages, cursor, shiftCloses(), behind);
            }
            scanned = batch.get(batch.size() - 1).id();
        }
    }

    private int shiftCloses() {
        long seq = store.ledgerPosition().current().auditCursor();
        int added = 0;
        while (true) {
            List<AuditEntry> batch = store.audit().after(seq, Shifts.CLOSE_ACTION, BATCH);
            if (batch.isEmpty()) {
                return added;
            }
            long last = batch.get(batch.size() - 1).seq();
            added += ledger.writeShiftCloses(institution, device, batch.stream()
                    .map(e -> new Ledger.ShiftClose(device, e.operator(), e.at())).toList(), last);
            store.ledgerPosition().advanceAudit(last);
            seq = last;
        }
    }

    private boolean catchUpWithLedger() {
        Ledger.Held held = ledger.held(institution, device);
        LedgerPosition.Position at = store.ledgerPosition().current();
        long cursor = at.outboxCursor();
        long shiftCursor = at.auditCursor();
        if (held.outboxCursor() >= cursor && held.auditCursor() >= shiftCursor) {
            return false;
        }
        store.ledgerPosition().fallBackTo(held.outboxCursor(), held.auditCursor());
        store.audit().record(SYSTEM, BEHIND_ACTION, device, "ledger holds outbox " + held.outboxCursor() + " audit "
                + held.auditCursor() + ", station cursors were " + cursor + " and " + shiftCursor);
        return true;
    }

    /**
     * Sets both cursors back to the start, so the next pass offers everything the outbox and the audit log still hold
     * (for rows the ledger lost otherwise than by a restore, which {@link #runOnce} finds by itself); what the ledger
     * has is skipped. Audited.
     */
    public synchronized void rewind(String operator) {
        long was = cursor();
        store.ledgerPosition().rewindCursors();
        store.audit().record(operator, "ledger.rewind", device, "cursor was " + was);
    }

    /** The replication cursor (0 before the first pass). */
    public long cursor() {
        return store.ledgerPosition().current().outboxCursor();
    }
}
