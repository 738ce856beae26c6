package org.sscard.store;

/** The last entry of the audit chain: its sequence number and hash. */
public record AuditHead(long seq, byte[] hash) {
}
