package org.sscard.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The SQLite file with one writer connection (behind a lock, so writes never contend inside the process)
 * and a small pool of read-only connections. WAL mode lets readers see the last committed state while the
 * writer works; {@code synchronous=FULL} makes every commit durable before it returns.
 */
final class Database implements AutoCloseable {
    private static final int READERS = 4;
    private static final int SQLITE_FULL = 13;

    private final Path file;
    private final StoreConfig config;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();
    private final long maxPages;
    private volatile boolean closed;
    private volatile WriteHook hook;
    private final long defaultMaxPages;
    private final java.util.concurrent.atomic.LongAdder writeTransactions = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder writeNanos = new java.util.concurrent.atomic.LongAdder();
    /** Work waiting for the next write transaction ({@link #defer}), oldest first; guarded by itself. */
    private final java.util.ArrayDeque<SqlWork<?>> deferred = new java.util.ArrayDeque<>();

    Database(StoreConfig config) {
        this.config = config;
        this.file = config.file();
        try {
            writer = connect(false);
            try (Statement s = writer.createStatement()) {
                long pageSize = queryLong(s, "PRAGMA page_size");
                maxPages = config.maxSizeBytes() == 0 ? 0 : Math.max(1, config.maxSizeBytes() / pageSize);
                if (maxPages > 0) {
                    s.execute("PRAGMA max_page_count = " + maxPages);
                }
                defaultMaxPages = queryLong(s, "PRAGMA max_page_count");
                // Deleted or replaced content (e.g. a state value sealed over its earlier clear form) is overwritten
                // with zeros instead of lingering in free space of the file.
                s.execute("PRAGMA secure_delete = ON");
                String mode = queryString(s, "PRAGMA journal_mode");
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreException("the station database could not switch to WAL mode (it is in '" + mode + "')");
                }
            }
        } catch (SQLException e) {
            throw translate("open the station database", e);
        }
    }

    Path file() {
        return file;
    }

    /** Runs around every write transaction: {@code before} first inside it, {@code committed} after its commit. */
    interface WriteHook {
        void before(Connection c) throws SQLException;

        void committed();
    }

    void hook(WriteHook writeHook) {
        this.hook = writeHook;
    }

    /**
     * Test seam: store files (absolute, normalised) whose disk is to fill up, each with a test of the write's
     * description: from the first write it accepts on, SQLite itself refuses the write with SQLITE_FULL (the
     * database is held at its size and the write made to need more pages), as on a full disk. Empty in production.
     */
    static final java.util.Map<Path, java.util.function.Predicate<String>> FULL_DISK =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs {@code work} in one write transaction (BEGIN IMMEDIATE … COMMIT); any failure rolls it all back. */
    <T> T write(String what, SqlWork<T> work) {
        long start = System.nanoTime();
        writeLock.lock();
        List<SqlWork<?>> carried = List.of();
        boolean committed = false;
        try {
            requireOpen();
            WriteHook h = hook;
            java.util.function.Predicate<String> full = FULL_DISK.get(file.toAbsolutePath().normalize());
            carried = takeDeferred();
            List<SqlWork<?>> before = carried;
            T result = inTransaction(writer, "BEGIN IMMEDIATE", what, c -> {
                if (full != null && full.test(what)) {
                    fillTheDisk(c);
                }
                for (SqlWork<?> w : before) {
                    w.run(c);
                }
                if (h != null) {
                    h.before(c);
                }
                return work.run(c);
            });
            committed = true;
            if (h != null) {
                h.committed();
            }
            return result;
        } finally {
            if (!committed) {
                putBackDeferred(carried);
            }
            writeLock.unlock();
            writeTransactions.increment();
            writeNanos.add(System.nanoTime() - start);
        }
    }

    /**
     * Makes SQLite refuse the current write with SQLITE_FULL: the file may not grow beyond its pages now, and a blob
     * larger than its free pages is written. The limit is put back afterwards; the caller's transaction rolls back.
     */
    private void fillTheDisk(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            long pages = queryLong(s, "PRAGMA page_count");
            long free = queryLong(s, "PRAGMA freelist_count");
            long pageSize = queryLong(s, "PRAGMA page_size");
            s.execute("PRAGMA max_page_count = " + pages);
            try {
                s.execute("CREATE TABLE disk_fill (b BLOB)");
                s.execute("INSERT INTO disk_fill VALUES (zeroblob(" + (free + 2) * pageSize + "))");
            } finally {
                s.execute("PRAGMA max_page_count = " + defaultMaxPages);
            }
        }
        throw new IllegalStateException("the simulated full disk did not make SQLite refuse the write");
    }

    WriteStatistics writeStatistics() {
        return new WriteStatistics(writeTransactions.sum(), writeNanos.sum());
    }

    /** Runs {@code work} in one read transaction on a read-only connection: it sees one consistent snapshot. */
    <T> T read(String what, SqlWork<T> work) {
        requireOpen();
        Connection c = borrowReader();
        try {
            return inTransaction(c, "BEGIN", what, work);
        } finally {
            idleReaders.offer(c);
        }
    }

    private <T> T inTransaction(Connection c, String begin, String what, SqlWork<T> work) {
        boolean begun = false;
        try (Statement s = c.createStatement()) {
            s.execute(begin);
            begun = true;
            T result = work.run(c);
            s.execute("COMMIT");
            begun = false;
            return result;
        } catch (SQLException e) {
            throw translate(what, e);
        } finally {
            if (begun) {
                rollbackQuietly(c);
            }
        }
    }

    /** Runs {@code work} on the writer connection outside a transaction, holding the write lock (backup, checks). */
    <T> T withWriterConnection(String what, SqlWork<T> work) {
        writeLock.lock();
        try {
            requireOpen();
            return work.run(writer);
        } catch (SQLException e) {
            throw translate(what, e);
        } finally {
            writeLock.unlock();
        }
    }

    long maxPages() {
        return maxPages;
    }

    private Connection borrowReader() {
        Connection c = idleReaders.poll();
        if (c != null) {
            return c;
        }
        synchronized (allReaders) {
            if (allReaders.size() < READERS) {
                try {
                    Connection fresh = connect(true);
                    allReaders.add(fresh);
                    return fresh;
                } catch (SQLException e) {
                    throw translate("open a reader on the station database", e);
                }
            }
        }
        try {
            Connection waited = idleReaders.poll(config.busyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (waited == null) {
                throw new StoreException("the station database is busy: no reader became free within "
                        + config.busyTimeout().toSeconds() + " s; retry");
            }
            return waited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the station database", e);
        }
    }

    private Connection connect(boolean readOnly) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setBusyTimeout((int) config.busyTimeout().toMillis());
        c.enforceForeignKeys(true);
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        if (readOnly) {
            c.setReadOnly(true);
        } else {
            c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        return c.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static void rollbackQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite has already rolled back (e.g. after SQLITE_FULL), or closing the connection will
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new StoreException("the station store is closed");
        }
    }

    StoreException translate(String what, SQLException e) {
        if (isFull(e)) {
            String limit = maxPages > 0
                    ? "the disk is full or the database reached its size limit of " + (config.maxSizeBytes() / (1024 * 1024)) + " MB"
                    : "the disk is full";
            return new StoreFullException("The station database is full (" + limit + "), so the operation '" + what
                    + "' was not saved. Everything stored before is intact. Free disk space on the station (or ask an"
                    + " administrator to raise the limit), then repeat the operation.", e);
        }
        if (e instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
                || se.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED)) {
            return new StoreException("the station database is in use by another program (could not " + what
                    + " within " + config.busyTimeout().toSeconds() + " s); close the other program and retry", e);
        }
        return new StoreException("could not " + what + ": " + e.getMessage(), e);
    }

    private static boolean isFull(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException se && (se.getResultCode().code & 0xff) == SQLITE_FULL) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getErrorCode() & 0xff) == SQLITE_FULL) {
                return true;
            }
        }
        return false;
    }

    static long queryLong(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static String queryString(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** True if the file exists and is not empty. */
    /**
     * Queues {@code work} for the next write transaction of this store, whatever it writes: it runs first inside
     * that transaction (before the recovery hook, whose records came later than anything still waiting, since a
     * failed write puts its deferred work back) and commits with it, so a step's own records share one commit with
     * the step's durable change. Lost if the process dies before any further write; {@link #flushDeferred} at close.
     */
    void defer(SqlWork<?> work) {
        synchronized (deferred) {
            deferred.add(work);
        }
    }

    /** Commits the deferred work now, if there is any. */
    void flushDeferred() {
        boolean any;
        synchronized (deferred) {
            any = !deferred.isEmpty();
        }
        if (any) {
            write("write the deferred records", c -> null);
        }
    }

    private List<SqlWork<?>> takeDeferred() {
        synchronized (deferred) {
            List<SqlWork<?>> out = new ArrayList<>(deferred);
            deferred.clear();
            return out;
        }
    }

    /** A failed write rolled back: its carried work waits, still first, for the next one. */
    private void putBackDeferred(List<SqlWork<?>> carried) {
        synchronized (deferred) {
            for (int i = carried.size() - 1; i >= 0; i--) {
                deferred.addFirst(carried.get(i));
            }
        }
    }

    static boolean exists(Path file) {
        try {
            return Files.exists(file) && Files.size(file) > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (allReaders) {
                for (Connection c : allReaders) {
                    closeQuietly(c);
                }
                allReaders.clear();
            }
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: there is nothing left to save
        }
    }
}
