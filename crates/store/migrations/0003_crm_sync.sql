-- What the sync knows of Dynamics 365.

-- Each CRM row as last read or written: its ETag (the version a local change is based on) and
-- its columns (an opportunity's contact and account, a step's sequence target).
CREATE TABLE crm_rows (
    id         TEXT PRIMARY KEY,  -- the row's GUID (unique across tables)
    entity_set TEXT NOT NULL,     -- 'leads', 'phonecalls', …
    etag       TEXT,
    columns    TEXT NOT NULL      -- JSON
) STRICT;
CREATE INDEX crm_rows_by_set ON crm_rows(entity_set);

-- Where each table's sync continues: a page in progress, or the next delta.
CREATE TABLE crm_cursors (
    entity_set TEXT PRIMARY KEY,
    next_link  TEXT,
    delta_link TEXT,
    synced_at  INTEGER,
    missing    INTEGER NOT NULL DEFAULT 0 -- the org has no such table
) STRICT;

-- Outbox states: 'pending' (to send), 'done' (landed), 'failed' (refused: the seller sees why),
-- 'conflict' (someone else's change the rule could not settle: the seller decides).
ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
CREATE INDEX outbox_pending ON outbox(state, seq);
