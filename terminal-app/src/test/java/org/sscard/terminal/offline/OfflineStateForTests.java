package org.sscard.terminal.offline;

import java.util.List;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Problem;

/** Moves deferred visits and the offline debit journal into states the real flows reach only with a card or a fault. */
public final class OfflineStateForTests {
    private OfflineStateForTests() {
    }

    /** A queued deferred visit whose chain the forwarder has begun (SETTLING). */
    public static DeferredVisit settling(StationStore store, String ref) {
        return DeferredJournal.update(store, ref, DeferredVisit::settling);
    }

    /** A queued deferred visit the central service refused. */
    public static DeferredVisit refused(StationStore store, String ref, Problem reason) {
        return DeferredJournal.update(store, ref, v -> v.refused(reason));
    }

    /** The deferred visits as stored. */
    public static List<DeferredVisit> deferred(StationStore store) {
        return DeferredJournal.all(store);
    }

    /** Journals debits as {@code OfflineSale} does before the card is debited (its journal's form, oldest first). */
    public static void journal(StationStore store, List<PendingDebit> debits) {
        for (PendingDebit d : debits) {
            store.debitJournal().put(new org.sscard.store.DebitJournal.Entry(d.msgid(), d.state(), storedJson(d)));
        }
    }

    /** {@code value} in the JSON form the station stores (snake_case members, amounts as numbers of fen). */
    public static String storedJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                    .registerModule(StoredMoney.module()).writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The offline debit journal as stored. */
    public static List<PendingDebit> debits(StationStore store) {
        return OfflineSale.journal(store);
    }
}
