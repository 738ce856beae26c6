package org.sscard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The last successful run of each scheduled job ({@code job_run}, one row per {@link Job}). */
public final class JobRuns {
    public enum Job { CATALOG_SYNC, BLACKLIST_SYNC, BACKUP_VERIFIED }

    /** A run: when it finished and what it made (the verified backup's file name), if it says. */
    public record Run(Instant at, String detail) {
        public Run {
            Objects.requireNonNull(at, "at");
        }
    }

    private final Database db;

    JobRuns(Database db) {
        this.db = db;
    }

    /** The job's last successful run, if it ever ran. */
    public Optional<Run> last(Job job) {
        return db.read("read the last run of " + job, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT at, detail FROM job_run WHERE job = ?")) {
                ps.setString(1, job.name());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Run(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2)))
                            : Optional.empty();
                }
            }
        });
    }

    /** Records a successful run of the job (replacing the one before), in one write. */
    public void record(Job job, Run run) {
        db.write("record a run of " + job, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_run (job, at, detail) VALUES (?,?,?)"
                    + " ON CONFLICT (job) DO UPDATE SET at = excluded.at, detail = excluded.detail")) {
                ps.setString(1, job.name());
                ps.setLong(2, run.at().toEpochMilli());
                ps.setString(3, run.detail());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
