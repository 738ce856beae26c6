package org.sscard.terminal.ui.screens;

/** What a counter workflow did when the holder's card was taken out of the reader between jobs. */
public enum CardRemoval {
    /** Nothing was settled: the card and holder are cleared, the items stay for the card inserted again. */
    NOTHING_SETTLED,
    /**
     * A visit is registered at the central service and not settled (pre-settled, or its settlement pending): the
     * screen is cleared and the card inserted again resumes the visit (F6).
     */
    VISIT_OPEN,
    /** The transaction was finished (settled, sold, taken deferred): the screen is cleared for the next patient. */
    FINISHED
}
