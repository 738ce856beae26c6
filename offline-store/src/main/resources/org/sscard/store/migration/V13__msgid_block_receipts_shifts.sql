-- Three pieces of the station's bookkeeping as typed rows instead of station-state keys (all in clear), carried over
-- here and removed: the message-id block (state.link.last_msgid, "<first msgid of the block> <reserved until
-- yyyyMMddHHmmss>", or the last msgid alone as versions before blocks wrote it), the receipts waiting for a reprint
-- (state.receipt.unprinted, their keys one a line, oldest first) and each operator's last shift close
-- (state.shift.<operator>.closed_at, epoch millis).

-- The block of message ids this station issues from (terminal-app MsgIds): rewritten once per block.
CREATE TABLE msgid_block (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    first_msgid    TEXT NOT NULL,        -- the block's first id
    reserved_until TEXT NOT NULL         -- local time yyyyMMddHHmmss: the last second an id of the block may have
);

-- The receipts that did not print, waiting for a reprint or a skip; seq keeps the queue's order.
CREATE TABLE unprinted_receipt (
    seq         INTEGER PRIMARY KEY,
    receipt_key TEXT NOT NULL UNIQUE,    -- the settlement id, with /cancel for a cancellation slip
    queued_at   INTEGER NOT NULL         -- epoch millis
);

-- Each operator's last shift close: the operator's current shift starts there (or at midnight of the log-in, if later).
CREATE TABLE shift_close (
    operator_id TEXT PRIMARY KEY,
    closed_at   INTEGER NOT NULL         -- epoch millis
);

-- A value without a reservation is the last msgid alone: its own second (characters 13-26) is the reservation.
INSERT INTO msgid_block (id, first_msgid, reserved_until)
SELECT 1, CASE WHEN instr(value, ' ') > 0 THEN substr(value, 1, instr(value, ' ') - 1) ELSE value END,
       CASE WHEN instr(value, ' ') > 0 THEN substr(value, instr(value, ' ') + 1) ELSE substr(value, 13, 14) END
FROM setting
WHERE key = 'state.link.last_msgid';
DELETE FROM setting WHERE key = 'state.link.last_msgid';

WITH RECURSIVE line (n, receipt_key, rest, queued_at) AS (
    SELECT 0, NULL, value || char(10), updated_at FROM setting WHERE key = 'state.receipt.unprinted'
    UNION ALL
    SELECT n + 1, substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1), queued_at
    FROM line
    WHERE rest <> ''
)
INSERT OR IGNORE INTO unprinted_receipt (receipt_key, queued_at)
SELECT receipt_key, queued_at FROM line
WHERE trim(receipt_key, ' ' || char(9) || char(13)) <> ''
ORDER BY n;
DELETE FROM setting WHERE key = 'state.receipt.unprinted';

INSERT INTO shift_close (operator_id, closed_at)
SELECT substr(key, length('state.shift.') + 1, length(key) - length('state.shift.') - length('.closed_at')),
       CAST(value AS INTEGER)
FROM setting
WHERE key GLOB 'state.shift.?*.closed_at';
DELETE FROM setting WHERE key GLOB 'state.shift.?*.closed_at';
