package org.sscard.store;

/**
 * Where an outbox message stands. QUEUED → IN_FLIGHT → DONE; IN_FLIGHT → QUEUED (not delivered, retried
 * later); IN_FLIGHT → UNKNOWN (sent, no answer) → RESOLVED; QUEUED, IN_FLIGHT or UNKNOWN → DEAD (given up,
 * with a reason, kept and listed until acknowledged).
 */
public enum OutboxState {
    QUEUED, IN_FLIGHT, DONE, UNKNOWN, RESOLVED, DEAD;

    /** True while the message still holds its stream (nothing behind it is sent). */
    public boolean pending() {
        return this == QUEUED || this == IN_FLIGHT || this == UNKNOWN;
    }
}
