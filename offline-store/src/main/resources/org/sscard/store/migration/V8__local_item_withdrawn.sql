-- An item the hospital withdrew (its catalogue in the hospital ledger): kept, so the visits settled with it still read
-- with its name, but no longer offered at the counter. Epoch millis of the withdrawal; null while the item is offered.
ALTER TABLE local_item ADD COLUMN withdrawn_at INTEGER;
