package org.sscard.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold keys or personal data (key store, station database, backups) and the folders made for them: files
 * owner-only (0600), folders owner-only (0700), whatever the process's umask. The mode is given at creation (so the
 * file is never readable by others, not even for a moment) and then set explicitly (creation modes pass through the
 * umask, {@code chmod} does not). On a file system without POSIX permissions the files are created with its defaults.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates {@code folder} and any missing parents 0700; folders that already exist are left as they are. */
    public static void createFolders(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createFolders(parent);
        }
        boolean posix = posix(parent);
        try {
            Files.createDirectory(absolute, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER)}
                    : new FileAttribute<?>[0]);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
            return;
        }
        if (posix) {
            Files.setPosixFilePermissions(absolute, FOLDER);
        }
    }

    /** Creates an empty file 0600 (its folder must exist); fails if it exists. */
    public static void createFile(Path file) throws IOException {
        boolean posix = posix(file.toAbsolutePath().getParent());
        Files.createFile(file, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0]);
        if (posix) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Takes group and other permissions off an existing file (one made by an earlier version); no-op without POSIX. */
    public static void restrict(Path file) throws IOException {
        if (Files.exists(file) && posix(file.toAbsolutePath().getParent())
                && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Writes {@code content} to {@code target} through a 0600 temporary file beside it, synced and then renamed over
     * the target, so a reader sees the old file or the new one, never a part. The folder must exist.
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(tmp);
        try {
            createFile(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean posix(Path folder) {
        Path where = folder == null ? Path.of("").toAbsolutePath() : folder;
        return Files.getFileAttributeView(where, PosixFileAttributeView.class) != null;
    }
}
