package org.sscard.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;
import org.sscard.store.StoreRefusedException.Reason;

/**
 * The checks a station's store file passes before it is opened for work, and the sentences for what they find. Every
 * refusal leaves the file as it is (nothing is created, repaired or migrated) and points to the restore.
 */
final class StoreFileCheck {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_LENGTH = 100;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private StoreFileCheck() {
    }

    /** What to do with a store that cannot be used: keep it, and restore. */
    static String restoreAdvice(Path file) {
        return " The file is left as it was found. Do not run 'terminal setup' (it would start an empty station without"
                + " the offline queue, operators and audit log): move " + file.getFileName() + " and any "
                + file.getFileName() + "-wal and -shm files beside it to a safe place (keep them for analysis), then"
                + " restore the latest backup with 'terminal restore BACKUP.ssbak' (docs/operations.md, \"When the station"
                + " refuses to start\").";
    }

    /**
     * Refuses a file that is missing, empty, not an SQLite database, shorter than its header records, or that fails
     * SQLite's {@code PRAGMA quick_check}, then runs {@code then} on the same connection (reads only, so a refusal
     * there leaves the file as it was too). Opens no connection to a file that fails the first checks, and never
     * creates one.
     */
    static <T> T requireUsable(Path file, SqlWork<T> then) {
        if (!Files.exists(file)) {
            throw new StoreRefusedException(Reason.MISSING, "The station database " + file + " does not exist (it was"
                    + " deleted or moved, or store.path names the wrong place). The station does not make a new, empty"
                    + " database on its own. Put the file back, or restore the latest backup with 'terminal restore"
                    + " BACKUP.ssbak' (docs/operations.md, \"When the station refuses to start\"); only a new station is"
                    + " set up with 'terminal setup'.");
        }
        long size;
        byte[] header = new byte[HEADER_LENGTH];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            read = in.readNBytes(header, 0, HEADER_LENGTH);
        } catch (IOException e) {
            throw new StoreException("the station database " + file + " cannot be read: " + e.getMessage()
                    + " (check that the station runs as the user who owns the file)", e);
        }
        if (size == 0) {
            throw new StoreRefusedException(Reason.EMPTY, "The station database " + file + " is empty (0 bytes): its"
                    + " content was lost, e.g. the file was overwritten or emptied." + restoreAdvice(file));
        }
        if (read < HEADER_LENGTH || !Arrays.equals(Arrays.copyOf(header, SQLITE_MAGIC.length), SQLITE_MAGIC)) {
            throw new StoreRefusedException(Reason.NOT_A_DATABASE, "The station database " + file + " (" + size
                    + " bytes) is not an SQLite database: it does not start with the SQLite signature, so it was"
                    + " overwritten or is another kind of file." + restoreAdvice(file));
        }
        long expected = recordedSize(header);
        if (expected > size && !hasContent(file.resolveSibling(file.getFileName() + "-wal"))) {
            throw new StoreRefusedException(Reason.DAMAGED, "The station database " + file + " is cut short: it holds "
                    + size + " bytes, its header records " + expected + " (e.g. an interrupted copy or a full disk)."
                    + restoreAdvice(file));
        }
        try (Connection c = connectExisting(file); Statement s = c.createStatement()) {
            String check = Database.queryString(s, "PRAGMA quick_check");
            if (!"ok".equals(check)) {
                throw damaged(file, "SQLite's quick check of the file reports: " + firstLine(check));
            }
            if (Database.queryLong(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                    + " AND name IN ('flyway_schema_history', 'setting', 'audit_head', 'audit_log')") < 4) {
                throw new StoreRefusedException(Reason.NOT_A_DATABASE, "The file " + file + " is an SQLite database,"
                        + " but not a station database (it lacks the station's tables)." + restoreAdvice(file));
            }
            return then.run(c);
        } catch (SQLException e) {
            throw whileOpening(file, e);
        }
    }

    /** The integrity check's findings as one refusal (the station's maintenance, {@code audit verify}, backups). */
    static StoreRefusedException damaged(Path file, String finding) {
        return new StoreRefusedException(Reason.DAMAGED, "The station database " + file + " is damaged: " + finding
                + "." + restoreAdvice(file));
    }

    /**
     * A driver or Flyway failure while opening the store as a sentence: damaged pages (SQLITE_CORRUPT, SQLITE_NOTADB)
     * become {@link Reason#DAMAGED}; anything else names the driver's own words without the SQL-state dump.
     */
    static StoreException whileOpening(Path file, Throwable failure) {
        if (isCorruption(failure)) {
            return new StoreRefusedException(Reason.DAMAGED, "The station database " + file + " is damaged: SQLite"
                    + " reports \"" + driverMessage(failure) + "\" while reading it." + restoreAdvice(file), failure);
        }
        return new StoreException("The station database " + file + " could not be opened: " + driverMessage(failure)
                + ". Check that the disk is mounted and writable and that no other program holds the file, then start"
                + " again; if it persists, restore the latest backup (docs/operations.md).", failure);
    }

    static boolean isCorruption(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException se) {
                int primary = se.getResultCode().code & 0xff;
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
                    return true;
                }
            } else if (t instanceof SQLException sql) {
                int primary = sql.getErrorCode() & 0xff;
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The innermost SQL exception's message, first line (the driver's words), else the failure's own. */
    static String driverMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return firstLine(message == null ? failure.getClass().getSimpleName() : message);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Page size × page count from the header, or 0 where the header's count is not valid (older writers). */
    private static long recordedSize(byte[] header) {
        ByteBuffer h = ByteBuffer.wrap(header);
        int pageSize = Short.toUnsignedInt(h.getShort(16));
        if (pageSize == 1) {
            pageSize = 65536;
        }
        long pages = Integer.toUnsignedLong(h.getInt(28));
        boolean countValid = h.getInt(24) == h.getInt(92);
        return countValid ? pages * pageSize : 0;
    }

    private static boolean hasContent(Path file) {
        try {
            return Files.exists(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** A read-write connection that fails rather than create a missing file. */
    static Connection connectExisting(Path file) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.resetOpenMode(SQLiteOpenMode.CREATE);
        return c.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
