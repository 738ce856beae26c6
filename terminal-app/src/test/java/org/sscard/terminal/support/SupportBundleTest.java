package org.sscard.terminal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.KeyRef;
import org.sscard.crypto.KeyType;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.store.CardHolders;
import org.sscard.terminal.TestStation;
import org.sscard.store.SignIns;

/** The support bundle holds what support needs and no personal data and no key material. */
class SupportBundleTest {
    private static final String NAME = "张三丰";
    private static final String ID_NUMBER = "110101199001011234";
    private static final String CARD_NUMBER = "A1234567X";
    private static final String CARD_ID = "440106D1560000050102030405060708";
    private static final String PASSPHRASE = "bundle-test-passphrase";

    @TempDir
    Path dir;
    TestStation station;
    Path logDir;

    @BeforeEach
    void station() throws Exception {
        station = new TestStation(dir);
        station.ensureAdmin();
        station.store.holders().put("clerk", new CardHolders.Holder(CARD_ID, CARD_NUMBER, NAME, ID_NUMBER, "1",
                "19900101"));
        station.store.audit().record("clerk", "card.read", station.store.audit().cardRef(CARD_NUMBER), "-");
        station.store.signIns().recordClockCheck(new SignIns.ClockOffset(Duration.ofMillis(-75_000),
                LocalDateTime.of(2025, 3, 14, 9, 29, 1)));
        // the station's key store as a file, next to the store as keystore.path names it
        SoftwareSecurityModule keys = SoftwareSecurityModule.create(station.config.keyStore(), PASSPHRASE.toCharArray());
        keys.generateLocalKey(KeyRef.local(KeyType.DATA, TestStation.REGION, 1));
        logDir = Files.createDirectories(dir.resolve("log"));
        // lines an earlier version or another program wrote without masking
        Files.writeString(logDir.resolve("station.log"), "09:30:01 INFO Counter - card " + CARD_NUMBER + " of "
                + ID_NUMBER + " read (" + CARD_ID + ")\n", StandardCharsets.UTF_8);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(logDir.resolve("terminal.2025-03-13.0.log.gz")))) {
            gz.write(("09:30:02 WARN CentralLink - refused: certno " + ID_NUMBER + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path old = Files.writeString(logDir.resolve("terminal.2024-01-01.0.log"), "old\n");
        Files.setLastModifiedTime(old, FileTime.from(station.clock.instant().minus(Duration.ofDays(30))));
    }

    @AfterEach
    void close() {
        station.close();
    }

    private Map<String, byte[]> bundle() throws IOException {
        Path zip = dir.resolve("bundle.zip");
        List<String> names = new SupportBundle(station.config, station.store, Optional.of(logDir), station.clock)
                .write("admin1", zip);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(zip)));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                z.transferTo(bytes);
                entries.put(e.getName(), bytes.toByteArray());
            }
        }
        assertEquals(names, List.copyOf(entries.keySet()));
        return entries;
    }

    @Test
    void holdsVersionsConfigurationStoreStatisticsAndRecentLogs() throws IOException {
        Map<String, byte[]> entries = bundle();
        assertEquals(List.of("versions.json", "configuration.json", "store.json", "logs/station.log",
                "logs/terminal.2025-03-13.0.log"), List.copyOf(entries.keySet()));
        ObjectMapper json = new ObjectMapper();
        JsonNode versions = json.readTree(entries.get("versions.json"));
        assertEquals(station.store.schemaVersion(), versions.get("store_schema").asText());
        JsonNode config = json.readTree(entries.get("configuration.json"));
        assertEquals("DEV-0001", config.get("device.number").asText());
        assertEquals(20_000, config.get("offline.max-per-transaction (fen)").asLong());
        JsonNode store = json.readTree(entries.get("store.json"));
        assertEquals(1, store.get("operators").asInt());
        assertTrue(store.get("queue").has("offline_records"), store.toString());
        assertEquals("station ahead by -75000 ms, at 2025-03-14 09:29:01", store.get("last").get("clock_check").asText());
        assertEquals("-", store.get("last").get("backup").asText());
        String log = new String(entries.get("logs/station.log"), StandardCharsets.UTF_8);
        assertEquals("09:30:01 INFO Counter - card [card number] of [ID number] read ([card id])\n", log);
        assertEquals(1, station.store.audit().after(0, "support.bundle", 10).size());
    }

    @Test
    void holdsNoPersonalDataAndNoKeyMaterial() throws IOException {
        byte[] keyStore = Files.readAllBytes(station.config.keyStore());
        byte[] database = Files.readAllBytes(station.config.storeFile());
        for (Map.Entry<String, byte[]> e : bundle().entrySet()) {
            String text = new String(e.getValue(), StandardCharsets.UTF_8);
            for (String personal : new String[] {NAME, ID_NUMBER, CARD_NUMBER, CARD_ID, PASSPHRASE,
                    new String(TestStation.ADMIN_PASSWORD)}) {
                assertFalse(text.contains(personal), personal + " in " + e.getKey() + ":\n" + text);
            }
            assertFalse(text.contains("PRIVATE KEY"), e.getKey());
            assertFalse(containsWindowOf(e.getValue(), keyStore), "key store bytes in " + e.getKey());
            assertFalse(containsWindowOf(e.getValue(), database), "database bytes in " + e.getKey());
            String hex = HexFormat.of().formatHex(e.getValue());
            assertFalse(containsWindowOf(hex.getBytes(StandardCharsets.US_ASCII),
                    HexFormat.of().formatHex(keyStore).getBytes(StandardCharsets.US_ASCII)), e.getKey());
        }
    }

    /** True if any 24 consecutive bytes of {@code secret} (beyond its first 16, a file header) appear in {@code in}. */
    private static boolean containsWindowOf(byte[] in, byte[] secret) {
        int window = 24;
        String haystack = new String(in, StandardCharsets.ISO_8859_1);
        for (int i = 16; i + window <= secret.length; i += window) {
            if (haystack.contains(new String(secret, i, window, StandardCharsets.ISO_8859_1))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void withoutALogFolderTheBundleHasNoLogs() throws IOException {
        Path zip = dir.resolve("nologs.zip");
        List<String> names = new SupportBundle(station.config, station.store, Optional.empty(), station.clock)
                .write("admin1", zip);
        assertEquals(List.of("versions.json", "configuration.json", "store.json"), names);
        assertTrue(Instant.now().isAfter(Files.getLastModifiedTime(zip).toInstant().minusSeconds(60)));
    }
}
