package org.sscard.store;

import java.time.Instant;
import org.sscard.values.Money;

/**
 * What the offline queue holds, for the offline policy: count and amount of offline transactions not yet
 * delivered (queued, in flight or of unknown outcome) and when the oldest of them was made (null if none).
 */
public record OfflineTotals(long count, Money amount, Instant oldestCreatedAt) {
}
