-- The station's own record of what it sent, by transaction and time (reconciliation, reports, the open visits
-- list, deferred visits' cancels): without it each such look-up read the whole outbox.
CREATE INDEX outbox_infno_created ON outbox (infno, created_at);
