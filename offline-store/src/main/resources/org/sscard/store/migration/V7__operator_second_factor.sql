-- Operator administration and the second factor at log-in (RFC 6238 codes).
-- last_login_at: the last completed log-in (password and, where needed, the second factor).
ALTER TABLE operator ADD COLUMN last_login_at INTEGER;
-- The operator's TOTP secret sealed with the DATA key (associated data operator.totp_secret|<id>); NULL: not enrolled.
ALTER TABLE operator ADD COLUMN totp_secret BLOB;
ALTER TABLE operator ADD COLUMN totp_enrolled_at INTEGER;
-- The time step of the last code accepted: a code of that step or an earlier one is refused (no replay).
ALTER TABLE operator ADD COLUMN totp_last_step INTEGER;

-- Single-use recovery codes, kept only as a keyed hash (blind index with the DATA key).
CREATE TABLE operator_recovery_code (
    operator_id  TEXT NOT NULL REFERENCES operator (id),
    code_hash    BLOB NOT NULL,
    used_at      INTEGER,
    PRIMARY KEY (operator_id, code_hash)
);
