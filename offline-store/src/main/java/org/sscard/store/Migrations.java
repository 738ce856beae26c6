package org.sscard.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The schema's versions, applied by Flyway from {@code org/sscard/store/migration} (a location of this
 * module's own, so other modules' migrations on the same class path are never picked up).
 */
final class Migrations {
    static final String LOCATION = "classpath:org/sscard/store/migration";
    /** The schema version this code works with. */
    static final String LATEST = "14";

    private Migrations() {
    }

    /**
     * Brings the file to {@code targetVersion} (null: the latest), creating it if needed; returns the version reached.
     * A file already at the latest version with every migration applied successfully is not handed to Flyway at all:
     * starting Flyway (class loading, scanning the migrations) is most of a station's store-opening time. A file
     * with a schema newer than this code knows is refused (Flyway itself would ignore the newer migrations).
     */
    static String migrate(Path file, String targetVersion) {
        History history = History.of(file);
        int latest = Integer.parseInt(LATEST);
        if (history != null && history.highest() > latest) {
            throw new StoreException("the station database at " + file.getFileName() + " has schema version "
                    + history.highest() + ", newer than this version of the terminal software knows (" + LATEST
                    + "): install the newer software again, or restore a backup made by this version");
        }
        if (targetVersion == null && history != null && history.isComplete()) {
            return LATEST;
        }
        try {
            MigrateResult result = flyway(file, targetVersion).migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : currentVersion(file);
        } catch (FlywayException e) {
            if (StoreFileCheck.isCorruption(e)) {
                throw StoreFileCheck.whileOpening(file, e);
            }
            throw new StoreException("the station database at " + file.getFileName()
                    + " could not be brought to the current schema: " + StoreFileCheck.driverMessage(e)
                    + ". Install this version of the terminal software again; if it persists,"
                    + " restore the latest backup (docs/operations.md)", e);
        }
    }

    /** True when every migration up to {@link #LATEST} was applied successfully and nothing later. */
    static boolean isAtLatest(Path file) {
        History history = History.of(file);
        return history != null && history.isComplete();
    }

    /** Flyway's history table of a file, read with plain SQL; null when the file or the table is missing. */
    private record History(int rows, int failed, int highest, int distinctVersions) {
        static History of(Path file) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(success = 0), 0),"
                            + " coalesce(max(CAST(version AS INTEGER)), 0), count(DISTINCT version)"
                            + " FROM flyway_schema_history WHERE version IS NOT NULL")) {
                return r.next() ? new History(r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4)) : null;
            } catch (SQLException e) {
                return null;
            }
        }

        boolean isComplete() {
            int latest = Integer.parseInt(LATEST);
            return rows == latest && failed == 0 && highest == latest && distinctVersions == latest;
        }
    }

    /** The schema version of the file, or null if none was applied. */
    static String currentVersion(Path file) {
        MigrationInfo current = flyway(file, null).info().current();
        return current == null ? null : current.getVersion().getVersion();
    }

    private static Flyway flyway(Path file, String targetVersion) {
        return Flyway.configure()
                .dataSource("jdbc:sqlite:" + file.toAbsolutePath(), null, null)
                .locations(LOCATION)
                .target(targetVersion == null ? MigrationVersion.LATEST : MigrationVersion.fromVersion(targetVersion))
                .load();
    }
}
