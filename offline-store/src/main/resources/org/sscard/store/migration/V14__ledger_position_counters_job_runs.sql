-- The last of the station's clear-text bookkeeping as typed rows instead of station-state keys, carried over here and
-- removed: the station's position in the hospital ledger (state.ledger.cursor, state.ledger.shift_cursor and
-- state.ledger.catalog_version, "<version>" or "<version> <publication id>"), the station's counters
-- (state.office.card_no_seq, state.offline.term_seq, state.backup.shift_close_seq, state.recovery.applied) and the
-- last successful run of each scheduled job (state.sync.catalog_at and state.sync.blacklist_at in epoch millis,
-- state.backup.verified_at as an ISO instant with state.backup.verified_file).

-- How far the hospital ledger holds this station's records: each cursor moves forward only, except when set back.
CREATE TABLE ledger_position (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    outbox_cursor       INTEGER NOT NULL DEFAULT 0,   -- outbox id: every final message up to it is in the ledger
    audit_cursor        INTEGER NOT NULL DEFAULT 0,   -- audit seq: every shift close up to it is in the ledger
    catalog_version     INTEGER NOT NULL DEFAULT 0,   -- the hospital catalogue version whose items the station holds
    catalog_publication TEXT                          -- that version's publication id, if the ledger gave one
);

-- The station's counters, one row per name.
CREATE TABLE station_counter (
    name  TEXT PRIMARY KEY CHECK (name IN ('CARD_NO', 'OFFLINE_TERM', 'BACKUP_SHIFT_CLOSE', 'RECOVERY_APPLIED')),
    value INTEGER NOT NULL
);

-- The last successful run of each scheduled job.
CREATE TABLE job_run (
    job    TEXT PRIMARY KEY CHECK (job IN ('CATALOG_SYNC', 'BLACKLIST_SYNC', 'BACKUP_VERIFIED')),
    at     INTEGER NOT NULL,                          -- epoch millis
    detail TEXT                                       -- BACKUP_VERIFIED: the verified backup's file name
);

INSERT INTO ledger_position (id, outbox_cursor, audit_cursor, catalog_version, catalog_publication)
SELECT 1,
       coalesce((SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'state.ledger.cursor'), 0),
       coalesce((SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'state.ledger.shift_cursor'), 0),
       coalesce((SELECT CAST(CASE WHEN instr(value, ' ') > 0 THEN substr(value, 1, instr(value, ' ') - 1) ELSE value END
                             AS INTEGER) FROM setting WHERE key = 'state.ledger.catalog_version'), 0),
       (SELECT CASE WHEN instr(value, ' ') > 0 THEN substr(value, instr(value, ' ') + 1) END
        FROM setting WHERE key = 'state.ledger.catalog_version')
WHERE EXISTS (SELECT 1 FROM setting
              WHERE key IN ('state.ledger.cursor', 'state.ledger.shift_cursor', 'state.ledger.catalog_version'));

INSERT INTO station_counter (name, value)
SELECT CASE key WHEN 'state.office.card_no_seq' THEN 'CARD_NO' WHEN 'state.offline.term_seq' THEN 'OFFLINE_TERM'
                WHEN 'state.backup.shift_close_seq' THEN 'BACKUP_SHIFT_CLOSE' ELSE 'RECOVERY_APPLIED' END,
       CAST(value AS INTEGER)
FROM setting
WHERE key IN ('state.office.card_no_seq', 'state.offline.term_seq', 'state.backup.shift_close_seq',
              'state.recovery.applied');

INSERT INTO job_run (job, at, detail)
SELECT CASE key WHEN 'state.sync.catalog_at' THEN 'CATALOG_SYNC' ELSE 'BLACKLIST_SYNC' END, CAST(value AS INTEGER), NULL
FROM setting
WHERE key IN ('state.sync.catalog_at', 'state.sync.blacklist_at');

-- An ISO instant (2026-03-01T10:00:00.123Z) to epoch millis; a value SQLite cannot read leaves no row (a backup is due).
INSERT INTO job_run (job, at, detail)
SELECT 'BACKUP_VERIFIED', CAST(round((julianday(value) - 2440587.5) * 86400000) AS INTEGER),
       (SELECT f.value FROM setting f WHERE f.key = 'state.backup.verified_file')
FROM setting
WHERE key = 'state.backup.verified_at' AND julianday(value) IS NOT NULL;

DELETE FROM setting
WHERE key IN ('state.ledger.cursor', 'state.ledger.shift_cursor', 'state.ledger.catalog_version',
              'state.office.card_no_seq', 'state.offline.term_seq', 'state.backup.shift_close_seq',
              'state.recovery.applied', 'state.sync.catalog_at', 'state.sync.blacklist_at',
              'state.backup.verified_at', 'state.backup.verified_file');
