-- central-sim schema, version 3: 医保码 (e-voucher QR codes) and the tokens they were decoded into (C201).
-- A code is issued for one person, expires after a few minutes and is used once; a token stands for that person
-- at the institution that decoded it until it expires (docs/central-sim.md).
CREATE TABLE ec_code (
  ec_qrcode TEXT PRIMARY KEY,
  psn_no TEXT NOT NULL REFERENCES person(psn_no),
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_msgid TEXT
);
CREATE TABLE ec_token (
  ec_token TEXT PRIMARY KEY,
  psn_no TEXT NOT NULL REFERENCES person(psn_no),
  fixmedins_code TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
