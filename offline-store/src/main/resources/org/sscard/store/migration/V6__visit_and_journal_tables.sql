-- A visit's and the station's journals' state as typed rows instead of station-state keys (state.visit.*,
-- state.card_update.*, state.deferred.visits, state.offline.debit_journal, state.link.sign_*). Personal data stay
-- sealed with the DATA key, per row (associated data table.column|row key). What is sealed in the old keys is moved by
-- the store when it is first opened with its key (StateCarryOver): a migration has no key.

-- One row per visit registered at this counter (or finished by a deferred settlement).
CREATE TABLE visit (
    mdtrt_id    TEXT PRIMARY KEY,
    med_type    TEXT,                 -- the med_type code registered; null for a visit not registered at the counter
    operator_id TEXT,
    created_at  INTEGER NOT NULL,     -- epoch millis of the registration
    closed      INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)), -- 1: nothing left to do (settled and finished, cancelled or refused)
    finished    BLOB                  -- sealed JSON {setl_id, holder_name}: the card was updated and the receipt made
);
CREATE INDEX visit_open ON visit (closed, created_at);

-- The absolute medical EF05 values one settlement leaves on one card, fixed before the card is first written.
CREATE TABLE card_update (
    setl_id    TEXT PRIMARY KEY,
    target     BLOB NOT NULL,         -- sealed JSON {card_no, balance_fen, year_to_date_fen, date}
    updated_at INTEGER NOT NULL
);

-- The deferred hospital visits (taken while the link was down), one row each.
CREATE TABLE deferred_visit (
    ref         TEXT PRIMARY KEY,
    state       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,     -- epoch millis: the queue-age limit counts from here
    finished_at INTEGER,              -- epoch millis once nothing is left to do: the retention counts from here
    total_fen   INTEGER NOT NULL,
    setl_id     TEXT,                 -- the 2207's setl_id once settled (a cancel of it is looked up by it)
    body        BLOB NOT NULL,        -- sealed JSON of the whole visit (names, card numbers)
    updated_at  INTEGER NOT NULL
);
CREATE INDEX deferred_visit_state ON deferred_visit (state, created_at);

-- Offline debits being made or of unknown outcome (the card may have been debited), oldest first.
CREATE TABLE offline_debit (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    msgid      TEXT NOT NULL UNIQUE,
    state      TEXT NOT NULL,
    body       BLOB NOT NULL,         -- sealed JSON of the debit (card number)
    updated_at INTEGER NOT NULL
);

-- The last successful sign-in (9001): its number, and who made it from where, to sign in again after -4.
CREATE TABLE sign_in (
    station    INTEGER PRIMARY KEY CHECK (station = 1),
    sign_no    TEXT NOT NULL,
    opter_id   TEXT NOT NULL,
    opter_name TEXT NOT NULL,
    mac        TEXT NOT NULL,
    ip         TEXT NOT NULL,
    signed_at  INTEGER NOT NULL
);

INSERT INTO visit (mdtrt_id, med_type, created_at)
SELECT substr(key, 13, length(key) - 12 - 9), value, updated_at FROM setting
WHERE key LIKE 'state.visit.%.med_type';
DELETE FROM setting WHERE key LIKE 'state.visit.%.med_type';
