package org.sscard.terminal.counter;

/**
 * Where a visit (or a pharmacy sale) stands: at the counter that moves it along ({@link Visit#state()}), and as the
 * station store shows it to a process that did not start it ({@link OpenVisits}). Deferred visits (taken while the
 * link was down) have their own life, with the refund owed to the patient: {@code DeferredState}.
 */
public enum VisitState {
    /** 2201 answered: the visit has an mdtrt_id */
    REGISTERED,
    /** 2204 answered: the fee items are at the central service; pre-settle and settle */
    FEES_UPLOADED,
    /** 2206 answered: the split is shown, waiting for the confirmation */
    PRE_SETTLED,
    /** a message of the visit is stored but not delivered (link down or HTTP 5xx): retry sends the same message */
    PENDING,
    /**
     * a 2204 or 2207 was sent without an answer: nothing else happens to the visit until the forwarder's 2601
     * reversal has established whether it took effect
     */
    OUTCOME_UNKNOWN,
    /** the unknown outcome was resolved by a 2601 and the settlement undone (or never made): settle again */
    REVERSED,
    /** 2207 answered (e.g. delivered by the forwarder), but the card was not updated nor the receipt made */
    SETTLED_NOT_FINISHED,
    /** 2207 answered: settled */
    SETTLED,
    /** the central service refused a message of the visit; see the reason */
    REFUSED,
    /** 2208 answered: the settlement is cancelled */
    CANCELLED;

    /** A stored visit in this state still needs the counter (resume carries it on). */
    public boolean open() {
        return switch (this) {
            case PENDING, OUTCOME_UNKNOWN, SETTLED_NOT_FINISHED, REVERSED, FEES_UPLOADED -> true;
            default -> false;
        };
    }
}
