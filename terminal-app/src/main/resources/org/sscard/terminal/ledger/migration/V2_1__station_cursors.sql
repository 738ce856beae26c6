-- How far each station's books are in the ledger: its outbox id and audit seq up to which everything is committed
-- here, raised in the same transaction as the rows. A ledger restored from a backup holds the cursors of the backup,
-- so a station whose own cursor is further knows the ledger lost rows and offers them again from there.
ALTER TABLE station ADD COLUMN outbox_cursor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE station ADD COLUMN audit_cursor BIGINT NOT NULL DEFAULT 0;
