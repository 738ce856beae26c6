-- The hospital ledger: what every station of an institution settled, replicated from each station's outbox.
-- Amounts in fen. Each row names its station; its natural key makes a re-delivered row a no-op.
CREATE TABLE institution (
    code  TEXT PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{12}$')
);

CREATE TABLE station (
    institution_code  TEXT NOT NULL REFERENCES institution (code),
    device_number     TEXT NOT NULL,
    first_seen_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (institution_code, device_number)
);

-- Settlements (2207, deferred visits settled on replay) and cancels (2208, negative amounts, orig_setl_id set).
CREATE TABLE settlement (
    institution_code  TEXT NOT NULL,
    setl_id           TEXT NOT NULL,
    device_number     TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('SETTLEMENT', 'CANCEL', 'DEFERRED')),
    orig_setl_id      TEXT,
    msgid             TEXT NOT NULL,
    mdtrt_id          TEXT,
    psn_no            TEXT,
    insutype          TEXT NOT NULL,
    med_type          TEXT,
    setl_time         TIMESTAMP NOT NULL,
    medfee_fen        BIGINT NOT NULL,
    fund_fen          BIGINT NOT NULL,
    acct_fen          BIGINT NOT NULL,
    cash_fen          BIGINT NOT NULL,
    operator_id       TEXT NOT NULL,
    replicated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (institution_code, setl_id),
    FOREIGN KEY (institution_code, device_number) REFERENCES station (institution_code, device_number),
    CHECK ((kind = 'CANCEL') = (orig_setl_id IS NOT NULL))
);
CREATE INDEX settlement_day ON settlement (institution_code, setl_time);
CREATE UNIQUE INDEX settlement_msgid ON settlement (institution_code, msgid);

-- Pharmacy offline debits (C110) the central service accepted: paid from the personal account.
CREATE TABLE offline_debit (
    institution_code  TEXT NOT NULL,
    debit_id          TEXT NOT NULL,
    device_number     TEXT NOT NULL,
    msgid             TEXT NOT NULL,
    psn_no            TEXT,
    insutype          TEXT NOT NULL,
    txn_time          TIMESTAMP NOT NULL,
    amount_fen        BIGINT NOT NULL CHECK (amount_fen > 0),
    operator_id       TEXT NOT NULL,
    replicated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (institution_code, debit_id),
    FOREIGN KEY (institution_code, device_number) REFERENCES station (institution_code, device_number)
);
CREATE INDEX offline_debit_day ON offline_debit (institution_code, txn_time);
