package org.sscard.store;

/**
 * Write transactions of a {@link StationStore} since it was opened (outbox, audit, settings, catalog, … — every
 * {@code BEGIN IMMEDIATE … COMMIT}, fsync included) and the wall time spent in them, waiting for the write lock
 * included. Cumulative; take two and subtract for an interval.
 */
public record WriteStatistics(long transactions, long nanos) {
    public WriteStatistics minus(WriteStatistics earlier) {
        return new WriteStatistics(transactions - earlier.transactions, nanos - earlier.nanos);
    }
}
