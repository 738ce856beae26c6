-- central-sim schema, version 4: the files of 9101 (a detail file an institution uploads for 3202) and of 3202 (the
-- result file it downloads with 9102). Each belongs to one institution and may be used until dld_endtime
-- (docs/central-sim.md).
CREATE TABLE stored_file (
  file_qury_no TEXT PRIMARY KEY,
  fixmedins_code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('upload', 'result')),
  filename TEXT NOT NULL,
  content BLOB NOT NULL,
  stored_at TEXT NOT NULL,
  dld_endtime TEXT NOT NULL
);
