-- The funds of a settlement or cancel besides the pool fund, in fen (setlinfo's cvlserv_pay ... acct_mulaid_pay; each
-- column is the wire name with _fen). They are part of fund_fen (fund_pay_sumamt), not added to it.
-- NULL: the row came from a station of an earlier version, which sent none of them; it reads as zero, and takes the
-- amounts when a station of this version offers the record again.
ALTER TABLE settlement
    ADD COLUMN cvlserv_pay_fen      BIGINT,
    ADD COLUMN hifes_pay_fen        BIGINT,
    ADD COLUMN hifmi_pay_fen        BIGINT,
    ADD COLUMN hifob_pay_fen        BIGINT,
    ADD COLUMN maf_pay_fen          BIGINT,
    ADD COLUMN oth_pay_fen          BIGINT,
    ADD COLUMN hosp_part_amt_fen    BIGINT,
    ADD COLUMN acct_mulaid_pay_fen  BIGINT;
