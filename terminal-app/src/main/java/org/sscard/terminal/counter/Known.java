package org.sscard.terminal.counter;

/** What is known of a visit's money once its settlement may have been sent. */
public enum Known {
    /** the central service booked the settlement */
    SETTLED,
    /** it was sent and no answer came: the station establishes it with a reversal (2601) */
    UNKNOWN,
    /** it did not take effect (not delivered yet, refused, reversed, or never sent) */
    NOT_SETTLED
}
