-- Station settings: typed key/value pairs.
CREATE TABLE setting (
    key         TEXT PRIMARY KEY,
    type        TEXT NOT NULL CHECK (type IN ('STRING', 'LONG', 'BOOLEAN', 'DURATION')),
    value       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL
);

-- Store-and-forward queue of settlement-relevant messages. Times are epoch milliseconds.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    msgid            TEXT NOT NULL UNIQUE,
    stream           TEXT NOT NULL,
    infno            TEXT NOT NULL,
    payload          BLOB NOT NULL,
    payload_digest   BLOB NOT NULL,
    offline          INTEGER NOT NULL CHECK (offline IN (0, 1)),
    card_index       BLOB,
    amount_fen       INTEGER NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('QUEUED', 'IN_FLIGHT', 'DONE', 'UNKNOWN', 'RESOLVED', 'DEAD')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    last_error       TEXT,
    response         BLOB,
    resolution       TEXT,
    dead_reason      TEXT,
    dead_ack_by      TEXT,
    dead_ack_at      INTEGER
);
CREATE INDEX outbox_stream_state ON outbox (stream, state, id);
CREATE INDEX outbox_state ON outbox (state);
CREATE INDEX outbox_offline_card ON outbox (card_index, created_at) WHERE offline = 1;

-- Append-only, hash-chained audit log.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    operator   TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    detail     TEXT NOT NULL,
    prev_hash  BLOB NOT NULL,
    hash       BLOB NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The chain's head and its pruning anchor, MACed with the station's data key.
CREATE TABLE audit_head (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    head_seq     INTEGER NOT NULL,
    head_hash    BLOB NOT NULL,
    anchor_seq   INTEGER NOT NULL,
    anchor_hash  BLOB NOT NULL,
    mac          BLOB NOT NULL
);
