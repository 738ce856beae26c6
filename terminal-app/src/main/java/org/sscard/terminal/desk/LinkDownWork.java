package org.sscard.terminal.desk;

/** What the counter takes while the link is down. */
public enum LinkDownWork {
    /** The pharmacy debits the card's personal account offline (C110 queued). */
    OFFLINE_DEBIT,
    /** The cashier window takes the hospital visit as deferred (the patient pays the whole total now). */
    DEFERRED_VISIT
}
