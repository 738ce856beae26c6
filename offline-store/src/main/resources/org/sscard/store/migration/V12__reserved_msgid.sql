-- The msgid reserved for a message before it is built (a deferred visit's step, a reversal, a reversal superseding
-- one of unknown outcome, an offline message submitted again), so a restart never creates a second one: one typed row
-- per purpose and subject instead of the station-state keys state.deferred.step.<ref>.<infno>,
-- state.forwarder.reversal.<omsgid>, state.forwarder.supersede.<msgid> and state.forwarder.resubmit.<msgid> (msgids in
-- clear), which are carried over here and removed. A msgid serves one subject per purpose; the REVERSAL row of an
-- original names the reversal that superseded the first one, so the same msgid is also a SUPERSEDE row's.
CREATE TABLE reserved_msgid (
    purpose     TEXT NOT NULL CHECK (purpose IN ('DEFERRED_STEP', 'REVERSAL', 'SUPERSEDE', 'RESUBMIT')),
    subject     TEXT NOT NULL,    -- DEFERRED_STEP: <ref>.<infno>; the others: the msgid of the message concerned
    msgid       TEXT NOT NULL,
    reserved_at INTEGER NOT NULL, -- epoch milliseconds
    PRIMARY KEY (purpose, subject),
    UNIQUE (purpose, msgid)
);

CREATE TEMP TABLE reserved_msgid_key (purpose TEXT NOT NULL, prefix TEXT NOT NULL);
INSERT INTO reserved_msgid_key VALUES ('DEFERRED_STEP', 'state.deferred.step.'), ('REVERSAL', 'state.forwarder.reversal.'),
    ('SUPERSEDE', 'state.forwarder.supersede.'), ('RESUBMIT', 'state.forwarder.resubmit.');

INSERT INTO reserved_msgid (purpose, subject, msgid, reserved_at)
SELECT k.purpose, substr(s.key, length(k.prefix) + 1), s.value, s.updated_at
FROM setting s JOIN reserved_msgid_key k ON substr(s.key, 1, length(k.prefix)) = k.prefix
WHERE length(s.key) > length(k.prefix);
DELETE FROM setting
WHERE EXISTS (SELECT 1 FROM reserved_msgid_key k
              WHERE substr(setting.key, 1, length(k.prefix)) = k.prefix AND length(setting.key) > length(k.prefix));
DROP TABLE reserved_msgid_key;
