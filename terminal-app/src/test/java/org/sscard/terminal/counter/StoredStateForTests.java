package org.sscard.terminal.counter;

import org.sscard.store.StationStore;
import org.sscard.store.Visits;

/** A piece of a visit's stored state in clear, in the form the schema-5 code kept it under its settings key. */
final class StoredStateForTests {
    private StoredStateForTests() {
    }

    /** {@code state.card_update.<setl_id>} (card|balance|year-to-date|date) or {@code state.visit.<mdtrt_id>.finished}. */
    static String value(StationStore store, String key) {
        if (key.startsWith("state.card_update.")) {
            Visits.CardTarget t = store.visits().cardTarget(key.substring("state.card_update.".length()))
                    .orElseThrow(() -> new AssertionError("no " + key));
            return t.cardNo() + "|" + t.balance().fen() + "|" + t.yearToDate().fen() + "|" + t.date();
        }
        String mdtrtId = key.substring("state.visit.".length(), key.length() - ".finished".length());
        return store.visits().finishedMark(mdtrtId).orElseThrow(() -> new AssertionError("no " + key));
    }
}
