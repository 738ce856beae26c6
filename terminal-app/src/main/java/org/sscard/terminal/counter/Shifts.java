package org.sscard.terminal.counter;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.sscard.store.ShiftCloses;
import org.sscard.store.StationStore;

/**
 * Operators' shifts. A shift ends with {@link #close}; the store keeps each operator's last close ({@link ShiftCloses},
 * with its audit entry in the same write). The current shift starts at the later of the last close and the start of
 * the day of the current log-in, so "the cashier's own shift" (for cancels) never reaches back past midnight of the
 * log-in day or past a close.
 */
public final class Shifts {
    /** The audit action of a shift close (the hospital ledger copies these entries). */
    public static final String CLOSE_ACTION = ShiftCloses.AUDIT_ACTION;
    private final StationStore store;
    private final Clock clock;

    Shifts(StationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** When the operator's last shift was closed, if ever. */
    public Optional<Instant> lastClose(String operatorId) {
        return store.shiftCloses().last(operatorId);
    }

    /** The start of the operator's current shift: the last close, or the start of the log-in's day if later. */
    public Instant shiftStart(String operatorId, Instant loggedInAt) {
        Instant dayStart = loggedInAt.atZone(clock.getZone()).toLocalDate().atStartOfDay(clock.getZone()).toInstant();
        Instant close = lastClose(operatorId).orElse(Instant.EPOCH);
        return close.isAfter(dayStart) ? close : dayStart;
    }

    /** Closes the shift now; returns the close time. */
    public Instant close(String operatorId) {
        Instant now = clock.instant();
        store.shiftCloses().close(operatorId, now);
        return now;
    }
}
