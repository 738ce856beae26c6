package org.sscard.store;

import java.time.Instant;
import org.sscard.values.Money;

/** A stored outbox message and its delivery state. Payload and response are opened (plain). */
public record OutboxEntry(long id, String msgid, String stream, String infno, byte[] payload, boolean offline,
                          Money amount, OutboxState state, int attempts, Instant nextAttemptAt, Instant createdAt,
                          Instant updatedAt, String lastError, byte[] response, String resolution, String deadReason,
                          String deadAcknowledgedBy) {
}
