package org.sscard.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key store and the folders made for it are owner-only whatever the umask (022 on CI and here). */
class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aKeyStoreIsCreatedAndRewrittenOwnerOnlyInOwnerOnlyFolders() throws IOException {
        Path file = dir.resolve("etc").resolve("sscard").resolve("station.keys");
        SoftwareSecurityModule module = SoftwareSecurityModule.create(file, "Station-Keys-1".toCharArray(),
                KdfParameters.FAST_FOR_TESTS);
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(file.getParent()));
        assertEquals("rwx------", mode(file.getParent().getParent()));
        module.generateLocalKey(KeyRef.local(KeyType.DATA, "440106", 1));
        assertEquals("rw-------", mode(file), "rewritten through an owner-only temporary file");
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file left");
        }
    }

    @Test
    void anExistingFileIsNarrowedAndAnAtomicWriteIsOwnerOnly() throws IOException {
        Path file = dir.resolve("old");
        Files.writeString(file, "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.restrict(file);
        assertEquals("rw-------", mode(file));
        Path written = dir.resolve("new");
        PrivateFiles.writeAtomically(written, new byte[] {1, 2, 3});
        assertEquals("rw-------", mode(written));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
