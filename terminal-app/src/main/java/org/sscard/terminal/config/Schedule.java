package org.sscard.terminal.config;

import java.time.Duration;
import java.time.LocalTime;

/**
 * What a running station does on its own ({@code StationServices}): the blacklist (C108) and catalog (1312) syncs'
 * intervals, the time of day of the daily backup (as the time since midnight, station's time zone) and how long
 * backups are kept. Stored as dual-controlled settings ({@link RuntimeSettings#schedule}); a change may only bring the
 * syncs closer together and keep the backups longer than {@link #DEFAULTS}.
 */
public record Schedule(Duration blacklistEvery, Duration catalogEvery, Duration backupTimeOfDay,
                       Duration backupRetention) {
    public static final Schedule DEFAULTS = new Schedule(Duration.ofMinutes(15), Duration.ofDays(1),
            Duration.ofHours(2), Duration.ofDays(30));

    public LocalTime backupAt() {
        return LocalTime.MIDNIGHT.plus(backupTimeOfDay);
    }
}
