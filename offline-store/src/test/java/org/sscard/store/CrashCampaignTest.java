package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.KdfParameters;
import org.sscard.crypto.SoftwareSecurityModule;

/**
 * Kills a child JVM with SIGKILL at random points while it enqueues and completes messages, many times; after
 * each kill nothing it reported committed is lost, nothing is duplicated, and the audit chain verifies.
 * The number of kills is the system property {@code sscard.crash.iterations} (default 12).
 */
class CrashCampaignTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashCampaignTest.class);
    private static final char[] PASSPHRASE = "crash-campaign-pass".toCharArray();

    @TempDir
    Path dir;

    @Test
    void nothingCommittedIsLostOrDuplicatedAcrossKills() throws Exception {
        int iterations = Integer.getInteger("sscard.crash.iterations", 12);
        Path keys = dir.resolve("station.keys");
        SoftwareSecurityModule module = SoftwareSecurityModule.create(keys, PASSPHRASE, KdfParameters.FAST_FOR_TESTS);
        module.generateLocalKey(Fixtures.DATA_KEY);
        Path db = dir.resolve("station.db");
        StationStore.create(StoreConfig.of(db, Fixtures.STATION, Fixtures.DATA_KEY), module, PasswordHasher.FAST_FOR_TESTS).close();
        Random random = new Random(20250301L);
        Set<String> enqueued = new HashSet<>();
        Set<String> done = new HashSet<>();
        int killedMidWork = 0;
        for (int round = 0; round < iterations; round++) {
            List<String> lines = runAndKill(db, keys, 20 + random.nextInt(700));
            for (String line : lines) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[2].equals("END")) {
                    if (parts[0].equals("ENQ")) {
                        enqueued.add(parts[1]);
                    } else if (parts[0].equals("DONE")) {
                        done.add(parts[1]);
                    }
                }
            }
            if (!lines.isEmpty() && lines.get(lines.size() - 1).startsWith("ENQ")) {
                killedMidWork++;
            }
            try (StationStore store = StationStore.open(StoreConfig.of(db, Fixtures.STATION, Fixtures.DATA_KEY), module,
                    PasswordHasher.FAST_FOR_TESTS)) {
                for (String msgid : enqueued) {
                    assertTrue(store.outbox().find(msgid).isPresent(), "round " + round + ": committed message " + msgid + " was lost");
                }
                for (String msgid : done) {
                    assertEquals(OutboxState.DONE, store.outbox().find(msgid).orElseThrow().state(),
                            "round " + round + ": completed message " + msgid + " lost its state");
                }
                assertEquals("ok", store.integrityCheck());
                AuditVerification v = store.audit().verify();
                assertTrue(v.intact(), "round " + round + ": " + v.problem());
            }
            assertNoDuplicates(db);
        }
        LOG.info("crash campaign: {} kills, {} messages committed, {} completed, {} kills between enqueue and completion",
                iterations, enqueued.size(), done.size(), killedMidWork);
        assertTrue(enqueued.size() > iterations, "the child made progress: " + enqueued.size());
    }

    private static void assertNoDuplicates(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            long rows = Database.queryLong(s, "SELECT COUNT(*) FROM outbox");
            long distinct = Database.queryLong(s, "SELECT COUNT(DISTINCT msgid) FROM outbox");
            long enqueueEntries = Database.queryLong(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.enqueue'");
            String first = Database.queryString(s, "SELECT MIN(msgid) FROM outbox");
            String last = Database.queryString(s, "SELECT MAX(msgid) FROM outbox");
            assertEquals(rows, distinct, "a msgid is stored twice");
            assertEquals(rows, enqueueEntries, "each message is enqueued exactly once in the audit log");
            assertEquals(CrashChild.msgid(0), first);
            assertEquals(CrashChild.msgid(rows - 1), last, "the child numbers messages by the count it finds: no gap, no loss");
        }
    }

    private static List<String> runAndKill(Path db, Path keys, int millisAfterReady) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                db.toString(), keys.toString(), new String(PASSPHRASE));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("READY")) {
                        ready.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child was killed mid-line; what it printed before counts
            }
        });
        reader.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not start: " + lines);
        }
        Thread.sleep(millisAfterReady);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        reader.join(10_000);
        assertTrue(Files.exists(db));
        return new ArrayList<>(lines);
    }
}
