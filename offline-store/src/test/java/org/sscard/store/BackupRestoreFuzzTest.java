package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.Sm3;
import org.sscard.fuzz.FuzzBudget;

/**
 * Fuzzes restore with damaged backups of a genuine station: truncated, bit-flipped, wrong magic, odd header-length
 * fields; the same with the SM3 trailer recomputed (so the damage gets past the checksum); and files sealed again
 * with the station's own data key around a damaged header (odd or missing values) or damaged database bytes. Each
 * restore must succeed or end in a {@link BackupException}, and a refused restore leaves nothing behind: no
 * station database, no temporary file.
 */
@AddLifecycleHook(FuzzBudget.class)
class BackupRestoreFuzzTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] ODD_VALUES = {"", "-1", "x", "1e9", "9223372036854775808", "0", "1", "2", "null",
            "2025-13-45T99:99:99Z", "not a time", "\u0000", "=", "ok"};
    private static Path dir;
    private static SoftwareSecurityModule module;
    private static Fixtures.TestClock clock;
    private static byte[] genuine;
    private static Map<String, String> genuineHeader;
    private static byte[] genuineDatabase;

    @BeforeContainer
    static void makeBackup() throws IOException {
        dir = Files.createTempDirectory("restore-fuzz");
        module = Fixtures.module();
        clock = new Fixtures.TestClock();
        Path backup = dir.resolve("station.ssbak");
        try (StationStore store = Fixtures.open(dir.resolve("old.db"), module, clock)) {
            store.outbox().enqueue("c", Fixtures.message("M1", "s", 100));
            store.outbox().enqueue("c", Fixtures.message("M2", "s", 200));
            store.outbox().claimNext("s").orElseThrow();
            store.outbox().markDone("M1", "ok".getBytes(StandardCharsets.UTF_8));
            store.backups().backup("admin", backup);
        }
        genuine = Files.readAllBytes(backup);
        int headerLength = ByteBuffer.wrap(genuine, Backups.MAGIC.length, 4).getInt();
        int prefixLength = Backups.MAGIC.length + 4 + headerLength;
        genuineHeader = new LinkedHashMap<>();
        for (String line : new String(genuine, Backups.MAGIC.length + 4, headerLength, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            genuineHeader.put(line.substring(0, eq), line.substring(eq + 1));
        }
        genuineDatabase = module.open(Fixtures.DATA_KEY, Arrays.copyOf(genuine, prefixLength),
                Arrays.copyOfRange(genuine, prefixLength, genuine.length - Sm3.DIGEST_LENGTH));
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        deleteTree(dir);
    }

    /** A backup file and how it was made (the bytes are in the failure report as hex). */
    record Damaged(String how, byte[] file) {
        @Override
        public String toString() {
            return how + " (" + file.length + " bytes): " + HEX.formatHex(file, 0, Math.min(file.length, 4096));
        }
    }

    @Property(tries = 60)
    void aDamagedBackupIsRefusedAndLeavesNothingBehind(@ForAll("damagedBackups") Damaged backup) throws IOException {
        Path tryDir = Files.createTempDirectory(dir, "try");
        Path file = tryDir.resolve("in.ssbak");
        Files.write(file, backup.file());
        Path target = tryDir.resolve("station.db");
        try {
            Backups.restore(file, Fixtures.config(target, clock), module);
            assertTrue(Files.exists(target), "a restore that reports success wrote the station database");
        } catch (BackupException refused) {
            try (Stream<Path> left = Files.list(tryDir)) {
                assertEquals(List.of(file), left.toList(), "a refused restore left files behind: " + refused.getMessage());
            }
        } finally {
            deleteTree(tryDir);
        }
    }

    @Provide
    Arbitrary<Damaged> damagedBackups() {
        return Arbitraries.randomValue(random -> switch (random.nextInt(3)) {
            case 0 -> new Damaged("damaged", damage(genuine, random));
            case 1 -> new Damaged("damaged, checksum recomputed", withChecksum(damage(body(genuine), random)));
            default -> resealed(random);
        });
    }

    private static byte[] damage(byte[] file, Random random) {
        byte[] out = file.clone();
        switch (random.nextInt(5)) {
            case 0 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1));
            case 1 -> {
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    int bit = random.nextInt(out.length * 8);
                    out[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            case 2 -> out[random.nextInt(Math.min(out.length, Backups.MAGIC.length))] ^= (byte) (1 + random.nextInt(255));
            case 3 -> {
                int[] lengths = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, out.length, out.length - 12, 0x7FFFFFF0,
                        random.nextInt()};
                ByteBuffer.wrap(out).putInt(Backups.MAGIC.length, lengths[random.nextInt(lengths.length)]);
            }
            default -> {
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                int at = random.nextInt(out.length + 1);
                byte[] longer = new byte[out.length + noise.length];
                System.arraycopy(out, 0, longer, 0, at);
                System.arraycopy(noise, 0, longer, at, noise.length);
                System.arraycopy(out, at, longer, at + noise.length, out.length - at);
                out = longer;
            }
        }
        return out;
    }

    /** A backup sealed with the station's own key around a damaged header or database. */
    private static Damaged resealed(Random random) {
        Map<String, String> header = new LinkedHashMap<>(genuineHeader);
        byte[] database = genuineDatabase.clone();
        List<String> keys = new ArrayList<>(header.keySet());
        StringBuilder how = new StringBuilder("resealed:");
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(4)) {
                case 0 -> {
                    header.remove(key);
                    how.append(" without ").append(key);
                }
                case 1 -> {
                    String value = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
                    header.put(key, value);
                    how.append(' ').append(key).append('=').append(value);
                }
                case 2 -> {
                    database = damage(database, random);
                    how.append(" database damaged");
                }
                default -> {
                    database = damage(database, random);
                    header.put("db_sm3", HEX.formatHex(Sm3.hash(database)));
                    how.append(" database damaged, db_sm3 recomputed");
                }
            }
        }
        return new Damaged(how.toString(), Backups.encode(module, Fixtures.config(dir.resolve("unused.db"), clock), header,
                database));
    }

    private static byte[] body(byte[] file) {
        return Arrays.copyOf(file, file.length - Sm3.DIGEST_LENGTH);
    }

    private static byte[] withChecksum(byte[] body) {
        byte[] out = Arrays.copyOf(body, body.length + Sm3.DIGEST_LENGTH);
        System.arraycopy(Sm3.hash(body), 0, out, body.length, Sm3.DIGEST_LENGTH);
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
