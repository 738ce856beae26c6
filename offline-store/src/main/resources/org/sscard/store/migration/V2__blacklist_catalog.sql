-- Cards refused offline: lost, cancelled or blocked. Versioned as the central service publishes it.
CREATE TABLE blacklist_entry (
    card_id         TEXT PRIMARY KEY,
    card_number     TEXT,
    reason          TEXT NOT NULL,
    listed_version  INTEGER NOT NULL
);
CREATE INDEX blacklist_card_number ON blacklist_entry (card_number);

CREATE TABLE blacklist_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    synced_at  INTEGER
);
INSERT INTO blacklist_state (id, version, synced_at) VALUES (1, 0, NULL);

-- National insurance catalog (1312), cached.
CREATE TABLE national_item (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    name_initials    TEXT NOT NULL,
    item_class       TEXT NOT NULL CHECK (item_class IN ('01', '02', '03')),
    price_cap_fen    INTEGER,
    selfpay_ratio    TEXT NOT NULL,
    quantity_limit   INTEGER,
    updated_at       TEXT NOT NULL,
    catalog_version  INTEGER NOT NULL
);
CREATE INDEX national_item_initials ON national_item (name_initials);

-- The station's own items and their match to the national catalog.
CREATE TABLE local_item (
    local_code     TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_initials  TEXT NOT NULL,
    price_fen      INTEGER NOT NULL,
    national_code  TEXT REFERENCES national_item (code)
);
CREATE INDEX local_item_initials ON local_item (name_initials);
CREATE INDEX local_item_national ON local_item (national_code);

CREATE TABLE local_barcode (
    barcode     TEXT PRIMARY KEY,
    local_code  TEXT NOT NULL REFERENCES local_item (local_code) ON DELETE CASCADE
);

CREATE TABLE catalog_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    version        INTEGER NOT NULL,
    updated_through TEXT,
    synced_at      INTEGER
);
INSERT INTO catalog_state (id, version, updated_through, synced_at) VALUES (1, 0, NULL, NULL);
