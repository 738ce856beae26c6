-- A withdrawn item: a mapping that must no longer be used. The withdrawal is a change like any other (it takes the
-- institution's next catalog version, so stations pull it); the row stays, and publishing the item again offers it.
ALTER TABLE catalog_item ADD COLUMN withdrawn BOOLEAN NOT NULL DEFAULT false;

-- Each catalog version's publication, under an id of its own. A station keeps the id of the version it holds: a ledger
-- restored from a backup lacks that version or holds another publication under its number, and the station takes the
-- ledger's whole catalogue again.
CREATE TABLE catalog_publication (
    institution_code  TEXT NOT NULL REFERENCES institution (code),
    version           BIGINT NOT NULL,
    publication_id    UUID NOT NULL DEFAULT gen_random_uuid(),
    published_by      TEXT NOT NULL,
    published_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (institution_code, version)
);
INSERT INTO catalog_publication (institution_code, version, published_by)
SELECT code, v, 'migration' FROM institution, generate_series(1, catalog_version) AS v;

-- The catalog version each station last took (null until its first pull), for the publish screen.
ALTER TABLE station ADD COLUMN catalog_version BIGINT;
