package org.sscard.store;

import java.io.IOException;
import java.io.Writer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sscard.crypto.Sm3;

/**
 * The append-only, hash-chained audit log. Entry {@code n} stores
 * {@code hash_n = SM3(hash_(n-1) || u64 seq || u64 at || lp(operator) || lp(action) || lp(subject) || lp(detail))}
 * (lp = u32 length || UTF-8). The head row records the last sequence number and hash and the pruning anchor,
 * and carries a MAC under the station's DATA key, so cutting the tail off, or rewriting the chain and
 * recomputing its hashes, is detected by {@link #verify()}. Details must never contain a PIN, key bytes or
 * a full ID number.
 */
public final class AuditLog {
    /** The shortest retention the regulations allow. */
    public static final Duration MIN_RETENTION = Duration.ofDays(180);
    static final byte[] GENESIS = new byte[Sm3.DIGEST_LENGTH];
    private static final String COLUMNS = "seq, at, operator, action, subject, detail, prev_hash, hash";

    private final Database db;
    private final FieldCipher cipher;
    private final Clock clock;

    AuditLog(Database db, FieldCipher cipher, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Appends one entry in its own transaction; returns its sequence number. */
    public long record(String operator, String action, String subject, String detail) {
        return db.write("write the audit log", c -> append(c, operator, action, subject, detail));
    }

    /**
     * Appends the entry, stamped now, with the next write transaction of the store, whatever it writes (a step's
     * entries commit with the step's durable change instead of in commits of their own); store close writes what
     * is still waiting. A read-only step's entries (authorisation, card presented, pre-settlement) are made this way.
     */
    public void defer(String operator, String action, String subject, String detail) {
        long at = clock.millis();
        db.defer(c -> append(c, at, operator, action, subject, detail));
    }

    /** Appends inside the caller's transaction, so the entry commits or rolls back with the change it records. */
    long append(Connection c, String operator, String action, String subject, String detail) throws SQLException {
        return append(c, clock.millis(), operator, action, subject, detail);
    }

    long append(Connection c, long at, String operator, String action, String subject, String detail)
            throws SQLException {
        Head head = readHead(c);
        if (head == null) {
            throw new StoreException("the audit log's head record is missing while entries exist: the audit log was"
                    + " tampered with. The station refuses to continue; call the administrator to verify the log and restore from a backup");
        }
        long seq = head.headSeq + 1;
        byte[] hash = entryHash(head.headHash, seq, at, operator, action, subject, detail);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, seq);
            ps.setLong(2, at);
            ps.setString(3, operator);
            ps.setString(4, action);
            ps.setString(5, subject);
            ps.setString(6, detail);
            ps.setBytes(7, head.headHash);
            ps.setBytes(8, hash);
            ps.executeUpdate();
        }
        writeHead(c, new Head(seq, hash, head.anchorSeq, head.anchorHash, null));
        return seq;
    }

    /** Creates the head of an empty log (first open of a new store). */
    void initialize(Connection c) throws SQLException {
        if (readHead(c) != null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return; // entries without a head: verify() reports it, append() refuses
            }
        }
        writeHead(c, new Head(0, GENESIS, 0, GENESIS, null));
    }

    /**
     * How an audit entry names a card without holding its number or identification code in clear: {@code card#}
     * and the first 6 bytes (12 upper-case hex digits) of the keyed blind index {@code audit-card} of the value.
     * The same card always gives the same reference at this station, so an auditor who has the card in hand can
     * find its entries by computing the reference of its number here; nobody without the DATA key can go back
     * from the reference to the number.
     */
    public String cardRef(String cardNumberOrCode) {
        byte[] index = cipher.index("audit-card", cardNumberOrCode.trim().toUpperCase(java.util.Locale.ROOT));
        return "card#" + java.util.HexFormat.of().withUpperCase().formatHex(index, 0, 6);
    }

    /** Walks the whole chain from the anchor to the head. */
    public AuditVerification verify() {
        return db.read("verify the audit log", this::verify);
    }

    AuditVerification verify(Connection c) throws SQLException {
        Head head = readHead(c);
        if (head == null) {
            return AuditVerification.broken(0, 0, 0, "the audit head record is missing");
        }
        if (!MessageDigest.isEqual(head.mac, headMac(head))) {
            return AuditVerification.broken(0, head.headSeq, head.anchorSeq,
                    "the audit head record was changed (its MAC does not match the station's data key)");
        }
        long expectedSeq = head.anchorSeq + 1;
        byte[] prev = head.anchorHash;
        long checked = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                AuditEntry e = entry(rs);
                if (e.seq() != expectedSeq) {
                    return AuditVerification.broken(checked, head.headSeq, head.anchorSeq, e.seq() < expectedSeq
                            ? "entry " + e.seq() + " lies before the pruning anchor " + head.anchorSeq
                            : "entries " + expectedSeq + ".." + (e.seq() - 1) + " are missing (deleted)");
                }
                if (!MessageDigest.isEqual(e.prevHash(), prev)) {
                    return AuditVerification.broken(checked, head.headSeq, head.anchorSeq,
                            "entry " + e.seq() + " does not link to entry " + (e.seq() - 1) + " (inserted, reordered or replaced)");
                }
                byte[] recomputed = entryHash(prev, e.seq(), e.at().toEpochMilli(), e.operator(), e.action(), e.subject(), e.detail());
                if (!MessageDigest.isEqual(recomputed, e.hash())) {
                    return AuditVerification.broken(checked, head.headSeq, head.anchorSeq, "entry " + e.seq() + " was changed");
                }
                prev = e.hash();
                expectedSeq++;
                checked++;
            }
        }
        long lastSeq = expectedSeq - 1;
        if (lastSeq != head.headSeq) {
            return AuditVerification.broken(checked, head.headSeq, head.anchorSeq, lastSeq < head.headSeq
                    ? "the log ends at entry " + lastSeq + " but the head records " + head.headSeq + " (entries were cut off)"
                    : "the log runs past the head (" + lastSeq + " > " + head.headSeq + ")");
        }
        if (!MessageDigest.isEqual(prev, head.headHash)) {
            return AuditVerification.broken(checked, head.headSeq, head.anchorSeq,
                    "the last entry's hash differs from the head's (the chain was rewritten)");
        }
        return AuditVerification.ok(checked, head.headSeq, head.anchorSeq);
    }

    /** Checks only the head's MAC: cheap, done at every open to catch a foreign data key or a changed head. */
    AuditVerification verifyHeadOnly(Connection c) throws SQLException {
        Head head = readHead(c);
        if (head == null) {
            return AuditVerification.broken(0, 0, 0, "the audit head record is missing");
        }
        if (!MessageDigest.isEqual(head.mac, headMac(head))) {
            return AuditVerification.broken(0, head.headSeq, head.anchorSeq, "the audit head's MAC does not match");
        }
        return AuditVerification.ok(0, head.headSeq, head.anchorSeq);
    }

    /** Entries in [from, to), newest last, at most {@code limit}; the query itself is recorded first. */
    public List<AuditEntry> query(String operator, Instant from, Instant to, String actionPrefix, int limit) {
        record(operator, "audit.query", actionPrefix == null ? "*" : actionPrefix,
                "from=" + from + " to=" + to + " limit=" + limit);
        return db.read("query the audit log", c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE at >= ? AND at < ?"
                    + " AND action LIKE ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                ps.setString(3, (actionPrefix == null ? "" : actionPrefix.replace("%", "")) + "%");
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Up to {@code limit} entries of exactly {@code action} with a seq above {@code afterSeq}, by seq: for the station's
     * own bookkeeping (the hospital ledger copies shift closes), so, unlike {@link #query}, not recorded itself.
     */
    public List<AuditEntry> after(long afterSeq, String action, int limit) {
        return db.read("list " + action + " entries", c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE seq > ?"
                    + " AND action = ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, afterSeq);
                ps.setString(2, action);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Writes entries in [from, to) as tab-separated lines (seq, ISO time, operator, action, subject, detail,
     * hash hex) and returns how many; the export is recorded first.
     */
    public long export(String operator, Instant from, Instant to, Writer out) {
        record(operator, "audit.export", "audit_log", "from=" + from + " to=" + to);
        return db.read("export the audit log", c -> {
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AuditEntry e = entry(rs);
                        out.write(e.seq() + "\t" + e.at() + "\t" + clean(e.operator()) + "\t" + clean(e.action()) + "\t"
                                + clean(e.subject()) + "\t" + clean(e.detail()) + "\t" + Encoding.hex(e.hash()) + "\n");
                        n++;
                    }
                }
            } catch (IOException e) {
                throw new StoreException("the audit export could not be written: " + e.getMessage(), e);
            }
            return n;
        });
    }

    /**
     * Deletes entries older than {@code cutoff}, which must be at least {@link #MIN_RETENTION} ago. The hash of
     * the last deleted entry becomes the anchor the chain starts from, so the rest still verifies. Returns
     * how many entries were deleted.
     */
    public long prune(String operator, Instant cutoff) {
        Instant latestAllowed = clock.instant().minus(MIN_RETENTION);
        if (cutoff.isAfter(latestAllowed)) {
            throw new StoreException("audit entries must be kept at least " + MIN_RETENTION.toDays()
                    + " days; the cut-off may be " + latestAllowed + " at the latest");
        }
        return db.write("prune the audit log", c -> {
            Head head = readHead(c);
            long lastSeq;
            byte[] lastHash;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_log WHERE seq = "
                    + "(SELECT MAX(seq) FROM audit_log WHERE at < ?)")) {
                ps.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0L;
                    }
                    lastSeq = rs.getLong(1);
                    lastHash = rs.getBytes(2);
                }
            }
            long deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_log WHERE seq <= ?")) {
                ps.setLong(1, lastSeq);
                deleted = ps.executeUpdate();
            }
            writeHead(c, new Head(head.headSeq, head.headHash, lastSeq, lastHash, null));
            append(c, operator, "audit.prune", "audit_log", "deleted=" + deleted + " through seq " + lastSeq
                    + " anchor=" + Encoding.hex(lastHash));
            return deleted;
        });
    }

    /** The head's sequence number and hash, as recorded (for backups and reports); null if missing. */
    public AuditHead head() {
        return db.read("read the audit head", AuditLog::head);
    }

    static AuditHead head(Connection c) throws SQLException {
        Head h = readHead(c);
        return h == null ? null : new AuditHead(h.headSeq, h.headHash);
    }

    static byte[] entryHash(byte[] prev, long seq, long at, String operator, String action, String subject, String detail) {
        return Sm3.hash(prev, Encoding.u64(seq), Encoding.u64(at), Encoding.text(operator), Encoding.text(action),
                Encoding.text(subject), Encoding.text(detail));
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getBytes(8));
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private record Head(long headSeq, byte[] headHash, long anchorSeq, byte[] anchorHash, byte[] mac) {
    }

    private static Head readHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT head_seq, head_hash, anchor_seq, anchor_hash, mac FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getBytes(2), rs.getLong(3), rs.getBytes(4), rs.getBytes(5)) : null;
        }
    }

    private void writeHead(Connection c, Head h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO audit_head (id, head_seq, head_hash, anchor_seq, anchor_hash, mac)"
                + " VALUES (1, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, h.headSeq);
            ps.setBytes(2, h.headHash);
            ps.setLong(3, h.anchorSeq);
            ps.setBytes(4, h.anchorHash);
            ps.setBytes(5, headMac(h));
            ps.executeUpdate();
        }
    }

    private byte[] headMac(Head h) {
        return cipher.mac("audit-head", Encoding.u64(h.headSeq), h.headHash, Encoding.u64(h.anchorSeq), h.anchorHash);
    }
}
