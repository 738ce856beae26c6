package org.sscard.store;

import java.nio.file.Path;
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
    static final String LATEST = "3";

    private Migrations() {
    }

    /** Brings the file to {@code targetVersion} (null: the latest), creating it if needed; returns the version reached. */
    static String migrate(Path file, String targetVersion) {
        try {
            MigrateResult result = flyway(file, targetVersion).migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : currentVersion(file);
        } catch (FlywayException e) {
            throw new StoreException("the station database at " + file.getFileName()
                    + " could not be brought to the current schema: " + e.getMessage()
                    + " (was it made by a newer version of the terminal software?)", e);
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
