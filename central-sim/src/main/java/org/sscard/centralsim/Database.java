package org.sscard.centralsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The central's SQLite database: one connection, one writer at a time (SQLite serialises writers anyway;
 * a Java lock is cheaper than SQLITE_BUSY retries). Every unit of work runs in one transaction that
 * either commits whole or rolls back whole, and {@code synchronous=FULL} makes it durable before any answer
 * that depends on it leaves: a settlement the terminal was told about survives a power cut. Schema
 * migrations are numbered SQL resources applied in order and recorded in {@code schema_version}.
 */
final class Database implements AutoCloseable {
    /** The migrations, in order; each name is a resource next to this class under {@code db/}. */
    private static final List<String> MIGRATIONS = List.of("V1__central.sql", "V2__stations.sql", "V3__evoucher.sql",
            "V4__files.sql", "V5__catalogue_records.sql");

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Database(Connection connection) {
        this.connection = connection;
    }

    static Database open(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            c.setAutoCommit(false);
            Database db = new Database(c);
            db.migrate();
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            }
            int current = 0;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                current = rs.getInt(1);
            }
            if (current > MIGRATIONS.size()) {
                throw new SQLException("the database has schema version " + current
                        + ", newer than this central-sim knows (" + MIGRATIONS.size() + ")");
            }
            for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
                for (String statement : statements(MIGRATIONS.get(v - 1))) {
                    try (Statement s = c.createStatement()) {
                        s.execute(statement);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version(version, applied_at) VALUES (?, datetime('now'))")) {
                    p.setInt(1, v);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    private static List<String> statements(String resource) {
        try (InputStream in = Database.class.getResourceAsStream("db/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " missing from the jar");
            }
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.trim().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return java.util.Arrays.stream(sql.toString().split(";"))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} in one transaction: commit when it returns, roll back when it throws. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        lock.lock();
        try {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next value of a named counter, inside the caller's transaction. */
    static long next(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO counter(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the database failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
