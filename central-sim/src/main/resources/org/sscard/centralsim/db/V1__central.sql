-- central-sim schema, version 1. Money in integer fen; times as text yyyy-MM-dd HH:mm:ss.
CREATE TABLE institution (
  fixmedins_code TEXT PRIMARY KEY,
  level INTEGER NOT NULL CHECK (level IN (1, 2, 3))
);
CREATE TABLE enrol_code (
  code_hash TEXT PRIMARY KEY,
  dev_no TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE TABLE device (
  dev_no TEXT PRIMARY KEY,
  fixmedins_code TEXT NOT NULL,
  public_key_der BLOB NOT NULL,
  enrolled_at TEXT NOT NULL
);
CREATE TABLE sign_in (
  sign_no TEXT PRIMARY KEY,
  dev_no TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL,
  opter_no TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE counter (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
CREATE TABLE person (
  psn_no TEXT PRIMARY KEY,
  certno TEXT NOT NULL UNIQUE,
  psn_name TEXT NOT NULL,
  gend TEXT NOT NULL,
  brdy TEXT NOT NULL,
  insutype TEXT NOT NULL,
  psn_type TEXT NOT NULL,
  insuplc_admdvs TEXT NOT NULL,
  psn_insu_stas TEXT NOT NULL,
  balance_fen INTEGER NOT NULL CHECK (balance_fen >= 0)
);
CREATE TABLE person_year (
  psn_no TEXT NOT NULL REFERENCES person(psn_no),
  year INTEGER NOT NULL,
  deductible_fen INTEGER NOT NULL CHECK (deductible_fen >= 0),
  pool_paid_fen INTEGER NOT NULL CHECK (pool_paid_fen >= 0),
  PRIMARY KEY (psn_no, year)
);
CREATE TABLE card (
  card_no TEXT PRIMARY KEY,
  card_sn TEXT NOT NULL UNIQUE,
  psn_no TEXT NOT NULL REFERENCES person(psn_no),
  card_alg TEXT NOT NULL,
  issue_date TEXT NOT NULL,
  expy_date TEXT NOT NULL,
  spec_ver TEXT NOT NULL,
  card_stas TEXT NOT NULL,
  stas_time TEXT NOT NULL
);
CREATE TABLE blacklist (
  ver INTEGER PRIMARY KEY AUTOINCREMENT,
  card_sn TEXT NOT NULL,
  card_no TEXT NOT NULL,
  card_stas TEXT NOT NULL,
  chg_time TEXT NOT NULL
);
CREATE TABLE pin_reset_auth (
  auth_no TEXT PRIMARY KEY,
  card_no TEXT NOT NULL,
  expy_time TEXT NOT NULL
);
CREATE TABLE catalog (
  hilist_code TEXT PRIMARY KEY,
  hilist_name TEXT NOT NULL,
  chrgitm_lv TEXT NOT NULL,
  price_cap_fen INTEGER,
  selfpay_bp INTEGER NOT NULL,
  lmt_used_flag TEXT NOT NULL,
  updt_time TEXT NOT NULL
);
CREATE INDEX catalog_updt ON catalog(updt_time, hilist_code);
CREATE TABLE visit (
  mdtrt_id TEXT PRIMARY KEY,
  psn_no TEXT NOT NULL REFERENCES person(psn_no),
  insutype TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL,
  ipt_otp_no TEXT NOT NULL,
  begntime TEXT NOT NULL,
  cancelled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE fee (
  mdtrt_id TEXT NOT NULL REFERENCES visit(mdtrt_id),
  chrg_bchno TEXT NOT NULL,
  feedetl_sn TEXT NOT NULL,
  med_list_codg TEXT NOT NULL,
  pric_fen INTEGER NOT NULL,
  cnt INTEGER NOT NULL,
  chrgitm_lv TEXT NOT NULL,
  price_cap_fen INTEGER,
  selfpay_bp INTEGER NOT NULL,
  upload_msgid TEXT NOT NULL,
  setl_id TEXT,
  PRIMARY KEY (mdtrt_id, chrg_bchno, feedetl_sn)
);
CREATE TABLE settlement (
  setl_id TEXT PRIMARY KEY,
  msgid TEXT NOT NULL,
  orig_setl_id TEXT,
  cancelled_by TEXT,
  reversed INTEGER NOT NULL DEFAULT 0,
  mdtrt_id TEXT NOT NULL,
  chrg_bchno TEXT NOT NULL,
  psn_no TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL,
  insutype TEXT NOT NULL,
  med_type TEXT NOT NULL,
  year INTEGER NOT NULL,
  setl_time TEXT NOT NULL,
  medfee_fen INTEGER NOT NULL,
  fulamt_fen INTEGER NOT NULL,
  overlmt_fen INTEGER NOT NULL,
  preselfpay_fen INTEGER NOT NULL,
  inscp_fen INTEGER NOT NULL,
  dedc_fen INTEGER NOT NULL,
  hifp_fen INTEGER NOT NULL,
  pool_self_fen INTEGER NOT NULL,
  fund_fen INTEGER NOT NULL,
  psn_part_fen INTEGER NOT NULL,
  acct_fen INTEGER NOT NULL,
  cash_fen INTEGER NOT NULL,
  balc_fen INTEGER NOT NULL
);
CREATE INDEX settlement_recon ON settlement(fixmedins_code, setl_time);
CREATE TABLE message (
  msgid TEXT PRIMARY KEY,
  infno TEXT NOT NULL,
  dev_no TEXT NOT NULL,
  content_hash BLOB NOT NULL,
  response BLOB NOT NULL,
  effect TEXT,
  received_at TEXT NOT NULL
);
CREATE TABLE reversal (
  omsgid TEXT PRIMARY KEY,
  oinfno TEXT NOT NULL,
  took_effect TEXT NOT NULL,
  reversal_msgid TEXT NOT NULL
);
CREATE TABLE offline_debit (
  term_id TEXT NOT NULL,
  term_seq INTEGER NOT NULL,
  card_no TEXT NOT NULL,
  offline_seq INTEGER NOT NULL,
  txn_time TEXT NOT NULL,
  amt_fen INTEGER NOT NULL,
  balc_after_fen INTEGER NOT NULL,
  tac TEXT NOT NULL,
  msgid TEXT NOT NULL,
  PRIMARY KEY (term_id, term_seq)
);
CREATE UNIQUE INDEX offline_debit_card_seq ON offline_debit(card_no, offline_seq);
