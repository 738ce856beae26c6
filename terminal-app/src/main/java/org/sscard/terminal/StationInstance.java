package org.sscard.terminal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscard.crypto.PrivateFiles;
import org.sscard.store.BackupException;

/**
 * One station program per store. The program that runs the station holds an exclusive lock on
 * {@code <store>.instance} in the station's data folder (the file says which process holds it) for as long as it
 * runs, and listens on the Unix domain socket {@code <store>.instance.sock} beside it (owner-only, like the folder: no
 * network, no other user). A second start of the program finds the lock held, asks the holder over the socket to show
 * its window ({@link #onShow}) and ends; a lock left by a process that is gone is free again (the system releases it),
 * so a stale file never stops a start. {@code terminal restore} takes the same lock without a socket
 * ({@link #lockFor}), so the window never starts on a store being restored and a restore never replaces the store of
 * a running station. The other commands share the store with the running program as before (SQLite's own locking).
 */
public final class StationInstance implements AutoCloseable {
    static final String SHOW = "show";
    static final String SHOWN = "shown";
    private static final Logger LOG = LoggerFactory.getLogger(StationInstance.class);

    /** What a start found: the store is this program's now, or another program runs it. */
    public sealed interface Claim permits Claimed, Running {
    }

    /** This program holds the store. */
    public record Claimed(StationInstance instance) implements Claim {
    }

    /** Another program holds the store ({@code holder}: what its lock file says); {@code shown}: it raised its window. */
    public record Running(String holder, boolean shown) implements Claim {
    }

    private final FileChannel channel;
    private final FileLock lock;
    private final Path socket;
    private final ServerSocketChannel server;
    private Runnable onShow;
    private boolean showWanted;

    private StationInstance(FileChannel channel, FileLock lock, Path socket, ServerSocketChannel server) {
        this.channel = channel;
        this.lock = lock;
        this.socket = socket;
        this.server = server;
    }

    public static Path lockFile(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".instance");
    }

    static Path socketFile(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".instance.sock");
    }

    /**
     * The station program's start: takes the store's lock and listens for later starts; or, while another program
     * holds it, asks that one to show its window, trying again for up to {@code patience} while it does not answer (it
     * may be starting, or be a {@code terminal restore}).
     */
    public static Claim claim(Path storeFile, Duration patience) {
        Instant giveUp = Instant.now().plus(patience);
        while (true) {
            FileChannel ch = openLockFile(storeFile);
            FileLock taken = tryLock(ch, storeFile);
            if (taken != null) {
                return new Claimed(listen(storeFile, ch, taken, "station"));
            }
            closeQuietly(ch);
            String holder = holder(storeFile);
            if (askToShow(socketFile(storeFile))) {
                return new Running(holder, true);
            }
            if (Instant.now().isAfter(giveUp)) {
                return new Running(holder, false);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Running(holder, false);
            }
        }
    }

    /**
     * Takes the store's lock for {@code program} without listening (a restore); refused with what holds it while the
     * station program (or another restore) runs.
     */
    public static StationInstance lockFor(Path storeFile, String program) {
        FileChannel ch = openLockFile(storeFile);
        FileLock taken = tryLock(ch, storeFile);
        if (taken == null) {
            closeQuietly(ch);
            String holder = holder(storeFile);
            throw new BackupException(BackupException.Failure.STATION_RUNNING, "the station program is running on this"
                    + " store (" + holder + "): a running station's store is never replaced. Restore from the backup"
                    + " screen (applied at the station's next start), or close the station program first", holder);
        }
        try {
            writeHolder(ch, program);
        } catch (IOException e) {
            LOG.warn("the lock file of the store could not be written: {}", e.getMessage());
        }
        return new StationInstance(ch, taken, null, null);
    }

    /**
     * What to do when a later start asks for the window (called on the listening thread); a request that came before
     * is passed on at once.
     */
    public void onShow(Runnable show) {
        boolean wanted;
        synchronized (this) {
            onShow = show;
            wanted = showWanted;
            showWanted = false;
        }
        if (wanted) {
            show.run();
        }
    }

    private void showRequested() {
        Runnable show;
        synchronized (this) {
            show = onShow;
            showWanted = show == null;
        }
        if (show != null) {
            show.run();
        }
    }

    private static FileChannel openLockFile(Path storeFile) {
        Path file = lockFile(storeFile);
        try {
            if (!Files.exists(file)) {
                PrivateFiles.createFolders(file.toAbsolutePath().getParent());
                try {
                    PrivateFiles.createFile(file);
                } catch (java.nio.file.FileAlreadyExistsException startedTogether) {
                    // another start made it a moment ago: the lock decides
                }
            }
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BackupException(BackupException.Failure.LOCK_FILE_UNUSABLE, "the station's lock file " + file
                    + " cannot be opened (" + e.getMessage() + "); check that the station runs as the user who owns its"
                    + " data folder", e, file.toString(), e.getMessage());
        }
    }

    private static FileLock tryLock(FileChannel ch, Path storeFile) {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BackupException(BackupException.Failure.LOCK_FILE_UNUSABLE, "the station's lock file "
                    + lockFile(storeFile) + " cannot be locked: " + e.getMessage(), e, lockFile(storeFile).toString(),
                    e.getMessage());
        }
    }

    private static void writeHolder(FileChannel ch, String program) throws IOException {
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", " + program + ", since " + Instant.now())
                .getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
    }

    /** What the lock file says of the program holding it. */
    static String holder(Path storeFile) {
        try {
            return Files.readString(lockFile(storeFile), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static StationInstance listen(Path storeFile, FileChannel ch, FileLock taken, String program) {
        Path socket = socketFile(storeFile);
        ServerSocketChannel server = null;
        try {
            writeHolder(ch, program);
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            PrivateFiles.restrict(socket);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("the station cannot listen on {} ({}): a second start cannot bring this window forward",
                    socket, e.getMessage());
            closeQuietly(server);
            server = null;
        }
        StationInstance instance = new StationInstance(ch, taken, socket, server);
        if (server != null) {
            Thread t = new Thread(instance::serve, "station-instance");
            t.setDaemon(true);
            t.start();
        }
        return instance;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                if (SHOW.equals(readLine(client))) {
                    LOG.info("the station was started again: its window is brought forward");
                    showRequested();
                    client.write(ByteBuffer.wrap((SHOWN + "\n").getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IOException | RuntimeException e) {
                if (server.isOpen()) {
                    LOG.warn("a request from a second start failed: {}", e.getMessage());
                }
            }
        }
    }

    /** Asks the program listening on {@code socket} to show its window; false when nobody answers. */
    static boolean askToShow(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((SHOW + "\n").getBytes(StandardCharsets.UTF_8)));
            return SHOWN.equals(readLine(ch));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLine(SocketChannel ch) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(64);
        while (in.hasRemaining()) {
            if (ch.read(in) < 0) {
                break;
            }
            if (in.position() > 0 && in.get(in.position() - 1) == '\n') {
                break;
            }
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).trim();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing what was opened for a lock that was not taken, or a listener that did not start
        }
    }

    /** Stops listening and releases the lock (the files stay: a lock file without a holder is free). */
    @Override
    public void close() {
        if (server != null) {
            closeQuietly(server);
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                LOG.debug("the socket file {} stays: {}", socket, e.getMessage());
            }
        }
        closeQuietly(lock);
        closeQuietly(channel);
    }
}
