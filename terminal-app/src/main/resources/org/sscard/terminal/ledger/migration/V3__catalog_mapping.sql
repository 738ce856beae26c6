-- The hospital's own items and their mapping to national codes, kept once for every station of the institution.
-- Each change of an item takes the institution's next catalog version (one per publication, taken under the
-- institution row's lock, so versions become visible in order); a station pulls the items above the version it has.
ALTER TABLE institution ADD COLUMN catalog_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE catalog_item (
    institution_code  TEXT NOT NULL REFERENCES institution (code),
    local_code        TEXT NOT NULL,
    name              TEXT NOT NULL,
    price_fen         BIGINT NOT NULL CHECK (price_fen >= 0),
    national_code     TEXT,
    barcodes          TEXT[] NOT NULL,
    version           BIGINT NOT NULL,
    updated_by        TEXT NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (institution_code, local_code)
);
CREATE INDEX catalog_item_version ON catalog_item (institution_code, version);
