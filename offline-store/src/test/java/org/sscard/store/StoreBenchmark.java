package org.sscard.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.sqlite.SQLiteConfig;
import org.sscard.crypto.CardIdentificationCode;
import org.sscard.crypto.SoftwareSecurityModule;

/**
 * Throughput figures of the store, printed as {@code name value unit} lines. Sizes are arguments so the
 * same harness runs small in a smoke test and at a million rows by hand:
 * {@code StoreBenchmark <folder> [messages=2000] [blacklist=1000000] [audit=1000000]}.
 */
public final class StoreBenchmark {
    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Files.createDirectories(Path.of(args[0]));
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int blacklist = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int audit = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        for (String line : run(folder, messages, blacklist, audit)) {
            System.out.println(line);
        }
    }

    static List<String> run(Path folder, int messages, int blacklistSize, int auditSize) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(rate("raw_sqlite_full_commits", messages, rawCommits(folder.resolve("raw.db"), messages)));

        SoftwareSecurityModule module = Fixtures.module();
        try (StationStore store = StationStore.create(StoreConfig.of(folder.resolve("outbox.db"), Fixtures.STATION, Fixtures.DATA_KEY),
                module, PasswordHasher.FAST_FOR_TESTS)) {
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                store.outbox().enqueue("bench", Fixtures.message("B" + i, "s", i));
                OutboxEntry e = store.outbox().claimNext("s").orElseThrow();
                store.outbox().markDone(e.msgid(), null);
            }
            out.add(rate("outbox_enqueue_send_done_per_message", messages, System.nanoTime() - start));
        }

        try (StationStore store = StationStore.create(StoreConfig.of(folder.resolve("blacklist.db"), Fixtures.STATION, Fixtures.DATA_KEY),
                module, PasswordHasher.FAST_FOR_TESTS)) {
            List<Blacklist.Entry> entries = new ArrayList<>(blacklistSize);
            for (int i = 0; i < blacklistSize; i++) {
                entries.add(new Blacklist.Entry(card(i), String.format("%08dX", i), "lost"));
            }
            long start = System.nanoTime();
            store.blacklist().replaceAll(1, entries);
            out.add(rate("blacklist_load_entries", blacklistSize, System.nanoTime() - start));
            Random random = new Random(1);
            int lookups = 100_000;
            start = System.nanoTime();
            int hits = 0;
            for (int i = 0; i < lookups; i++) {
                int n = random.nextInt(blacklistSize * 2);
                if (store.blacklist().find(CardIdentificationCode.ofHex(card(n))).isPresent()) {
                    hits++;
                }
            }
            out.add(rate("blacklist_lookup_" + blacklistSize, lookups, System.nanoTime() - start));
            out.add("blacklist_lookup_hits " + hits + " of " + lookups);
        }

        try (StationStore store = StationStore.create(StoreConfig.of(folder.resolve("audit.db"), Fixtures.STATION, Fixtures.DATA_KEY),
                module, PasswordHasher.FAST_FOR_TESTS)) {
            int single = Math.min(auditSize, messages);
            long start = System.nanoTime();
            for (int i = 0; i < single; i++) {
                store.audit().record("bench", "bench.single", "s" + i, "one entry per transaction");
            }
            out.add(rate("audit_append_one_per_commit", single, System.nanoTime() - start));
            int batch = 1000;
            start = System.nanoTime();
            for (int done = single; done < auditSize; done += batch) {
                int from = done;
                int to = Math.min(auditSize, done + batch);
                store.database().write("bench", c -> {
                    for (int i = from; i < to; i++) {
                        store.audit().append(c, "bench", "bench.batch", "s" + i, "entry " + i + " of a benchmark batch");
                    }
                    return null;
                });
            }
            out.add(rate("audit_append_1000_per_commit", Math.max(0, auditSize - single), System.nanoTime() - start));
            start = System.nanoTime();
            AuditVerification v = store.audit().verify();
            long took = System.nanoTime() - start;
            out.add(rate("audit_verify_entries", v.checked(), took));
            out.add(String.format(Locale.ROOT, "audit_verify_total_seconds %.2f s (%d entries, intact=%s)", took / 1e9, v.checked(), v.intact()));
        }
        return out;
    }

    private static String card(int n) {
        return String.format("440106D156000005%016X", n);
    }

    private static long rawCommits(Path file, int n) throws Exception {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v BLOB)");
            }
            byte[] payload = new byte[200];
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                for (int i = 0; i < n; i++) {
                    ps.setBytes(1, payload);
                    ps.executeUpdate();
                }
            }
            return System.nanoTime() - start;
        }
    }

    private static String rate(String name, long count, long nanos) {
        return String.format(Locale.ROOT, "%s %.0f per_second (%d in %.2f s)", name, count / (nanos / 1e9), count, nanos / 1e9);
    }
}
