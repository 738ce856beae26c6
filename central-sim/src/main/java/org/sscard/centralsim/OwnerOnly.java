package org.sscard.centralsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Secrets of the data directory: the directory is 0700 and a secret file 0600 from the moment it exists, whatever
 * the umask (the mode is set explicitly; the umask can only take bits away). On a file system without POSIX
 * modes the directory's own access rules apply.
 */
final class OwnerOnly {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /** Creates {@code dir} (and parents) if needed and makes it 0700. */
    static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
        return dir;
    }

    /** Writes {@code text} to {@code file} through a 0600 temporary file moved into place, so no other mode is seen. */
    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = POSIX ? Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(dir, ".tmp-", "");
        try {
            if (POSIX) {
                Files.setPosixFilePermissions(tmp, FILE);
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
