package org.sscard.terminal.support;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.PrivateFiles;
import org.sscard.store.AuditEntry;
import org.sscard.store.Blacklist;
import org.sscard.store.Catalog;
import org.sscard.store.JobRuns;
import org.sscard.store.OfflineTotals;
import org.sscard.store.StationStore;
import org.sscard.terminal.LogText;
import org.sscard.terminal.config.OfflineLimits;
import org.sscard.terminal.config.StationConfig;
import org.sscard.terminal.session.Authorizer;
import org.sscard.terminal.session.Permission;
import org.sscard.terminal.session.Session;
import org.sscard.terminal.sync.Sync;

/**
 * What the station's support needs to look into a problem, in one zip file an administrator can send: versions, the
 * configuration (settings only: no secrets are in it, and the key store and database are not copied), store
 * statistics, the queue's summary, the last sign-in, syncs and backup, and the recent log files. Nothing personal
 * goes in: the store is summarised as counts, and the log files are masked again on the way in ({@link LogText}), for
 * lines written before the log files were masked or by a program that did not mask.
 */
public final class SupportBundle {
    /** Log files changed in this many days go in. */
    public static final Duration LOG_AGE = Duration.ofDays(14);
    private static final Logger LOG = LoggerFactory.getLogger(SupportBundle.class);
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final StationConfig config;
    private final StationStore store;
    private final Optional<Path> logDir;
    private final Clock clock;

    /** {@code logDir}: the station's log folder (empty: no log files go in). */
    public SupportBundle(StationConfig config, StationStore store, Optional<Path> logDir, Clock clock) {
        this.config = config;
        this.store = store;
        this.logDir = logDir;
        this.clock = clock;
    }

    /** The log folder the station's logback.xml writes to, if logging goes to files in this process. */
    public static Optional<Path> configuredLogDir() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context && context.getProperty("LOG_DIR") != null) {
            return Optional.of(Path.of(context.getProperty("LOG_DIR")));
        }
        return Optional.empty();
    }

    /** As {@link #write(String, Path)} for the logged-in operator, who must be allowed {@code CONFIGURATION}. */
    public List<String> write(Authorizer authorizer, Path target) {
        Session session = authorizer.require(Permission.CONFIGURATION, "support bundle");
        return write(session.operatorId(), target);
    }

    /**
     * A file name for the bundle in {@code folder}: {@code sscard-support-DEV-YYYYMMDD-HHMMSS.zip} in the station's
     * time.
     */
    public Path defaultFile(Path folder) {
        return folder.resolve("sscard-support-" + config.deviceNumber() + "-"
                + DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").format(LocalDateTime.now(clock)) + ".zip");
    }

    /** Writes the bundle to {@code target} (owner-only, replaced if it exists), audited; returns what went in. */
    public List<String> write(String operator, Path target) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("versions.json", json(versions()));
        entries.put("configuration.json", json(configuration(config)));
        entries.put("store.json", json(storeSummary()));
        for (Path log : logFiles()) {
            entries.put("logs/" + log.getFileName().toString().replaceFirst("\\.gz$", ""), maskedLog(log));
        }
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            Files.deleteIfExists(tmp);
            PrivateFiles.createFile(tmp);
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the support bundle " + target + ": " + e.getMessage(), e);
        }
        store.audit().record(operator, "support.bundle", target.getFileName().toString(),
                "entries=" + entries.size());
        LOG.info("support bundle {} written by {}: {} entries", target.getFileName(), operator, entries.size());
        return new ArrayList<>(entries.keySet());
    }

    private Map<String, Object> versions() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sscard", System.getProperty("sscard.version", "development build"));
        v.put("java", System.getProperty("java.runtime.version"));
        v.put("java_home", System.getProperty("java.home"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        v.put("store_schema", store.schemaVersion());
        v.put("written_at", Instant.now(clock).toString());
        return v;
    }

    /** The settings as the station read them, by their keys in station.properties (docs/terminal.md §1); amounts in fen. */
    static Map<String, Object> configuration(StationConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("institution.code", c.institutionCode());
        m.put("institution.name", c.institutionName());
        m.put("institution.level", c.institutionLevel());
        m.put("region.mdtrtarea_admvs", c.treatmentRegion());
        m.put("region.insuplc_admdvs", c.insuranceRegion());
        m.put("device.number", c.deviceNumber());
        m.put("central.url", c.centralUrl().toString());
        m.put("central.ca-file", String.valueOf(c.centralCaFile()));
        m.put("central.allow-insecure-http", c.allowInsecureHttp());
        m.put("central.recer-sys-code", c.receiverSystem());
        m.put("central.profile", c.profile().name());
        m.put("central.connect-timeout", c.connectTimeout().toString());
        m.put("central.read-timeout", c.readTimeout().toString());
        m.put("central.call-timeout", c.callTimeout().toString());
        m.put("reader.card", c.cardReaderName().orElse(""));
        m.put("reader.psam", c.psamReaderName().orElse(""));
        m.put("keystore.path", c.keyStore().toString());
        m.put("keystore.data-key-version", c.dataKeyVersion());
        m.put("keystore.device-key-version", c.deviceKeyVersion());
        m.put("store.path", c.storeFile().toString());
        OfflineLimits o = c.offline();
        m.put("offline.max-per-transaction (fen)", o.perTransaction().fen());
        m.put("offline.max-per-card-per-day (fen)", o.perCardPerDay().fen());
        m.put("offline.max-queued-amount (fen)", o.queuedAmount().fen());
        m.put("offline.max-queued-records", o.queuedRecords());
        m.put("offline.max-queued-age", o.maxQueuedAge().toString());
        m.put("offline.blacklist-max-age", o.blacklistMaxAge().toString());
        m.put("session.idle-lock", c.idleLock().toString());
        m.put("hospital.ledger-url", c.ledger().orElse(""));
        return m;
    }

    private Map<String, Object> storeSummary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("schema", store.schemaVersion());
        s.put("file_bytes", size(config.storeFile()));
        s.put("wal_bytes", size(config.storeFile().resolveSibling(
                config.storeFile().getFileName() + "-wal")));
        s.put("operators", store.operators().list().size());
        s.put("audit_head_seq", store.audit().head().seq());
        Catalog.Status catalog = store.catalog().status();
        s.put("catalog", Map.of("version", catalog.version(), "national_items", catalog.nationalItems(),
                "local_items", catalog.localItems(), "unmatched", catalog.unmatched()));
        Blacklist.Status blacklist = store.blacklist().status();
        s.put("blacklist", Map.of("version", blacklist.version(), "entries", blacklist.count(),
                "synced_at", String.valueOf(blacklist.syncedAt())));
        Map<String, Object> queue = new LinkedHashMap<>();
        store.outbox().countsByState().forEach((state, n) -> queue.put(state.name(), n));
        OfflineTotals offline = store.outbox().offlineTotals();
        queue.put("offline_records", offline.count());
        queue.put("offline_amount_fen", offline.amount().fen());
        queue.put("offline_oldest", String.valueOf(offline.oldestCreatedAt()));
        s.put("queue", queue);
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("catalog_sync", lastRun(JobRuns.Job.CATALOG_SYNC));
        last.put("blacklist_sync", lastRun(JobRuns.Job.BLACKLIST_SYNC));
        last.put("sign_in", store.signIns().last().map(in -> in.at().toString()).orElse("-"));
        last.put("clock_check", store.signIns().lastClockCheck().map(c -> "station ahead by " + c.offset().toMillis()
                + " ms, at " + SHOWN_TIME.format(c.stationTime())).orElse("-"));
        List<AuditEntry> backups = store.audit().after(0, "backup.create", Integer.MAX_VALUE);
        last.put("backup", backups.isEmpty() ? "-" : backups.get(backups.size() - 1).at().toString());
        s.put("last", last);
        return s;
    }

    private String lastRun(JobRuns.Job job) {
        return store.jobRuns().last(job).map(run -> run.at().toString()).orElse("-");
    }

    private List<Path> logFiles() {
        if (logDir.isEmpty() || !Files.isDirectory(logDir.get())) {
            return List.of();
        }
        Instant since = Instant.now(clock).minus(LOG_AGE);
        try (Stream<Path> files = Files.list(logDir.get())) {
            return files.filter(p -> p.getFileName().toString().matches(".*\\.log(\\.gz)?"))
                    .filter(p -> modified(p).isAfter(since)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the log folder " + logDir.get() + ": " + e.getMessage(), e);
        }
    }

    /** The log file's text with every line masked (compressed archives are read uncompressed). */
    private static byte[] maskedLog(Path log) {
        StringBuilder out = new StringBuilder();
        try (InputStream in = log.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(log))
                : Files.newInputStream(log);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.append(LogText.redact(line)).append('\n');
            }
        } catch (IOException e) {
            out.append("[cannot be read: ").append(e.getMessage()).append("]\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
