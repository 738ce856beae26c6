-- The catalogue as 1312, 1318 and 1319 publish it: one record per item (1312), per price cap (1318) and per
-- self-pay ratio (1319), each with its rid, period and validity; catalog keeps what the settlement policy applies.
CREATE TABLE catalog_record (
  rid TEXT PRIMARY KEY,
  infno TEXT NOT NULL,
  hilist_code TEXT NOT NULL REFERENCES catalog(hilist_code),
  key1 TEXT,
  key2 TEXT,
  insu_admdvs TEXT NOT NULL,
  begndate TEXT NOT NULL,
  enddate TEXT,
  value TEXT,
  vali_flag TEXT NOT NULL,
  updt_time TEXT NOT NULL,
  crte_time TEXT NOT NULL
);
CREATE INDEX catalog_record_item ON catalog_record(infno, hilist_code);
-- Every change of a record, in the order made: a query's rows are ordered by their first change on or after its
-- updt_time, so rows changed between two pages keep their places and new ones come last.
CREATE TABLE catalog_change (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  rid TEXT NOT NULL REFERENCES catalog_record(rid),
  updt_time TEXT NOT NULL
);
CREATE INDEX catalog_change_at ON catalog_change(updt_time, rid);
-- updt_time is a date (D) in the interface
UPDATE catalog SET updt_time = substr(updt_time, 1, 10);
