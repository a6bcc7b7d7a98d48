-- A full read of a table marks the rows it sees: what it did not see was deleted in the org
-- (while a delta token had expired) and goes from the cache too.
ALTER TABLE crm_rows ADD COLUMN seen INTEGER NOT NULL DEFAULT 1;
