package org.sscard.terminal.counter;

/** Where a visit (or a pharmacy sale) stands at the counter. */
public enum VisitState {
    /** 2201 answered: the visit has an mdtrt_id */
    REGISTERED,
    /** 2204 answered: the fee items are at the central service */
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
    /** 2207 answered: settled */
    SETTLED,
    /** the central service refused a message of the visit; see the reason */
    REFUSED,
    /** 2208 answered: the settlement is cancelled */
    CANCELLED
}
