package org.sscard.terminal.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.sscard.protocol.InsuType;
import org.sscard.protocol.MedType;
import org.sscard.protocol.SettlementResult;
import org.sscard.store.Catalog;
import org.sscard.terminal.counter.SettledRecords;
import org.sscard.terminal.counter.SettledRecords.Kind;
import org.sscard.terminal.counter.SettledRecords.Record;
import org.sscard.terminal.reason.Reason;
import org.sscard.values.Money;

/**
 * The hospital ledger: one PostgreSQL database (schema by Flyway, {@code org/sscard/terminal/ledger/migration}) that
 * every station of an institution replicates its books to ({@link LedgerReplicator}), and that institution-wide
 * reconciliation and reports read. Each row names its station; settlements and cancels are keyed by setl_id,
 * accepted offline debits by their debit id, so a row delivered again is a no-op — unless it differs from the one
 * stored, which is refused ({@link LedgerException}): two different records under one key is a fault to look at, not
 * to paper over.
 */
public final class Ledger {
    private final String url;
    private final Properties credentials;

    /** {@code url}: jdbc:postgresql://host:port/database, without credentials (those come from the station's secrets). */
    public Ledger(String url, String user, char[] password) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new LedgerException(Reason.LEDGER_URL_INVALID);
        }
        this.url = url;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", new String(password));
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("socketTimeout", "30");
        credentials.setProperty("ApplicationName", "sscard station");
    }

    /** Brings the schema to the current version (Flyway); safe to run from every station at every start. */
    public void migrate() {
        try {
            Flyway.configure().dataSource(url, credentials.getProperty("user"), credentials.getProperty("password"))
                    .locations("classpath:org/sscard/terminal/ledger/migration").load().migrate();
        } catch (RuntimeException e) {
            throw new LedgerException(e, Reason.LEDGER_SCHEMA_NOT_UPDATED, e.getMessage());
        }
    }

    /**
     * Writes one station's records in one transaction: each row is inserted unless its key is already there, in which
     * case the stored row must say the same. Returns how many rows were new.
     */
    public int write(String institution, String device, List<Record> records) {
        return write(institution, device, records, 0);
    }

    /**
     * As {@link #write(String, String, List)}, and in the same transaction raises the station's outbox cursor in the
     * ledger to {@code outboxCursor} (never lowers it): from then on the ledger says it holds everything of the station
     * up to that outbox id ({@link #held}).
     */
    public int write(String institution, String device, List<Record> records, long outboxCursor) {
        return inTransaction(c -> {
            station(c, institution, device);
            List<Record> settlements = records.stream().filter(r -> r.kind() != Kind.OFFLINE_DEBIT).toList();
            List<Record> debits = records.stream().filter(r -> r.kind() == Kind.OFFLINE_DEBIT).toList();
            int added = settlements(c, institution, device, settlements) + debits(c, institution, device, debits);
            raiseCursor(c, "outbox_cursor", institution, device, outboxCursor);
            return added;
        });
    }

    /**
     * How far a station's books are in the ledger: the outbox id and the audit seq up to which the ledger holds all of
     * them (both 0 for a station it has not seen). After a restore from a backup these are the backup's.
     */
    public record Held(long outboxCursor, long auditCursor) {
    }

    public Held held(String institution, String device) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT outbox_cursor, audit_cursor FROM station"
                    + " WHERE institution_code = ? AND device_number = ?")) {
                ps.setString(1, institution);
                ps.setString(2, device);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Held(rs.getLong(1), rs.getLong(2)) : new Held(0, 0);
                }
            }
        });
    }

    private static void raiseCursor(Connection c, String column, String institution, String device, long to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE station SET " + column + " = GREATEST(" + column + ", ?)"
                + " WHERE institution_code = ? AND device_number = ?")) {
            ps.setLong(1, to);
            ps.setString(2, institution);
            ps.setString(3, device);
            ps.executeUpdate();
        }
    }

    private static void station(Connection c, String institution, String device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO institution (code) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, institution);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO station (institution_code, device_number) VALUES (?, ?)"
                + " ON CONFLICT (institution_code, device_number) DO UPDATE SET last_seen_at = now()")) {
            ps.setString(1, institution);
            ps.setString(2, device);
            ps.executeUpdate();
        }
    }

    /** The funds besides the pool fund, by wire name ({@code SetlInfo#OTHER_FUND_NAMES}), each in column NAME_fen. */
    private static final List<String> OTHER_FUNDS = List.copyOf(SettlementResult.SetlInfo.OTHER_FUND_NAMES.keySet());
    private static final String OTHER_FUND_COLUMNS = OTHER_FUNDS.stream().map(f -> f + "_fen")
            .collect(Collectors.joining(", "));
    private static final String SETTLEMENT_COLUMNS = "institution_code, setl_id, device_number, kind, orig_setl_id, msgid,"
            + " mdtrt_id, psn_no, insutype, med_type, setl_time, medfee_fen, fund_fen, acct_fen, cash_fen, operator_id, "
            + OTHER_FUND_COLUMNS;

    /**
     * Inserts the settlements and cancels in one statement (the rows as arrays, unnested), skipping any whose setl_id or
     * msgid is already there; each skipped row, and each offered twice in the batch, must equal the one stored.
     */
    private static int settlements(Connection c, String institution, String device, List<Record> records)
            throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        Set<String> inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlement (" + SETTLEMENT_COLUMNS + ") SELECT ?, u.*"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::timestamp[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[]"
                + ", ?::bigint[]".repeat(OTHER_FUNDS.size()) + ") AS u ON CONFLICT DO NOTHING RETURNING setl_id")) {
            int i = 1;
            ps.setString(i++, institution);
            ps.setArray(i++, texts(c, records, Record::setlId));
            ps.setArray(i++, texts(c, records, r -> device));
            ps.setArray(i++, texts(c, records, r -> r.kind().name()));
            ps.setArray(i++, texts(c, records, Record::origSetlId));
            ps.setArray(i++, texts(c, records, Record::msgid));
            ps.setArray(i++, texts(c, records, Record::mdtrtId));
            ps.setArray(i++, texts(c, records, Record::psnNo));
            ps.setArray(i++, texts(c, records, r -> r.insutype().code()));
            ps.setArray(i++, texts(c, records, r -> r.medType() == null ? null : r.medType().code()));
            ps.setArray(i++, texts(c, records, r -> r.setlTime().toString()));
            ps.setArray(i++, fens(c, records, Record::medfee));
            ps.setArray(i++, fens(c, records, Record::fund));
            ps.setArray(i++, fens(c, records, Record::acct));
            ps.setArray(i++, fens(c, records, Record::cash));
            ps.setArray(i++, texts(c, records, Record::operatorId));
            for (String fund : OTHER_FUNDS) {
                ps.setArray(i++, fens(c, records, r -> r.otherFunds().getOrDefault(fund, Money.ZERO)));
            }
            inserted = keys(ps);
        }
        fillOtherFunds(c, institution, records.stream().filter(r -> !inserted.contains(r.setlId())).toList());
        requireStoredSame(c, institution, device, records, inserted, Ledger::settlements, "setl_id");
        return inserted.size();
    }

    /**
     * Gives the rows a station of an earlier version wrote (other funds NULL) the other funds of the records offered
     * again under their setl_id, so that they compare equal when they are the same settlement.
     */
    private static void fillOtherFunds(Connection c, String institution, List<Record> offeredAgain) throws SQLException {
        if (offeredAgain.isEmpty()) {
            return;
        }
        String set = OTHER_FUNDS.stream().map(f -> f + "_fen = u." + f).collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("UPDATE settlement s SET " + set + " FROM unnest(?::text[]"
                + ", ?::bigint[]".repeat(OTHER_FUNDS.size()) + ") AS u (setl_id, " + String.join(", ", OTHER_FUNDS)
                + ") WHERE s.institution_code = ? AND s.setl_id = u.setl_id AND s." + OTHER_FUNDS.get(0)
                + "_fen IS NULL")) {
            int i = 1;
            ps.setArray(i++, texts(c, offeredAgain, Record::setlId));
            for (String fund : OTHER_FUNDS) {
                ps.setArray(i++, fens(c, offeredAgain, r -> r.otherFunds().getOrDefault(fund, Money.ZERO)));
            }
            ps.setString(i, institution);
            ps.executeUpdate();
        }
    }

    /** As {@link #settlements(Connection, String, String, List)} for accepted offline debits, keyed by debit id. */
    private static int debits(Connection c, String institution, String device, List<Record> records)
            throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        Set<String> inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO offline_debit (institution_code, debit_id,"
                + " device_number, msgid, psn_no, insutype, txn_time, amount_fen, operator_id) SELECT ?, u.*"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamp[], ?::bigint[],"
                + " ?::text[]) AS u ON CONFLICT DO NOTHING RETURNING debit_id")) {
            int i = 1;
            ps.setString(i++, institution);
            ps.setArray(i++, texts(c, records, Record::setlId));
            ps.setArray(i++, texts(c, records, r -> device));
            ps.setArray(i++, texts(c, records, Record::msgid));
            ps.setArray(i++, texts(c, records, Record::psnNo));
            ps.setArray(i++, texts(c, records, r -> r.insutype().code()));
            ps.setArray(i++, texts(c, records, r -> r.setlTime().toString()));
            ps.setArray(i++, fens(c, records, Record::acct));
            ps.setArray(i, texts(c, records, Record::operatorId));
            inserted = keys(ps);
        }
        requireStoredSame(c, institution, device, records, inserted, Ledger::debits, "debit_id");
        return inserted.size();
    }

    /** The first column of every row {@code ps} returns. */
    private static Set<String> keys(PreparedStatement ps) throws SQLException {
        Set<String> out = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private interface Rows {
        List<Record> read(Connection c, String where, Object... args) throws SQLException;
    }

    /**
     * Every offered record not inserted by this batch, or offered more than once in it, must be stored as offered;
     * one stored under its msgid but another key is two records under one message id. Read in one query.
     */
    private static void requireStoredSame(Connection c, String institution, String device, List<Record> records,
            Set<String> inserted, Rows rows, String keyColumn) throws SQLException {
        Map<String, Long> offered = records.stream().collect(Collectors.groupingBy(Record::setlId, Collectors.counting()));
        List<Record> toCheck = records.stream()
                .filter(r -> !inserted.contains(r.setlId()) || offered.get(r.setlId()) > 1).toList();
        if (toCheck.isEmpty()) {
            return;
        }
        Map<String, Record> stored = new HashMap<>();
        for (Record r : rows.read(c, "institution_code = ? AND (" + keyColumn + " = ANY (?) OR msgid = ANY (?))",
                institution, texts(c, toCheck, Record::setlId), texts(c, toCheck, Record::msgid))) {
            stored.put(r.setlId(), r);
            stored.putIfAbsent("msgid " + r.msgid(), r);
        }
        for (Record r : toCheck) {
            Record held = stored.get(r.setlId());
            if (held == null) {
                held = stored.get("msgid " + r.msgid());
            }
            requireSame(held, asKept(r, device));
        }
    }

    private static java.sql.Array texts(Connection c, List<Record> records, Function<Record, String> field)
            throws SQLException {
        return c.createArrayOf("text", records.stream().map(field).toArray());
    }

    private static java.sql.Array fens(Connection c, List<Record> records, Function<Record, Money> field)
            throws SQLException {
        return c.createArrayOf("bigint", records.stream().map(r -> field.apply(r).fen()).toArray());
    }

    private static void requireSame(Record stored, Record offered) {
        if (stored == null) {
            throw new LedgerException(Reason.LEDGER_ROW_UNDER_ANOTHER_KEY, offered.setlId(), offered.msgid());
        }
        if (!stored.equals(offered)) {
            throw new LedgerException(Reason.LEDGER_ROW_DIFFERS, offered.setlId(), stored.stream());
        }
    }

    /** An operator's shift at a station closed at {@code closedAt}. */
    public record ShiftClose(String device, String operatorId, Instant closedAt) {
    }

    /**
     * Writes one station's shift closes in one transaction (a close already there is a no-op) and raises the station's
     * audit cursor in the ledger to {@code auditCursor} with them; returns how many were new.
     */
    public int writeShiftCloses(String institution, String device, List<ShiftClose> closes, long auditCursor) {
        return inTransaction(c -> {
            station(c, institution, device);
            int added = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shift_close (institution_code, device_number,"
                    + " operator_id, closed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (ShiftClose close : closes) {
                    if (!close.device().equals(device)) {
                        throw new LedgerException(Reason.LEDGER_SHIFT_CLOSE_OF_ANOTHER_STATION, close.device(), device);
                    }
                    ps.setString(1, institution);
                    ps.setString(2, device);
                    ps.setString(3, close.operatorId());
                    ps.setObject(4, utc(close.closedAt()));
                    added += ps.executeUpdate();
                }
            }
            raiseCursor(c, "audit_cursor", institution, device, auditCursor);
            return added;
        });
    }

    /** The institution's shift closes in [{@code from}, {@code to}), oldest first. */
    public List<ShiftClose> shiftCloses(String institution, Instant from, Instant to) {
        return inTransaction(c -> {
            List<ShiftClose> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT device_number, operator_id, closed_at FROM shift_close"
                    + " WHERE institution_code = ? AND closed_at >= ? AND closed_at < ? ORDER BY closed_at, device_number")) {
                ps.setString(1, institution);
                ps.setObject(2, utc(from));
                ps.setObject(3, utc(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ShiftClose(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The records of the institution whose setl_time (a debit's txn_time) falls on a day in [{@code from}, {@code to}],
     * oldest first, as the ledger holds them: the fields the ledger keeps, the station's device number in
     * {@code stream}, the rest empty.
     */
    public List<Record> between(String institution, LocalDate from, LocalDate to) {
        LocalDateTime start = from.atStartOfDay();
        LocalDateTime end = to.plusDays(1).atStartOfDay();
        return inTransaction(c -> {
            List<Record> out = new ArrayList<>(settlements(c, "institution_code = ? AND setl_time >= ? AND setl_time < ?",
                    institution, start, end));
            out.addAll(debits(c, "institution_code = ? AND txn_time >= ? AND txn_time < ?", institution, start, end));
            out.sort(java.util.Comparator.comparing(Record::setlTime).thenComparing(Record::setlId));
            return out;
        });
    }

    /** The stations that have replicated to the ledger for the institution, by device number. */
    public List<String> stations(String institution) {
        return inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT device_number FROM station WHERE institution_code = ?"
                    + " ORDER BY device_number")) {
                ps.setString(1, institution);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** A publication of the hospital's items: how many were new or changed, and the catalog version they took. */
    public record CatalogPublished(int changed, long version) {
    }

    /**
     * Publishes the hospital's own items and their national mapping for every station of the institution, in one
     * transaction: an item new or different from the one held (or withdrawn: publishing offers it again) takes the
     * institution's next catalog version; an item held unchanged keeps its version (so stations pull only what
     * changed). Items not named stay as they are.
     */
    public CatalogPublished publishCatalog(String institution, String operator, List<Catalog.LocalItem> items) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO institution (code) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, institution);
                ps.executeUpdate();
            }
            long version = nextCatalogVersion(c, institution);
            int changed = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO catalog_item (institution_code, local_code, name,"
                    + " price_fen, national_code, barcodes, version, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (institution_code, local_code) DO UPDATE SET name = excluded.name,"
                    + " price_fen = excluded.price_fen, national_code = excluded.national_code,"
                    + " barcodes = excluded.barcodes, withdrawn = false, version = excluded.version,"
                    + " updated_by = excluded.updated_by, updated_at = now() WHERE (catalog_item.name,"
                    + " catalog_item.price_fen, catalog_item.national_code, catalog_item.barcodes, catalog_item.withdrawn)"
                    + " IS DISTINCT FROM (excluded.name, excluded.price_fen, excluded.national_code, excluded.barcodes,"
                    + " false)")) {
                for (Catalog.LocalItem item : items) {
                    ps.setString(1, institution);
                    ps.setString(2, item.localCode());
                    ps.setString(3, item.name());
                    ps.setLong(4, item.price().fen());
                    ps.setString(5, item.nationalCode());
                    ps.setArray(6, c.createArrayOf("text", item.barcodes().toArray()));
                    ps.setLong(7, version);
                    ps.setString(8, operator);
                    changed += ps.executeUpdate();
                }
            }
            return published(c, institution, operator, version, changed);
        });
    }

    /**
     * Withdraws the hospital's items {@code localCodes} (mappings that must no longer be used) in one transaction: each
     * item still offered takes the institution's next catalog version, marked withdrawn, so stations pull the
     * withdrawal as a change and stop offering it; one already withdrawn is left as it is. A code the hospital
     * catalogue does not have withdraws nothing ({@link LedgerException}).
     */
    public CatalogPublished withdrawCatalog(String institution, String operator, List<String> localCodes) {
        return inTransaction(c -> {
            java.sql.Array codes = c.createArrayOf("text", localCodes.toArray());
            List<String> unknown = new ArrayList<>(new java.util.TreeSet<>(localCodes));
            try (PreparedStatement ps = c.prepareStatement("SELECT local_code FROM catalog_item"
                    + " WHERE institution_code = ? AND local_code = ANY (?)")) {
                ps.setString(1, institution);
                ps.setArray(2, codes);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        unknown.remove(rs.getString(1));
                    }
                }
            }
            if (!unknown.isEmpty()) {
                throw new LedgerException(Reason.CATALOG_WITHDRAW_UNKNOWN, unknown);
            }
            long version = nextCatalogVersion(c, institution);
            int changed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE catalog_item SET withdrawn = true, version = ?,"
                    + " updated_by = ?, updated_at = now() WHERE institution_code = ? AND local_code = ANY (?)"
                    + " AND NOT withdrawn")) {
                ps.setLong(1, version);
                ps.setString(2, operator);
                ps.setString(3, institution);
                ps.setArray(4, codes);
                changed = ps.executeUpdate();
            }
            return published(c, institution, operator, version, changed);
        });
    }

    /** Takes the institution's next catalog version under its row's lock (so versions become visible in order). */
    private static long nextCatalogVersion(Connection c, String institution) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE institution SET catalog_version = catalog_version + 1"
                + " WHERE code = ? RETURNING catalog_version")) {
            ps.setString(1, institution);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LedgerException(Reason.LEDGER_NO_INSTITUTION, institution);
                }
                return rs.getLong(1);
            }
        }
    }

    /** Records the publication of {@code version}, or gives the version back when nothing changed. */
    private static CatalogPublished published(Connection c, String institution, String operator, long version,
            int changed) throws SQLException {
        if (changed == 0) {
            c.rollback(); // nothing changed: the version is not used up
            return new CatalogPublished(0, catalogVersion(c, institution));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO catalog_publication (institution_code, version,"
                + " published_by) VALUES (?, ?, ?)")) {
            ps.setString(1, institution);
            ps.setLong(2, version);
            ps.setString(3, operator);
            ps.executeUpdate();
        }
        return new CatalogPublished(changed, version);
    }

    /** One of the hospital's items as the ledger holds it: the catalog version of its last change, and if withdrawn. */
    public record CatalogEntry(Catalog.LocalItem item, long version, boolean withdrawn) {
    }

    /**
     * The items changed after a catalog version, by local code; the institution's catalog version now and its
     * publication id (null before the first); whether these are the whole catalogue because the ledger does not hold
     * the version asked after ({@code fromStart}); and the catalog version the ledger last heard the station took
     * (-1 for none).
     */
    public record CatalogChanges(long version, String publication, List<CatalogEntry> entries, boolean fromStart,
                                 long stationReported) {
        /** The items offered (new, changed or offered again). */
        public List<Catalog.LocalItem> offered() {
            return entries.stream().filter(e -> !e.withdrawn()).map(CatalogEntry::item).toList();
        }

        /** The local codes withdrawn. */
        public List<String> withdrawn() {
            return entries.stream().filter(CatalogEntry::withdrawn).map(e -> e.item().localCode()).toList();
        }
    }

    /**
     * The institution's items whose catalog version is above {@code after} (all of them for 0), for station
     * {@code device}. When the ledger has no publication {@code after}, or another one than {@code heldPublication}
     * under that number (null: not known, trusted), its catalogue is not the one the station followed (restored from
     * a backup): the answer is then the whole catalogue, {@code fromStart}.
     */
    public CatalogChanges catalogSince(String institution, String device, long after, String heldPublication) {
        return inTransaction(c -> {
            long from = after;
            boolean fromStart = false;
            if (after > 0) {
                String there = publication(c, institution, after);
                if (there == null || (heldPublication != null && !heldPublication.equals(there))) {
                    from = 0;
                    fromStart = true;
                }
            }
            List<CatalogEntry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT local_code, name, price_fen, national_code, barcodes,"
                    + " version, withdrawn FROM catalog_item WHERE institution_code = ? AND version > ?"
                    + " ORDER BY local_code")) {
                ps.setString(1, institution);
                ps.setLong(2, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String[] barcodes = (String[]) rs.getArray("barcodes").getArray();
                        entries.add(new CatalogEntry(new Catalog.LocalItem(rs.getString("local_code"), rs.getString("name"),
                                Money.ofFen(rs.getLong("price_fen")), rs.getString("national_code"), List.of(barcodes)),
                                rs.getLong("version"), rs.getBoolean("withdrawn")));
                    }
                }
            }
            long reported = -1;
            try (PreparedStatement ps = c.prepareStatement("SELECT catalog_version FROM station"
                    + " WHERE institution_code = ? AND device_number = ? AND catalog_version IS NOT NULL")) {
                ps.setString(1, institution);
                ps.setString(2, device);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        reported = rs.getLong(1);
                    }
                }
            }
            long version = catalogVersion(c, institution);
            return new CatalogChanges(version, publication(c, institution, version), entries, fromStart, reported);
        });
    }

    /** Notes that station {@code device} holds catalog version {@code version} (shown where the catalogue is published). */
    public void catalogTaken(String institution, String device, long version) {
        inTransaction(c -> {
            station(c, institution, device);
            try (PreparedStatement ps = c.prepareStatement("UPDATE station SET catalog_version = ?"
                    + " WHERE institution_code = ? AND device_number = ?")) {
                ps.setLong(1, version);
                ps.setString(2, institution);
                ps.setString(3, device);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** A station of the institution: the catalog version it last took (null: never) and when the ledger last heard of it. */
    public record StationCatalog(String device, Long catalogVersion, Instant lastSeen) {
    }

    /** The institution's stations with the catalog version each holds, by device number. */
    public List<StationCatalog> stationCatalogs(String institution) {
        return inTransaction(c -> {
            List<StationCatalog> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT device_number, catalog_version, last_seen_at"
                    + " FROM station WHERE institution_code = ? ORDER BY device_number")) {
                ps.setString(1, institution);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long v = rs.getLong(2);
                        out.add(new StationCatalog(rs.getString(1), rs.wasNull() ? null : v,
                                rs.getObject(3, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    private static String publication(Connection c, String institution, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT publication_id::text FROM catalog_publication"
                + " WHERE institution_code = ? AND version = ?")) {
            ps.setString(1, institution);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long catalogVersion(Connection c, String institution) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT catalog_version FROM institution WHERE code = ?")) {
            ps.setString(1, institution);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The ledger's form of a station's record: only the fields the ledger keeps. */
    public static Record asKept(Record r, String device) {
        boolean debit = r.kind() == Kind.OFFLINE_DEBIT;
        return new Record(r.setlId(), r.origSetlId(), r.msgid(), r.mdtrtId(), r.psnNo(), r.insutype(),
                debit ? MedType.PHARMACY : r.medType(), r.setlTime(), r.medfee(), null, null, null, null, null, null,
                debit ? Money.ZERO : r.fund(), r.acct(), debit ? Money.ZERO : r.cash(), r.operatorId(), null, null, null,
                device, null, r.kind(), debit ? Map.of() : nonZero(r.otherFunds()));
    }

    private static Map<String, Money> nonZero(Map<String, Money> funds) {
        Map<String, Money> out = new HashMap<>();
        funds.forEach((fund, amount) -> {
            if (!amount.isZero()) {
                out.put(fund, amount);
            }
        });
        return out;
    }

    private static List<Record> settlements(Connection c, String where, Object... args) throws SQLException {
        List<Record> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SETTLEMENT_COLUMNS + " FROM settlement WHERE " + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String medType = rs.getString("med_type");
                    out.add(new Record(rs.getString("setl_id"), rs.getString("orig_setl_id"), rs.getString("msgid"),
                            rs.getString("mdtrt_id"), rs.getString("psn_no"), InsuType.of(rs.getString("insutype")),
                            medType == null ? null : MedType.of(medType), rs.getObject("setl_time", LocalDateTime.class),
                            Money.ofFen(rs.getLong("medfee_fen")), null, null, null, null, null, null,
                            Money.ofFen(rs.getLong("fund_fen")), Money.ofFen(rs.getLong("acct_fen")),
                            Money.ofFen(rs.getLong("cash_fen")), rs.getString("operator_id"), null, null, null,
                            rs.getString("device_number"), null, Kind.valueOf(rs.getString("kind")), otherFunds(rs)));
                }
            }
        }
        return out;
    }

    /** The other funds of a settlement row that are not zero (a NULL, from a station of an earlier version, is zero). */
    private static Map<String, Money> otherFunds(ResultSet rs) throws SQLException {
        Map<String, Money> out = new HashMap<>();
        for (String fund : OTHER_FUNDS) {
            long fen = rs.getLong(fund + "_fen");
            if (fen != 0) {
                out.put(fund, Money.ofFen(fen));
            }
        }
        return out;
    }

    private static List<Record> debits(Connection c, String where, Object... args) throws SQLException {
        List<Record> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT debit_id, device_number, msgid, psn_no, insutype, txn_time,"
                + " amount_fen, operator_id FROM offline_debit WHERE " + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Money amount = Money.ofFen(rs.getLong("amount_fen"));
                    out.add(new Record(rs.getString("debit_id"), null, rs.getString("msgid"), null, rs.getString("psn_no"),
                            InsuType.of(rs.getString("insutype")), MedType.PHARMACY,
                            rs.getObject("txn_time", LocalDateTime.class), amount, null, null, null, null, null, null,
                            Money.ZERO, amount, Money.ZERO, rs.getString("operator_id"), null, null, null,
                            rs.getString("device_number"), null, Kind.OFFLINE_DEBIT));
                }
            }
        }
        return out;
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** How often a transaction PostgreSQL refused for a concurrent one (serialization failure, deadlock) is run again. */
    private static final int CONCURRENCY_RETRIES = 5;

    /**
     * Runs {@code work} in one REPEATABLE READ transaction. Many stations write at once, so PostgreSQL may refuse one
     * for another's concurrent update (SQLSTATE 40001) or a deadlock (40P01); the work was rolled back whole and is
     * run again, a few times with a short random pause, before it is a failure.
     */
    private <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(work);
            } catch (LedgerException e) {
                if (attempt > CONCURRENCY_RETRIES || !(e.getCause() instanceof SQLException sql)
                        || !("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * What a refused connection or transaction means: the database not reached (SQLSTATE class 08, or none), other
     * stations' concurrent updates still in the way after the retries (40001, 40P01), or a refusal of the work itself.
     */
    static Reason failure(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.startsWith("08")) {
            return Reason.LEDGER_UNREACHABLE;
        }
        return "40001".equals(state) || "40P01".equals(state) ? Reason.LEDGER_CONCURRENT_UPDATE : Reason.LEDGER_REFUSED;
    }

    private <T> T attempt(Work<T> work) {
        try (Connection c = DriverManager.getConnection(url, credentials)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException(e, failure(e), e.getMessage());
        }
    }
}
