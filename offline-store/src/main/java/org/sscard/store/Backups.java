package org.sscard.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.PrivateFiles;
import org.sscard.crypto.SecurityModule;
import org.sscard.crypto.Sm3;

/**
 * Encrypted, checksummed backups through SQLite's online backup API, and restore onto a fresh station with
 * verification before the database is accepted. The file format is in {@code docs/offline-store.md}:
 * {@code "SSCBAK01" || u32 header length || header (UTF-8 key=value lines) || SM4-GCM sealed database
 * (DATA key, associated data = magic || header) || SM3 of everything before}.
 */
public final class Backups {
    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
    static final byte[] MAGIC = "SSCBAK01".getBytes(StandardCharsets.US_ASCII);
    static final String SUFFIX = ".ssbak";
    private static final String LAST_BACKUP = "backup.last_at";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final StationStore store;

    Backups(StationStore store) {
        this.store = store;
    }

    /** Writes a backup of the open store to {@code target} (replaced atomically if it exists). */
    public Path backup(String operator, Path target) {
        Database db = store.database();
        Path snapshot = target.resolveSibling(target.getFileName() + ".snapshot.tmp");
        try {
            Files.deleteIfExists(snapshot);
            Path folder = target.toAbsolutePath().getParent();
            if (folder != null) {
                PrivateFiles.createFolders(folder);
            }
            PrivateFiles.createFile(snapshot);
            try {
                db.withWriterConnection("copy the database for a backup", c -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("backup to '" + snapshot.toAbsolutePath().toString().replace("'", "''") + "'");
                    }
                    return null;
                });
            } catch (BackupException e) {
                throw e;
            } catch (StoreException e) {
                // SQLite writes the copy into the backup folder: a full disk there is SQLITE_FULL
                BackupException.Failure failure = e instanceof StoreFullException ? BackupException.Failure.DISK_FULL
                        : BackupException.Failure.NOT_WRITTEN;
                throw new BackupException(failure, "the backup could not be written to " + target.getFileName() + ": "
                        + e.getMessage(), e, target.getFileName().toString(), folderOf(target), e.getMessage());
            }
            byte[] database = Files.readAllBytes(snapshot);
            Map<String, String> header = new LinkedHashMap<>();
            header.put("format", "1");
            header.put("station", store.config().stationId());
            header.put("data_key", store.config().dataKey().toString());
            header.put("data_key_kcv", HexFormat.of().formatHex(store.cipher().module().kcv(store.config().dataKey())));
            header.put("created_at", store.config().clock().instant().toString());
            Inspection inspection = inspect(snapshot);
            if (!"ok".equals(inspection.integrity)) {
                throw new BackupException(BackupException.Failure.STORE_DAMAGED, "No backup was written: "
                        + StoreFileCheck.damaged(store.config().file(), "SQLite's integrity check of a copy made for the"
                        + " backup reports: " + inspection.integrity).getMessage(), inspection.integrity);
            }
            header.put("schema", inspection.schema);
            header.put("audit_head_seq", Long.toString(inspection.auditHead.seq()));
            header.put("audit_head_hash", HexFormat.of().formatHex(inspection.auditHead.hash()));
            inspection.outbox.forEach((state, n) -> header.put("outbox_" + state.name().toLowerCase(java.util.Locale.ROOT), Long.toString(n)));
            header.put("db_bytes", Integer.toString(database.length));
            header.put("db_sm3", HexFormat.of().formatHex(Sm3.hash(database)));
            byte[] file = encode(store.cipher().module(), store.config(), header, database);
            PrivateFiles.writeAtomically(target, file);
            store.database().write("record the backup", c -> {
                store.settings().putSystem(c, LAST_BACKUP, Settings.Type.STRING, store.config().clock().instant().toString());
                store.audit().append(c, operator, "backup.create", target.getFileName().toString(),
                        "bytes=" + file.length + " audit_head=" + inspection.auditHead.seq());
                return null;
            });
            LOG.info("backup written: {} ({} bytes)", target.getFileName(), file.length);
            return target;
        } catch (IOException e) {
            throw new BackupException(writeFailure(e), "the backup could not be written to " + target.getFileName() + ": "
                    + e.getMessage() + " (check that the backup folder exists, is writable and has free space)", e,
                    target.getFileName().toString(), folderOf(target), e.getMessage());
        } finally {
            try {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(snapshot.resolveSibling(snapshot.getFileName() + suffix));
                }
            } catch (IOException ignored) {
                // a left-over snapshot is overwritten by the next backup
            }
        }
    }

    /**
     * Makes the day's backup in {@code folder} if none was made today (the station's time zone), keeping the
     * {@code keep} newest backup files there. Returns the new file, or empty if today's backup exists.
     */
    public Optional<Path> backupIfDue(Path folder, int keep) {
        Instant now = store.config().clock().instant();
        LocalDate today = LocalDate.ofInstant(now, store.config().zone());
        Optional<String> last = store.settings().getString(LAST_BACKUP);
        if (last.isPresent() && LocalDate.ofInstant(Instant.parse(last.get()), store.config().zone()).equals(today)) {
            return Optional.empty();
        }
        Path made = backupInto("system", folder);
        List<BackupFile> files = list(folder);
        for (BackupFile old : files.subList(Math.min(keep, files.size()), files.size())) {
            try {
                Files.delete(old.file());
            } catch (IOException e) {
                LOG.warn("old backup {} could not be removed: {}", old.file().getFileName(), e.getMessage());
            }
        }
        return Optional.of(made);
    }

    /** Writes a backup into {@code folder}, named after the station and the time by the station's clock. */
    public Path backupInto(String operator, Path folder) {
        String name = filePrefix() + LocalDateTime.ofInstant(store.config().clock().instant(), store.config().zone())
                .format(NAME_TIME) + SUFFIX;
        return backup(operator, folder.resolve(name));
    }

    /** A backup file of this station and the time its name records. */
    public record BackupFile(Path file, Instant madeAt, long bytes) {
    }

    /** This station's backup files in {@code folder}, newest first; none when the folder does not exist. */
    public List<BackupFile> list(Path folder) {
        List<BackupFile> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        String prefix = filePrefix();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, prefix + "*" + SUFFIX)) {
            for (Path f : ds) {
                String stamp = f.getFileName().toString();
                stamp = stamp.substring(prefix.length(), stamp.length() - SUFFIX.length());
                try {
                    Instant at = LocalDateTime.parse(stamp, NAME_TIME).atZone(store.config().zone()).toInstant();
                    out.add(new BackupFile(f, at, Files.size(f)));
                } catch (DateTimeParseException e) {
                    // not a file this station named: left alone
                }
            }
        } catch (IOException e) {
            throw new BackupException(BackupException.Failure.NOT_LISTED, "the backups in " + folder + " could not be listed: "
                    + e.getMessage(), e, folder.toString(), e.getMessage());
        }
        out.sort((a, b) -> b.madeAt().compareTo(a.madeAt()));
        return out;
    }

    /**
     * Removes this station's backups in {@code folder} made before {@code cutoff}, never the newest one; returns the
     * files removed. A file that cannot be removed is logged and tried again at the next call.
     */
    public List<Path> removeOlderThan(Path folder, Instant cutoff) {
        List<BackupFile> files = list(folder);
        List<Path> removed = new ArrayList<>();
        for (BackupFile f : files.subList(Math.min(1, files.size()), files.size())) {
            if (f.madeAt().isBefore(cutoff)) {
                try {
                    Files.delete(f.file());
                    removed.add(f.file());
                } catch (IOException e) {
                    LOG.warn("old backup {} could not be removed: {}", f.file().getFileName(), e.getMessage());
                }
            }
        }
        return removed;
    }

    /**
     * What a verification of a backup found: the station and time it was made, its audit chain, outbox counts and the
     * ids of every message in its outbox (to compare with a store it would replace).
     */
    public record Verification(String stationId, Instant createdAt, AuditVerification audit,
                               Map<OutboxState, Long> outboxCounts, Set<String> msgids) {
    }

    /**
     * Checks a backup as a restore would (checksum, data key, SQLite's integrity check, the audit chain, the outbox
     * counts of its header) by restoring it into a scratch file beside the store, deleted afterwards; the station's
     * own database is not touched. Throws {@link BackupException} naming what failed.
     */
    public Verification verify(Path backupFile) {
        return verify(backupFile, store.config(), store.cipher().module());
    }

    /** As {@link #verify(Path)}, with no store open: the scratch file goes beside {@code config.file()}. */
    public static Verification verify(Path backupFile, StoreConfig config, SecurityModule module) {
        Decoded decoded = decode(read(backupFile), module, config);
        Path scratch = config.file().resolveSibling(config.file().getFileName() + ".verify.tmp");
        try {
            Checked checked = check(decoded, scratch, config, module);
            Set<String> msgids = inspectMsgids(scratch);
            return new Verification(decoded.header.get("station"), decoded.createdAt(), checked.audit(),
                    checked.inspection().outbox, msgids);
        } catch (IOException e) {
            throw new BackupException(BackupException.Failure.UNREADABLE, "the backup " + backupFile.getFileName()
                    + " could not be checked in a scratch file: " + e.getMessage(), e, backupFile.getFileName().toString(),
                    e.getMessage());
        } finally {
            deleteQuietly(scratch);
        }
    }

    private String filePrefix() {
        return store.config().stationId().replaceAll("[^A-Za-z0-9_-]", "_") + "-";
    }

    /**
     * Restores {@code backupFile} as the database of a fresh station at {@code config.file()} (which must not
     * exist yet), after checking the checksum, the data key, SQLite's integrity check, the audit chain and the
     * outbox counts. Nothing is written to {@code config.file()} unless every check passes.
     */
    public static RestoreReport restore(Path backupFile, StoreConfig config, SecurityModule module) {
        if (Database.exists(config.file())) {
            throw new BackupException(BackupException.Failure.STORE_EXISTS, "a station database already exists at "
                    + config.file() + "; restore never replaces one: move it (with any -wal and -shm files beside it) to a"
                    + " safe place first, and keep it for analysis", config.file().toString());
        }
        Path leftoverWal = config.file().resolveSibling(config.file().getFileName() + "-wal");
        if (Database.exists(leftoverWal)) {
            throw new BackupException(BackupException.Failure.LEFTOVER_WAL, "the write-ahead file " + leftoverWal
                    + " of an earlier station database is still there; SQLite would apply it to the restored database."
                    + " Move it (and any -shm file) to a safe place first", leftoverWal.toString());
        }
        Decoded decoded = decode(read(backupFile), module, config);
        Path tmp = config.file().resolveSibling(config.file().getFileName() + ".restore.tmp");
        try {
            Checked checked = check(decoded, tmp, config, module);
            for (String suffix : List.of("-wal", "-shm")) {
                Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + suffix));
            }
            Files.deleteIfExists(config.file().resolveSibling(config.file().getFileName() + "-shm"));
            Files.move(tmp, config.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (StationStore restored = StationStore.openRestored(config, module)) {
                restored.audit().record("system", "backup.restore", backupFile.getFileName().toString(),
                        "from station " + decoded.header.get("station") + " made " + decoded.createdAt()
                                + " audit_head=" + checked.audit().headSeq());
                return new RestoreReport(decoded.header.get("station"), decoded.createdAt(), checked.inspection().schema,
                        checked.inspection().integrity, checked.audit(), checked.inspection().outbox, restored.storeId());
            }
        } catch (IOException e) {
            throw new BackupException(BackupException.Failure.NOT_RESTORED, "the backup could not be restored to "
                    + config.file().getFileName() + ": " + e.getMessage(), e, config.file().getFileName().toString(),
                    e.getMessage());
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static byte[] read(Path backupFile) {
        try {
            return Files.readAllBytes(backupFile);
        } catch (IOException e) {
            throw new BackupException(BackupException.Failure.UNREADABLE, "the backup file " + backupFile.getFileName()
                    + " could not be read: " + e.getMessage(), e, backupFile.getFileName().toString(), e.getMessage());
        }
    }

    private record Checked(Inspection inspection, AuditVerification audit) {
    }

    /** Writes the backup's database to {@code tmp} and checks it in full; throws naming the first check that fails. */
    private static Checked check(Decoded decoded, Path tmp, StoreConfig config, SecurityModule module) throws IOException {
        deleteQuietly(tmp);
        PrivateFiles.writeAtomically(tmp, decoded.database);
        Inspection inspection = inspect(tmp);
        if (!"ok".equals(inspection.integrity)) {
            throw damaged("the database in the backup fails SQLite's integrity check (" + inspection.integrity + ")", null);
        }
        AuditVerification audit;
        try (Database db = new Database(config.withFile(tmp))) {
            audit = db.read("verify the restored audit log",
                    c -> new AuditLog(db, new FieldCipher(module, config.dataKey()), config.clock()).verify(c));
        } catch (StoreException e) {
            // a schema damaged in a way the integrity check does not read (found by BackupRestoreFuzzTest)
            throw damaged("the database in the backup cannot be opened (" + e.getMessage() + ")", e);
        }
        if (!audit.intact()) {
            throw damaged("the audit log in the backup does not verify (" + audit.problem() + ")", null);
        }
        String headHash = HexFormat.of().formatHex(inspection.auditHead.hash());
        if (!Long.toString(inspection.auditHead.seq()).equals(decoded.header.get("audit_head_seq"))
                || !headHash.equals(decoded.header.get("audit_head_hash"))) {
            throw damaged("the backup's audit log does not end where its header says", null);
        }
        for (Map.Entry<OutboxState, Long> e : inspection.outbox.entrySet()) {
            String recorded = decoded.header.get("outbox_" + e.getKey().name().toLowerCase(java.util.Locale.ROOT));
            if (!Long.toString(e.getValue()).equals(recorded)) {
                throw damaged("the backup's outbox holds " + e.getValue() + " " + e.getKey()
                        + " messages but its header records " + recorded, null);
            }
        }
        return new Checked(inspection, audit);
    }

    /** A backup refused for what is wrong inside it ({@code what}, for the log and support). */
    private static BackupException damaged(String what, Throwable cause) {
        return new BackupException(BackupException.Failure.DAMAGED, "the backup is damaged: " + what
                + "; use another backup", cause, what);
    }

    /** Why a file could not be written to the backup folder: a full disk, no permission, or something else. */
    static BackupException.Failure writeFailure(IOException e) {
        if (e instanceof AccessDeniedException) {
            return BackupException.Failure.NO_PERMISSION;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
                return BackupException.Failure.DISK_FULL;
            }
        }
        return BackupException.Failure.NOT_WRITTEN;
    }

    private static String folderOf(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        return folder == null ? "" : folder.toString();
    }

    private static void deleteQuietly(Path file) {
        try {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException ignored) {
            // left-overs of a scratch or refused restore are overwritten by the next attempt
        }
    }

    static byte[] encode(SecurityModule module, StoreConfig config, Map<String, String> header, byte[] database) {
        StringBuilder text = new StringBuilder();
        header.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        byte[] headerBytes = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] prefix = ByteBuffer.allocate(MAGIC.length + 4 + headerBytes.length).put(MAGIC).putInt(headerBytes.length).put(headerBytes).array();
        byte[] sealed = module.seal(config.dataKey(), prefix, database);
        byte[] body = Encoding.concat(prefix, sealed);
        return Encoding.concat(body, Sm3.hash(body));
    }

    private record Decoded(Map<String, String> header, Instant createdAt, byte[] database) {
    }

    private static Decoded decode(byte[] file, SecurityModule module, StoreConfig config) {
        if (file.length < MAGIC.length + 4 + Sm3.DIGEST_LENGTH || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
            throw new BackupException(BackupException.Failure.NOT_A_BACKUP,
                    "this file is not a station backup (it does not start with the backup signature)");
        }
        byte[] body = Arrays.copyOf(file, file.length - Sm3.DIGEST_LENGTH);
        if (!MessageDigest.isEqual(Sm3.hash(body), Arrays.copyOfRange(file, body.length, file.length))) {
            throw damaged("the backup file's checksum does not match", null);
        }
        int headerLength = ByteBuffer.wrap(file, MAGIC.length, 4).getInt();
        if (headerLength < 0 || headerLength > body.length - MAGIC.length - 4) {
            throw damaged("the backup file has a bad header length", null);
        }
        int prefixLength = MAGIC.length + 4 + headerLength;
        Map<String, String> header = new LinkedHashMap<>();
        for (String line : new String(file, MAGIC.length + 4, headerLength, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                header.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (!"1".equals(header.get("format"))) {
            throw new BackupException(BackupException.Failure.UNKNOWN_FORMAT, "the backup has format " + header.get("format")
                    + ", which this version cannot read", header.get("format"));
        }
        byte[] kcv;
        try {
            kcv = module.kcv(config.dataKey());
        } catch (RuntimeException e) {
            throw new BackupException(BackupException.Failure.KEY_MISSING, "the backup was sealed with data key "
                    + header.get("data_key") + "; this station's security module has no key " + config.dataKey()
                    + ". Restore needs the key store the backup was made with", e, header.get("data_key"),
                    config.dataKey().toString());
        }
        if (!HexFormat.of().formatHex(kcv).equals(header.get("data_key_kcv"))) {
            throw new BackupException(BackupException.Failure.OTHER_KEY, "the backup belongs to station "
                    + header.get("station") + " and was sealed with another data key (KCV " + header.get("data_key_kcv")
                    + ", this station's is " + HexFormat.of().formatHex(kcv) + "); restore needs the key store of the"
                    + " station that made it", header.get("station"));
        }
        byte[] database;
        try {
            database = module.open(config.dataKey(), Arrays.copyOf(file, prefixLength), Arrays.copyOfRange(body, prefixLength, body.length));
        } catch (RuntimeException e) {
            throw new BackupException(BackupException.Failure.NOT_OPENED, "the backup could not be opened with this"
                    + " station's data key (it was forged or sealed with another key); use a backup made by this station", e);
        }
        if (!HexFormat.of().formatHex(Sm3.hash(database)).equals(header.get("db_sm3"))) {
            throw damaged("the database in the backup does not match its recorded checksum", null);
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(header.getOrDefault("created_at", ""));
        } catch (DateTimeParseException e) {
            throw damaged("the backup's header has no valid creation time (created_at)", null);
        }
        return new Decoded(header, createdAt, database);
    }

    private record Inspection(String integrity, String schema, AuditHead auditHead, Map<OutboxState, Long> outbox) {
    }

    /** The ids of every message in the outbox of a checked database file. */
    private static Set<String> inspectMsgids(Path dbFile) {
        org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
        cfg.setReadOnly(true);
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + dbFile.toAbsolutePath())) {
            return Outbox.msgids(c, false);
        } catch (SQLException e) {
            throw damaged("the outbox of the backup could not be read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads what a backup records and checks from a database file, on a plain read-only connection. */
    private static Inspection inspect(Path dbFile) {
        org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
        cfg.setReadOnly(true);
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + dbFile.toAbsolutePath()); Statement s = c.createStatement()) {
            String integrity = Database.queryString(s, "PRAGMA integrity_check");
            if (!"ok".equals(integrity)) {
                return new Inspection(integrity, null, null, Map.of());
            }
            String schema;
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM flyway_schema_history WHERE success = 1 AND version"
                    + " IS NOT NULL ORDER BY installed_rank DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
                schema = rs.next() ? rs.getString(1) : null;
            }
            AuditHead head = AuditLog.head(c);
            if (head == null) {
                return new Inspection("the audit head record is missing", schema, null, Map.of());
            }
            Map<OutboxState, Long> counts = new EnumMap<>(Outbox.countsByState(c));
            return new Inspection(integrity, schema, head, counts);
        } catch (SQLException e) {
            return new Inspection("not a readable SQLite database: " + e.getMessage(), null, null, Map.of());
        }
    }
}
