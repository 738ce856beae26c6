-- central-sim schema, version 2: station numbers, and who sent each message for whom.
-- A station number is unique within its institution and never given to another device (docs/settlement-protocol.md §8).
CREATE TABLE station (
  fixmedins_code TEXT NOT NULL,
  station_no INTEGER NOT NULL CHECK (station_no BETWEEN 1 AND 999),
  dev_no TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (fixmedins_code, station_no),
  UNIQUE (fixmedins_code, dev_no)
);
-- The person a message was about (psn_no of its input), so that 2601 can be bound to it.
ALTER TABLE message ADD COLUMN psn_no TEXT;
-- A reversal binds only messages of the device that sent it: keyed by (omsgid, dev_no).
CREATE TABLE reversal_v2 (
  omsgid TEXT NOT NULL,
  dev_no TEXT NOT NULL,
  oinfno TEXT NOT NULL,
  took_effect TEXT NOT NULL,
  reversal_msgid TEXT NOT NULL,
  PRIMARY KEY (omsgid, dev_no)
);
INSERT INTO reversal_v2(omsgid, dev_no, oinfno, took_effect, reversal_msgid)
  SELECT r.omsgid, COALESCE(m.dev_no, ''), r.oinfno, r.took_effect, r.reversal_msgid
  FROM reversal r LEFT JOIN message m ON m.msgid = r.reversal_msgid;
DROP TABLE reversal;
ALTER TABLE reversal_v2 RENAME TO reversal;
