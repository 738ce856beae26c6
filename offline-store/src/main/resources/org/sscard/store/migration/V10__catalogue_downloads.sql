-- The catalogue as 1312, 1318 and 1319 deliver it: the price caps (1318) and self-pay ratios (1319) as received, one
-- row per record (rid), every key pair kept; national_item's price_cap_fen and selfpay_ratio are combined from them
-- (Catalog). Each download's cursor is a typed row: the day it asks from, the next page of the run under way and
-- the newest updt_time stored in that run, written with each page.
CREATE TABLE price_cap (
    rid              TEXT PRIMARY KEY,
    hilist_code      TEXT NOT NULL,
    lmtpric_type     TEXT NOT NULL,    -- hilist_lmtpric_type
    overlmt_dspo_way TEXT NOT NULL,
    insu_admdvs      TEXT NOT NULL,
    begndate         TEXT NOT NULL,    -- yyyy-MM-dd
    enddate          TEXT,
    cap              TEXT NOT NULL,    -- hilist_pric_uplmt_amt exactly as received (up to 6 decimals)
    cap_fen          INTEGER NOT NULL, -- the cap in fen, rounded down
    valid            INTEGER NOT NULL CHECK (valid IN (0, 1)),
    updt_time        TEXT NOT NULL
);
CREATE INDEX price_cap_item ON price_cap (hilist_code);

CREATE TABLE selfpay_ratio (
    rid              TEXT PRIMARY KEY,
    hilist_code      TEXT NOT NULL,
    psn_type         TEXT NOT NULL,    -- selfpay_prop_psn_type
    prop_type        TEXT NOT NULL,    -- selfpay_prop_type
    insu_admdvs      TEXT NOT NULL,
    begndate         TEXT NOT NULL,
    enddate          TEXT,
    ratio            TEXT NOT NULL,    -- selfpay_prop, 0.00 to 1.00, at least two decimals
    ratio_bp         INTEGER NOT NULL, -- the same in basis points (1/10,000)
    valid            INTEGER NOT NULL CHECK (valid IN (0, 1)),
    updt_time        TEXT NOT NULL
);
CREATE INDEX selfpay_ratio_item ON selfpay_ratio (hilist_code);

CREATE TABLE catalog_download (
    infno      TEXT PRIMARY KEY CHECK (infno IN ('1312', '1318', '1319')),
    updt_time  TEXT NOT NULL,      -- the day asked from (rows changed on or after it)
    next_page  INTEGER NOT NULL,   -- 1 when no run is under way
    page_size  INTEGER NOT NULL,   -- of the run under way (its pages are numbered in it)
    newest     TEXT                -- the newest updt_time stored in the run under way
);

-- The items continue from the day the former 1312 reached; caps and ratios are downloaded from the start.
INSERT INTO catalog_download (infno, updt_time, next_page, page_size, newest)
SELECT '1312', substr(updated_through, 1, 10), 1, 500, NULL FROM catalog_state
WHERE id = 1 AND updated_through IS NOT NULL;
