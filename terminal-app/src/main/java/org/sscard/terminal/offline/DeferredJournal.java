package org.sscard.terminal.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sscard.store.OfflineTotals;
import org.sscard.store.StationStore;
import org.sscard.terminal.reason.Reason;

/**
 * The deferred visits in the station's state: one JSON array under {@value #KEY}, sealed with the station's DATA key
 * (it holds names and card numbers), every change one write transaction of the store ({@code
 * Settings.updateSealedState}, fsynced), like the offline debit journal.
 */
final class DeferredJournal {
    static final String KEY = "state.deferred.visits";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DeferredJournal() {
    }

    static List<DeferredVisit> all(StationStore store) {
        return read(store.settings().sealedState(KEY).orElse("[]"));
    }

    static void add(StationStore store, DeferredVisit visit) {
        change(store, list -> {
            if (list.stream().anyMatch(v -> v.ref().equals(visit.ref()))) {
                throw new IllegalStateException("deferred visit " + visit.ref() + " is already stored");
            }
            list.add(visit);
            return list;
        });
    }

    /** Replaces the visit {@code ref} by {@code change(visit)} in one write; returns the new one. */
    static DeferredVisit update(StationStore store, String ref, UnaryOperator<DeferredVisit> change) {
        DeferredVisit[] changed = new DeferredVisit[1];
        DeferredJournal.change(store, list -> {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).ref().equals(ref)) {
                    changed[0] = change.apply(list.get(i));
                    list.set(i, changed[0]);
                    return list;
                }
            }
            throw new DeferredVisitException(Reason.DEFERRED_NOT_FOUND, ref);
        });
        return changed[0];
    }

    /**
     * Drops the visits {@link DeferredVisit#finished() finished} before {@code cutoff} in one write (read first, so
     * nothing is written when none is due) and returns them; the caller audits. Their settlement messages stay in the
     * outbox for reconciliation and reports.
     */
    static List<DeferredVisit> prune(StationStore store, Instant cutoff) {
        if (all(store).stream().noneMatch(v -> finishedBefore(v, cutoff))) {
            return List.of();
        }
        List<DeferredVisit> pruned = new ArrayList<>();
        change(store, list -> {
            pruned.clear();
            List<DeferredVisit> kept = new ArrayList<>();
            for (DeferredVisit v : list) {
                (finishedBefore(v, cutoff) ? pruned : kept).add(v);
            }
            return kept;
        });
        return pruned;
    }

    private static boolean finishedBefore(DeferredVisit v, Instant cutoff) {
        return v.finished() && v.finishedAt() != null && Instant.parse(v.finishedAt()).isBefore(cutoff);
    }

    /** Deferred visits not yet settled or refused: count, total and the oldest's time. */
    static OfflineTotals queued(StationStore store) {
        long count = 0;
        long amount = 0;
        Instant oldest = null;
        for (DeferredVisit v : all(store)) {
            if (v.queued()) {
                count++;
                amount = Math.addExact(amount, v.totalFen());
                Instant at = Instant.parse(v.createdAt());
                oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
            }
        }
        return new OfflineTotals(count, amount, oldest);
    }

    private static void change(StationStore store, UnaryOperator<List<DeferredVisit>> change) {
        store.settings().updateSealedState(KEY, old -> write(change.apply(new ArrayList<>(read(old == null ? "[]" : old)))));
    }

    private static List<DeferredVisit> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<DeferredVisit>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the deferred visits in the station state are not readable", e);
        }
    }

    private static String write(List<DeferredVisit> list) {
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the deferred visits", e);
        }
    }
}
