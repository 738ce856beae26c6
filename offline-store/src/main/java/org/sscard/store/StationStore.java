package org.sscard.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.PrivateFiles;
import org.sscard.crypto.SecurityModule;

/**
 * The station's SQLite store: outbox, audit log, blacklist, catalog, operators, card holders and settings
 * in one file. Opening checks the file (present, not empty, SQLite's quick check), that it belongs to this station's
 * data key and is the store the key store is paired with, migrates the schema to the current version, and turns
 * messages left in flight by a crash into messages of unknown outcome. Only {@link #create} makes a new file.
 */
public final class StationStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StationStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreConfig config;
    private final Database db;
    private final FieldCipher cipher;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Blacklist blacklist;
    private final Catalog catalog;
    private final Operators operators;
    private final Settings settings;
    private final CardHolders holders;
    private final Visits visits;
    private final DeferredVisitRows deferredVisits;
    private final DebitJournal debitJournal;
    private final SignIns signIns;
    private final ReservedMsgids reservedMsgids;
    private final MsgIdBlocks msgIdBlocks;
    private final UnprintedReceipts unprintedReceipts;
    private final ShiftCloses shiftCloses;
    private final LedgerPosition ledgerPosition;
    private final StationCounters counters;
    private final JobRuns jobRuns;
    private final Backups backups;
    private final RecoveryReserve reserve;
    private final Recovery recovery;

    private StationStore(StoreConfig config, SecurityModule module, Database db) {
        this.config = config;
        this.db = db;
        this.cipher = new FieldCipher(module, config.dataKey());
        this.audit = new AuditLog(db, cipher, config.clock());
        this.outbox = new Outbox(db, cipher, audit, config.clock());
        this.blacklist = new Blacklist(db, audit, config.clock());
        this.catalog = new Catalog(db, audit, config.clock());
        this.operators = new Operators(db, cipher, audit, config.clock(), PasswordHasher.DEFAULT);
        this.settings = new Settings(db, cipher, audit, config.clock());
        this.settings.useOperators(operators);
        this.operators.useSettings(settings);
        this.holders = new CardHolders(db, cipher, audit, config.clock());
        this.visits = new Visits(db, cipher, audit, config.clock());
        this.deferredVisits = new DeferredVisitRows(db, cipher, config.clock());
        this.debitJournal = new DebitJournal(db, cipher, config.clock());
        this.signIns = new SignIns(db);
        this.reservedMsgids = new ReservedMsgids(db, config.clock());
        this.msgIdBlocks = new MsgIdBlocks(db);
        this.unprintedReceipts = new UnprintedReceipts(db, config.clock());
        this.shiftCloses = new ShiftCloses(db, audit);
        this.ledgerPosition = new LedgerPosition(db);
        this.counters = new StationCounters(db);
        this.jobRuns = new JobRuns(db);
        this.backups = new Backups(this);
        this.reserve = RecoveryReserve.open(config.file());
        this.recovery = new Recovery(db, cipher, reserve, new RecoveryOp.Stores(outbox, settings, audit, visits), config.clock());
    }

    /**
     * Opens the existing store described by {@code config}: refused ({@link StoreRefusedException}, the file left as it
     * was) when it is missing, empty, damaged, another station's or not the store the key store is paired with; then
     * migrated to the current schema. Never creates a file: a new station's store is made by {@link #create}.
     */
    public static StationStore open(StoreConfig config, SecurityModule module) {
        return open(config, module, PasswordHasher.DEFAULT);
    }

    /** As {@link #open(StoreConfig, SecurityModule)}, with the password-hashing cost given (tests use a cheap one). */
    public static StationStore open(StoreConfig config, SecurityModule module, PasswordHasher hasher) {
        return open(config, module, hasher, Pairing.EXPECT);
    }

    /**
     * Creates the store of a new station ({@code terminal setup}): the file must not exist and the key store must not
     * be paired with another store yet. The new store gets a random store id, which the pairing record (when
     * {@code config.pairing()} is set) then names. A store that fails while being made is removed again.
     */
    public static StationStore create(StoreConfig config, SecurityModule module) {
        return create(config, module, PasswordHasher.DEFAULT);
    }

    /** As {@link #create(StoreConfig, SecurityModule)}, with the password-hashing cost given. */
    public static StationStore create(StoreConfig config, SecurityModule module, PasswordHasher hasher) {
        requireDataKey(config, module);
        Path file = config.file();
        if (Files.exists(file)) {
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                size = -1;
            }
            throw new StoreRefusedException(StoreRefusedException.Reason.ALREADY_SET_UP, "A station database already"
                    + " exists at " + file + " (" + size + " bytes): this station is set up, and setup never replaces"
                    + " a database. If the station refuses to start with it, follow its message (restore the latest"
                    + " backup with 'terminal restore BACKUP.ssbak').");
        }
        if (config.pairing() != null) {
            Optional<StorePairing.Pair> paired = StorePairing.read(config.pairing(), module, config.dataKey());
            if (paired.isPresent()) {
                throw new StoreRefusedException(StoreRefusedException.Reason.ALREADY_SET_UP, "This key store is paired"
                        + " with station database " + paired.get().storeId() + " (since " + paired.get().pairedAt()
                        + "), which is not at " + file + ". Put that database back, or restore its latest backup with"
                        + " 'terminal restore BACKUP.ssbak'. Only to give that station's data up and start an empty"
                        + " station, move the pairing record " + config.pairing() + " away first, then run setup.");
            }
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.createFolders(parent);
            }
            PrivateFiles.createFile(file);
        } catch (IOException e) {
            throw new StoreException("the station database " + file + " could not be created: " + e.getMessage()
                    + " (check that its folder is writable and has free space)", e);
        }
        try {
            return open(config, module, hasher, Pairing.NEW);
        } catch (RuntimeException e) {
            removeUnfinished(file, config.pairing());
            throw e;
        }
    }

    /** Opens a file {@link Backups#restore} has just put in place, pairing the key store with it. */
    static StationStore openRestored(StoreConfig config, SecurityModule module) {
        return open(config, module, PasswordHasher.DEFAULT, Pairing.RESTORED);
    }

    /** How the store's identity is matched with the key store's pairing record. */
    private enum Pairing {
        /** An existing store: it must be the one the pairing record names (a store without a record is paired). */
        EXPECT,
        /** A store being created: it gets a new id and the record. */
        NEW,
        /** A restored store: the record is (re)written to name it. */
        RESTORED
    }

    private static StationStore open(StoreConfig config, SecurityModule module, PasswordHasher hasher, Pairing pairing) {
        requireDataKey(config, module);
        FieldCipher cipher = new FieldCipher(module, config.dataKey());
        String storeId = null;
        if (pairing != Pairing.NEW) {
            storeId = StoreFileCheck.requireUsable(config.file(), c -> {
                if (AuditLog.head(c) != null) {
                    AuditVerification head = new AuditLog(null, cipher, config.clock()).verifyHeadOnly(c);
                    if (!head.intact()) {
                        throw otherStation(config, head);
                    }
                }
                return Settings.storeId(c);
            });
        }
        Optional<StorePairing.Pair> paired = pairingRecord(config, module, pairing);
        if (pairing != Pairing.NEW) {
            if (pairing == Pairing.EXPECT && paired.isPresent() && !paired.get().storeId().equals(storeId)) {
                throw new StoreRefusedException(StoreRefusedException.Reason.OTHER_STORE, "The station database "
                        + config.file() + " is not the one this key store belongs to: the key store is paired with"
                        + " station database " + paired.get().storeId() + " (since " + paired.get().pairedAt() + "), this"
                        + " file is " + (storeId == null ? "a database from before pairing" : "station database " + storeId)
                        + ". It is another station's database (made with a copy of this key store) or one set up"
                        + " separately." + StoreFileCheck.restoreAdvice(config.file())
                        + " Restore pairs the key store with the restored database.");
            }
            restrictModes(config.file());
        }
        String version = Migrations.migrate(config.file(), null);
        Database db;
        try {
            db = new Database(config);
        } catch (StoreException e) {
            throw StoreFileCheck.isCorruption(e) ? StoreFileCheck.whileOpening(config.file(), e) : e;
        }
        StationStore store;
        try {
            store = new StationStore(config, module, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        try {
            store.start(hasher, version, storeId, paired, pairing);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void start(PasswordHasher hasher, String version, String storeId, Optional<StorePairing.Pair> paired,
                       Pairing pairing) {
        operators.useHasher(hasher);
        try {
            recovery.lookForRecords();
        } catch (java.io.IOException e) {
            throw new StoreException("the station's recovery reserve could not be read: " + e.getMessage(), e);
        }
        try {
            db.write("initialise the audit log", c -> {
                audit.initialize(c);
                return null;
            });
        } catch (StoreFullException e) {
            throw recovery.behind() ? recordsWaiting() : e;
        }
        AuditVerification headCheck = db.read("check the audit head", audit::verifyHeadOnly);
        if (!headCheck.intact()) {
            throw otherStation(config, headCheck);
        }
        identify(storeId, paired, pairing);
        moveVersion3Holders();
        carryOverState();
        db.hook(recovery.hook());
        if (!recovery.catchUp()) {
            throw recordsWaiting();
        }
        audit.record("system", "store.open", config.stationId(), "schema=" + version);
        int recovered = outbox.recoverInFlight();
        if (recovered > 0) {
            LOG.warn("{} message(s) were in flight when the station stopped; their outcome must be resolved", recovered);
        }
    }

    private StoreFullException recordsWaiting() {
        return new StoreFullException("The station database cannot be written, and what happened after money last"
                + " moved is kept in its recovery reserve (" + reserve.file().getFileName() + "), not yet in the"
                + " database. Free disk space on the station, then start it again: it enters those records first."
                + " Do not repeat any settlement in the meantime.", null);
    }

    /** The key store's pairing record; after a restore an unreadable one is replaced, so it counts as none. */
    private static Optional<StorePairing.Pair> pairingRecord(StoreConfig config, SecurityModule module, Pairing pairing) {
        if (config.pairing() == null || pairing == Pairing.NEW) {
            return Optional.empty();
        }
        try {
            return StorePairing.read(config.pairing(), module, config.dataKey());
        } catch (StoreRefusedException e) {
            if (pairing == Pairing.RESTORED) {
                LOG.warn("the pairing record beside the key store could not be read; the restore replaces it");
                return Optional.empty();
            }
            throw e;
        }
    }

    private static StoreRefusedException otherStation(StoreConfig config, AuditVerification head) {
        return new StoreRefusedException(StoreRefusedException.Reason.OTHER_STATION, "The station database "
                + config.file() + " does not belong to this station's key store: its audit head does not verify under"
                + " the data key " + config.dataKey() + " (" + head.problem() + "). It is another station's database,"
                + " or its audit head was changed. Open it with the key store it was made with, or restore this"
                + " station's latest backup." + StoreFileCheck.restoreAdvice(config.file()));
    }

    /**
     * Gives the store its id if it has none (a new store, or one made before store ids) and writes the pairing record
     * where it is missing or, after a restore, names another store; each change audited as {@code store.pair}.
     */
    private void identify(String storeId, Optional<StorePairing.Pair> paired, Pairing pairing) {
        String id = storeId;
        if (id == null) {
            String fresh = newStoreId();
            db.write("record the store id", c -> {
                settings.putSystem(c, Settings.STORE_ID, Settings.Type.STRING, fresh);
                audit.append(c, "system", pairing == Pairing.NEW ? "store.create" : "store.id", fresh,
                        pairing == Pairing.NEW ? "new station database" : "store id given to a database made before store ids");
                return null;
            });
            id = fresh;
        }
        if (config.pairing() == null || (paired.isPresent() && paired.get().storeId().equals(id))) {
            return;
        }
        StorePairing.write(config.pairing(), cipher.module(), config.dataKey(), new StorePairing.Pair(id, config.clock().instant()));
        String detail = paired.map(p -> "re-paired by restore: was " + p.storeId() + " (since " + p.pairedAt() + ")")
                .orElse(pairing == Pairing.EXPECT ? "paired: the key store had no pairing record" : "paired");
        audit.record("system", "store.pair", id, detail);
        if (pairing == Pairing.EXPECT) {
            LOG.warn("the key store had no pairing record; it is now paired with station database {}", id);
        }
    }

    private static String newStoreId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Owner-only modes for a store made by an earlier version (SQLite gives its -wal and -shm the file's mode). */
    private static void restrictModes(Path file) {
        for (Path p : List.of(file, file.resolveSibling(file.getFileName() + "-wal"), file.resolveSibling(file.getFileName() + "-shm"))) {
            try {
                PrivateFiles.restrict(p);
            } catch (IOException e) {
                LOG.warn("the permissions of {} could not be narrowed to its owner: {}", p.getFileName(), e.getMessage());
            }
        }
    }

    /**
     * Removes a store file {@link #create} made but could not finish (it holds nothing yet), and the pairing record
     * that may already name it (there was none before {@code create}).
     */
    private static void removeUnfinished(Path file, Path pairing) {
        List<Path> made = new java.util.ArrayList<>();
        for (String suffix : List.of("", "-wal", "-shm", "-journal", ".recovery")) {
            made.add(file.resolveSibling(file.getFileName() + suffix));
        }
        if (pairing != null) {
            made.add(pairing);
        }
        for (Path p : made) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("{} of the unfinished station database could not be removed: {}", p.getFileName(), e.getMessage());
            }
        }
    }

    /** What a closed store is on disk: the database and, where present, its -wal, -shm and recovery reserve. */
    private static final List<String> COMPANIONS = List.of("", "-wal", "-shm", ".recovery");

    /**
     * Moves a closed store's files to {@code target} (its companions to {@code target} with their suffixes), so that
     * the store opens there as it was; the one to replace it goes to {@code file} afterwards. Refused while something
     * is at {@code target}.
     */
    public static void moveClosed(Path file, Path target) throws IOException {
        for (String suffix : COMPANIONS) {
            Path to = target.resolveSibling(target.getFileName() + suffix);
            if (Files.exists(to)) {
                throw new IOException(to + " already exists");
            }
        }
        for (String suffix : COMPANIONS) {
            Path from = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(from)) {
                Files.move(from, target.resolveSibling(target.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** Deletes a closed store's files (a restore being taken back: the backup it came from is kept). */
    public static void deleteClosed(Path file) throws IOException {
        for (String suffix : COMPANIONS) {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
        }
    }

    /** The random id this store was given when it was made; the key store's pairing record names it. */
    public String storeId() {
        return settings.storeId();
    }

    /**
     * Completes schema V4 for a file made by version 3: its card holders (card number and identification code in
     * clear) are re-keyed by blind index under the data key, in one write transaction with its audit entry, and the
     * WAL is checkpointed and truncated so the clear values do not linger there (the database's freed pages are
     * zeroed by {@code secure_delete}).
     */
    /** Moves the station state an earlier version kept as settings keys into the tables of schema 6 (once). */
    private void carryOverState() {
        if (!db.read("look for station state of an earlier version", StateCarryOver::anyLeft)) {
            return;
        }
        StateCarryOver carry = new StateCarryOver(settings, visits, deferredVisits, debitJournal);
        db.write("move the station state to its tables", c -> {
            int moved = carry.move(c);
            audit.append(c, "system", "store.migrate", config.stationId(), moved
                    + " station state key(s) moved to the visit, card-update, deferred-visit, offline-debit and sign-in"
                    + " tables");
            return null;
        });
        checkpoint("checkpoint the moved station state");
    }

    private void moveVersion3Holders() {
        if (!db.read("check the card-holder table", CardHolders::version3TablePresent)) {
            return;
        }
        db.write("move the card holders to the blind-indexed table", c -> {
            int moved = holders.moveVersion3Rows(c);
            if (moved > 0) {
                audit.append(c, "system", "holder.migrate", config.stationId(), moved + " card holder(s) re-keyed by blind index");
            }
            return null;
        });
        checkpoint("checkpoint the moved card holders");
    }

    /** Copies the WAL into the file and empties it: the values moved out in clear leave no copy in the log. */
    private void checkpoint(String what) {
        db.withWriterConnection(what, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
    }

    private static void requireDataKey(StoreConfig config, SecurityModule module) {
        try {
            module.kcv(config.dataKey());
        } catch (RuntimeException e) {
            throw new StoreException("the station's data key " + config.dataKey() + " is not in the security module;"
                    + " load the station's key store (or generate the key for a new station) first", e);
        }
    }

    public StoreConfig config() {
        return config;
    }

    public Outbox outbox() {
        return outbox;
    }

    public AuditLog audit() {
        return audit;
    }

    public Blacklist blacklist() {
        return blacklist;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Operators operators() {
        return operators;
    }

    public Settings settings() {
        return settings;
    }

    public CardHolders holders() {
        return holders;
    }

    /** Write transactions run by this store object since it was opened and the time spent in them (lock wait included). */
    public WriteStatistics writeStatistics() {
        return db.writeStatistics();
    }

    public Visits visits() {
        return visits;
    }

    public DeferredVisitRows deferredVisits() {
        return deferredVisits;
    }

    public DebitJournal debitJournal() {
        return debitJournal;
    }

    public SignIns signIns() {
        return signIns;
    }

    public ReservedMsgids reservedMsgids() {
        return reservedMsgids;
    }

    /** The block of message ids the station issues from. */
    public MsgIdBlocks msgIdBlocks() {
        return msgIdBlocks;
    }

    /** The receipts waiting for a reprint. */
    public UnprintedReceipts unprintedReceipts() {
        return unprintedReceipts;
    }

    /** The operators' last shift closes. */
    public ShiftCloses shiftCloses() {
        return shiftCloses;
    }

    /** How far the hospital ledger holds this station's records. */
    public LedgerPosition ledgerPosition() {
        return ledgerPosition;
    }

    /** The station's counters (card numbers, offline terminal sequence...). */
    public StationCounters counters() {
        return counters;
    }

    /** The last successful run of each scheduled job. */
    public JobRuns jobRuns() {
        return jobRuns;
    }

    public Backups backups() {
        return backups;
    }

    /** Changes that must not be lost once money has moved, kept in the recovery reserve when the database cannot take them. */
    public Recovery recovery() {
        return recovery;
    }

    /** The schema version of the open file. */
    public String schemaVersion() {
        return db.read("read the schema version", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM flyway_schema_history WHERE success = 1"
                    + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    /**
     * SQLite's full integrity check (every page, and every index against its table, which the quick check at opening
     * does not compare); a damaged store is refused with what was found and the way to restore it. Run by
     * {@code terminal audit verify}; a backup runs the same check on its copy.
     */
    public void requireIntegrity() {
        String result;
        try {
            result = integrityCheck();
        } catch (StoreException e) {
            throw StoreFileCheck.isCorruption(e) ? StoreFileCheck.whileOpening(config.file(), e) : e;
        }
        if (!"ok".equals(result)) {
            throw StoreFileCheck.damaged(config.file(), "SQLite's integrity check reports: " + result);
        }
    }

    /** SQLite's own consistency check of every page and index; "ok" when sound. */
    public String integrityCheck() {
        return db.read("check the database", c -> {
            try (Statement s = c.createStatement()) {
                return Database.queryString(s, "PRAGMA integrity_check");
            }
        });
    }

    Database database() {
        return db;
    }

    FieldCipher cipher() {
        return cipher;
    }

    @Override
    public void close() {
        try {
            db.flushDeferred();
        } catch (StoreException e) {
            LOG.warn("records waiting for the next write could not be written at close: {}", e.getMessage());
        }
        db.close();
        reserve.close();
    }
}
