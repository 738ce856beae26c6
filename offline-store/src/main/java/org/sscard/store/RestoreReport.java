package org.sscard.store;

import java.time.Instant;
import java.util.Map;

/**
 * What a restore checked before it accepted a backup: where it came from, SQLite's integrity check, the audit
 * chain, and the outbox counts (equal to those recorded in the backup's header); and the id of the restored store,
 * which the key store's pairing record now names.
 */
public record RestoreReport(String stationId, Instant createdAt, String schemaVersion, String integrityCheck,
                            AuditVerification audit, Map<OutboxState, Long> outboxCounts, String storeId) {
}
