-- Operator accounts. password_hash carries its own algorithm and parameters.
CREATE TABLE operator (
    id                   TEXT PRIMARY KEY,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('CASHIER', 'PHARMACIST', 'CARD_CLERK', 'SUPERVISOR', 'ADMINISTRATOR', 'AUDITOR')),
    password_hash        TEXT NOT NULL,
    password_changed_at  INTEGER NOT NULL,
    password_expires_at  INTEGER NOT NULL,
    must_change          INTEGER NOT NULL CHECK (must_change IN (0, 1)),
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    locked_until         INTEGER,
    active               INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at           INTEGER NOT NULL,
    created_by           TEXT NOT NULL
);

CREATE TABLE password_history (
    operator_id    TEXT NOT NULL REFERENCES operator (id),
    password_hash  TEXT NOT NULL,
    changed_at     INTEGER NOT NULL
);
CREATE INDEX password_history_operator ON password_history (operator_id, changed_at);

-- Dual control: one administrator asks, a different one approves; an approval is used once.
CREATE TABLE approval (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    action        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    requested_by  TEXT NOT NULL REFERENCES operator (id),
    requested_at  INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('PENDING', 'APPROVED', 'REJECTED', 'USED')),
    decided_by    TEXT REFERENCES operator (id),
    decided_at    INTEGER,
    used_at       INTEGER,
    CHECK (decided_by IS NULL OR decided_by <> requested_by)
);

-- Card holders seen at this station (for offline identity checks). Personal fields are sealed;
-- id_number_index is a keyed blind index for exact lookups.
CREATE TABLE card_holder (
    card_id          TEXT PRIMARY KEY,
    card_number      TEXT NOT NULL,
    name_sealed      BLOB NOT NULL,
    id_number_sealed BLOB NOT NULL,
    id_number_index  BLOB NOT NULL,
    sex              TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX card_holder_id_number ON card_holder (id_number_index);
CREATE INDEX card_holder_card_number ON card_holder (card_number);
