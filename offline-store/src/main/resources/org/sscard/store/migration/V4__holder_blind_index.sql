-- Card holders without a card number or identification code in clear: the row is found through keyed blind
-- indexes (HMAC-SM3 under the DATA key) and both values are sealed. Rows of version 3 wait in card_holder_v3
-- until StationStore.open, which holds the data key, moves them here (computing the indexes) and drops it with
-- its indexes (on a connection with secure_delete, so the clear values' pages are zeroed).
ALTER TABLE card_holder RENAME TO card_holder_v3;

CREATE TABLE card_holder (
    card_index          BLOB PRIMARY KEY,
    card_number_index   BLOB NOT NULL,
    card_id_sealed      BLOB NOT NULL,
    card_number_sealed  BLOB NOT NULL,
    name_sealed         BLOB NOT NULL,
    id_number_sealed    BLOB NOT NULL,
    id_number_index     BLOB NOT NULL,
    sex                 TEXT NOT NULL,
    birth_date          TEXT NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX card_holder_by_id_number ON card_holder (id_number_index);
CREATE INDEX card_holder_by_card_number ON card_holder (card_number_index);
