package org.sscard.terminal.offline;

/** Where a deferred hospital visit stands (docs/terminal.md §10 "Hospital deferred settlement"). */
public enum DeferredState {
    /** Taken offline and stored; nothing sent yet. Counts toward the terminal's offline queue limits. */
    QUEUED,
    /** Its chain 1101 → 2201 → 2204 → 2206 → 2207 is being replayed by the forwarder. Still counts toward the limits. */
    SETTLING,
    /** Settled by the central service: the fund share is owed back to the patient. */
    SETTLED,
    /** The fund share was paid back to the patient. */
    REFUND_PAID,
    /**
     * The central service refused a step (card lost, person not insured…): the reason is kept for a supervisor, who
     * acknowledges it ({@link DeferredVisits#acknowledgeRefused}) once the patient has been dealt with.
     */
    REFUSED,
    /** Settled, then the settlement was cancelled (2208): the fund paid nothing, so nothing is owed back. */
    CANCELLED
}
