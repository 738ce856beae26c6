package org.sscard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sscard.crypto.SoftwareSecurityModule;
import org.sscard.crypto.Sm3;

/** The smallest inputs of what {@link BackupRestoreFuzzTest} found, each fixed (docs/RELIABILITY.md). */
class FuzzFindingsTest {
    @TempDir
    Path dir;
    SoftwareSecurityModule module;
    Fixtures.TestClock clock;
    byte[] genuine;

    @BeforeEach
    void makeBackup() throws Exception {
        module = Fixtures.module();
        clock = new Fixtures.TestClock();
        Path backup = dir.resolve("station.ssbak");
        try (StationStore store = Fixtures.open(dir.resolve("old.db"), module, clock)) {
            store.backups().backup("admin", backup);
        }
        genuine = Files.readAllBytes(backup);
    }

    @Test
    void aHeaderLengthOfIntMaxUnderAValidChecksumIsRefused() throws Exception {
        byte[] body = Arrays.copyOf(genuine, genuine.length - Sm3.DIGEST_LENGTH);
        ByteBuffer.wrap(body).putInt(Backups.MAGIC.length, Integer.MAX_VALUE);
        byte[] file = Arrays.copyOf(body, genuine.length);
        System.arraycopy(Sm3.hash(body), 0, file, body.length, Sm3.DIGEST_LENGTH);
        BackupException e = assertRefusedLeavingNothing(file);
        assertTrue(e.getMessage().contains("bad header length"), e.getMessage());
        assertEquals(BackupException.Failure.DAMAGED, e.failure());
    }

    @Test
    void aSealedHeaderWithoutCreationTimeIsRefusedBeforeTheDatabaseIsWritten() throws Exception {
        Map<String, String> header = header();
        header.remove("created_at");
        BackupException e = assertRefusedLeavingNothing(resealed(header));
        assertTrue(e.getMessage().contains("created_at"), e.getMessage());
    }

    @Test
    void sealedHeaderCountsThatAreNotNumbersAreRefused() throws Exception {
        Map<String, String> header = header();
        header.put("audit_head_seq", "x");
        assertRefusedLeavingNothing(resealed(header));
        header = header();
        header.put("outbox_done", "x");
        assertRefusedLeavingNothing(resealed(header));
    }

    private BackupException assertRefusedLeavingNothing(byte[] file) throws Exception {
        Path restoreDir = Files.createDirectory(dir.resolve("restore"));
        Path backup = Files.write(restoreDir.resolve("in.ssbak"), file);
        BackupException e = assertThrows(BackupException.class,
                () -> Backups.restore(backup, Fixtures.config(restoreDir.resolve("station.db"), clock), module));
        try (Stream<Path> left = Files.list(restoreDir)) {
            assertTrue(left.toList().equals(List.of(backup)), "files left behind");
        }
        Files.delete(backup);
        Files.delete(restoreDir);
        assertFalse(Files.exists(restoreDir));
        return e;
    }

    private Map<String, String> header() {
        int length = ByteBuffer.wrap(genuine, Backups.MAGIC.length, 4).getInt();
        Map<String, String> header = new LinkedHashMap<>();
        for (String line : new String(genuine, Backups.MAGIC.length + 4, length, StandardCharsets.UTF_8).split("\n")) {
            header.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return header;
    }

    private byte[] resealed(Map<String, String> header) {
        int prefix = Backups.MAGIC.length + 4 + ByteBuffer.wrap(genuine, Backups.MAGIC.length, 4).getInt();
        byte[] database = module.open(Fixtures.DATA_KEY, Arrays.copyOf(genuine, prefix),
                Arrays.copyOfRange(genuine, prefix, genuine.length - Sm3.DIGEST_LENGTH));
        return Backups.encode(module, Fixtures.config(dir.resolve("unused.db"), clock), header, database);
    }
}
