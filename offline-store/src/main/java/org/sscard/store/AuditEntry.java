package org.sscard.store;

import java.time.Instant;

/** One entry of the audit log. {@code hash} = SM3 over the previous entry's hash and this entry's fields. */
public record AuditEntry(long seq, Instant at, String operator, String action, String subject, String detail,
                         byte[] prevHash, byte[] hash) {
}
