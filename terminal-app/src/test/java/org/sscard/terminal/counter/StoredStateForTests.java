package org.sscard.terminal.counter;

import org.sscard.store.StationStore;

/** A piece of a visit's stored state in clear, as the counter reads it. */
final class StoredStateForTests {
    private StoredStateForTests() {
    }

    /** {@code state.card_update.<setl_id>} or {@code state.visit.<mdtrt_id>.finished} as the schema-5 code named them. */
    static String value(StationStore store, String key) {
        return store.settings().sealedState(key).orElseThrow(() -> new AssertionError("no " + key));
    }
}
