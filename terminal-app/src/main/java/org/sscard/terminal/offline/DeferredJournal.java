package org.sscard.terminal.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sscard.store.DeferredVisitRows;
import org.sscard.store.OfflineTotals;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Problem;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;

/**
 * The deferred visits in the station store, one row each ({@link DeferredVisitRows}: state, times and total in clear,
 * the whole visit sealed with the station's DATA key since it holds names and card numbers); every change is one
 * write transaction of its row, and the forwarder and the limits read only the rows in the states they need.
 */
final class DeferredJournal {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().addDeserializer(Problem.class, new StoredProblem()))
            .registerModule(StoredMoney.module());
    private static final EnumSet<DeferredState> QUEUED = EnumSet.of(DeferredState.QUEUED, DeferredState.SETTLING);

    private DeferredJournal() {
    }

    static List<DeferredVisit> all(StationStore store) {
        return store.deferredVisits().all().stream().map(DeferredJournal::visit).toList();
    }

    /** The visits in one of {@code states}, in the order they were taken. */
    static List<DeferredVisit> inStates(StationStore store, Collection<DeferredState> states) {
        return store.deferredVisits().inStates(states.stream().map(Enum::name).toList()).stream()
                .map(DeferredJournal::visit).toList();
    }

    static void add(StationStore store, DeferredVisit visit) {
        store.deferredVisits().add(row(visit));
    }

    /** Replaces the visit {@code ref} by {@code change(visit)} in one write; returns the new one. */
    static DeferredVisit update(StationStore store, String ref, UnaryOperator<DeferredVisit> change) {
        DeferredVisit[] changed = new DeferredVisit[1];
        store.deferredVisits().update(ref, r -> {
            changed[0] = change.apply(visit(r));
            return row(changed[0]);
        }).orElseThrow(() -> new DeferredVisitException(Reason.DEFERRED_NOT_FOUND, ref));
        return changed[0];
    }

    /**
     * Drops the visits {@link DeferredVisit#finished() finished} before {@code cutoff} in one write and returns them;
     * the caller audits. Their settlement messages stay in the outbox for reconciliation and reports.
     */
    static List<DeferredVisit> prune(StationStore store, Instant cutoff) {
        return store.deferredVisits().removeFinishedBefore(cutoff).stream().map(DeferredJournal::visit).toList();
    }

    /** Deferred visits not yet settled or refused: count, total and the oldest's time. */
    static OfflineTotals queued(StationStore store) {
        return store.deferredVisits().totals(QUEUED.stream().map(Enum::name).toList());
    }

    private static DeferredVisitRows.Row row(DeferredVisit v) {
        String finishedAt = v.finishedAt();
        try {
            return new DeferredVisitRows.Row(v.ref(), v.state().name(), Instant.parse(v.createdAt()),
                    finishedAt == null ? null : Instant.parse(finishedAt), v.total(), v.setlId(), JSON.writeValueAsString(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write deferred visit " + v.ref(), e);
        }
    }

    private static DeferredVisit visit(DeferredVisitRows.Row row) {
        try {
            return JSON.readValue(row.body(), DeferredVisit.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("deferred visit " + row.ref() + " in the station store is not readable", e);
        }
    }
}
