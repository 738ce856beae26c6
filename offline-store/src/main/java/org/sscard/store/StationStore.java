package org.sscard.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.SecurityModule;

/**
 * The station's SQLite store: outbox, audit log, blacklist, catalog, operators, card holders and settings
 * in one file. Opening migrates the schema to the current version, checks that the file belongs to this
 * station's data key, and turns messages left in flight by a crash into messages of unknown outcome.
 */
public final class StationStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StationStore.class);

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
        this.operators = new Operators(db, audit, config.clock(), PasswordHasher.DEFAULT);
        this.settings = new Settings(db, cipher, audit, config.clock());
        this.settings.useOperators(operators);
        this.holders = new CardHolders(db, cipher, audit, config.clock());
        this.backups = new Backups(this);
        this.reserve = RecoveryReserve.open(config.file());
        this.recovery = new Recovery(db, cipher, reserve, new RecoveryOp.Stores(outbox, settings, audit), config.clock());
    }

    /** Opens (creating or migrating as needed) the store described by {@code config}. */
    public static StationStore open(StoreConfig config, SecurityModule module) {
        return open(config, module, PasswordHasher.DEFAULT);
    }

    /** As {@link #open(StoreConfig, SecurityModule)}, with the password-hashing cost given (tests use a cheap one). */
    public static StationStore open(StoreConfig config, SecurityModule module, PasswordHasher hasher) {
        requireDataKey(config, module);
        Path parent = config.file().toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StoreException("the folder for the station database does not exist: " + parent.getFileName());
        }
        String version = Migrations.migrate(config.file(), null);
        Database db = new Database(config);
        StationStore store;
        try {
            store = new StationStore(config, module, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        try {
            store.start(hasher, version);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void start(PasswordHasher hasher, String version) {
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
            throw new StoreException("this station database does not belong to the data key " + config.dataKey()
                    + " (" + headCheck.problem() + "). Open it with the key store it was made with, or restore a backup");
        }
        moveVersion3Holders();
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

    /**
     * Completes schema V4 for a file made by version 3: its card holders (card number and identification code in
     * clear) are re-keyed by blind index under the data key, in one write transaction with its audit entry, and the
     * WAL is checkpointed and truncated so the clear values do not linger there (the database's freed pages are
     * zeroed by {@code secure_delete}).
     */
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
        db.withWriterConnection("checkpoint the moved card holders", c -> {
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
        db.close();
        reserve.close();
    }
}
