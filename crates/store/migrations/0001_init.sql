-- Nextline's local cache. Times are milliseconds since the Unix epoch, UTC.
-- Ids are lower-case hyphenated UUIDs.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL -- JSON
) STRICT;

CREATE TABLE users (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL,
    role  TEXT,          -- 'seller' | 'salesManager' | NULL (no sales role)
    phone TEXT
) STRICT;

CREATE TABLE teams (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
) STRICT;

CREATE TABLE sequences (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    steps TEXT NOT NULL -- JSON array of steps
) STRICT;

CREATE TABLE records (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('lead', 'opportunity')),
    name           TEXT NOT NULL,
    owner_id       TEXT NOT NULL REFERENCES users(id),
    sequence_id    TEXT REFERENCES sequences(id),
    score          INTEGER NOT NULL,
    last_contacted INTEGER,
    contact        TEXT NOT NULL, -- JSON
    version        INTEGER NOT NULL
) STRICT;

CREATE TABLE activities (
    id            TEXT PRIMARY KEY,
    record_id     TEXT NOT NULL REFERENCES records(id),
    type          TEXT NOT NULL,
    subject       TEXT NOT NULL,
    due           INTEGER NOT NULL,
    starts_at     INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('open', 'completed', 'skipped', 'cancelled', 'pending')),
    assignee_kind TEXT NOT NULL CHECK (assignee_kind IN ('user', 'team')),
    assignee_id   TEXT NOT NULL,
    step_sequence TEXT,
    step_index    INTEGER,
    join_url      TEXT,
    snoozed_until INTEGER,
    created_at    INTEGER NOT NULL,
    closed_at     INTEGER,
    closed_by     TEXT,
    version       INTEGER NOT NULL
) STRICT;
CREATE INDEX activities_by_record ON activities(record_id);
-- R2, enforced by the database too: at most one open sequence step per record.
CREATE UNIQUE INDEX one_open_step_per_record ON activities(record_id)
    WHERE step_index IS NOT NULL AND state = 'open';

CREATE TABLE notes (
    id          TEXT PRIMARY KEY,
    record_id   TEXT NOT NULL REFERENCES records(id),
    activity_id TEXT REFERENCES activities(id),
    author_id   TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX notes_by_record ON notes(record_id);

CREATE TABLE timeline (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    record_id TEXT NOT NULL REFERENCES records(id),
    at        INTEGER NOT NULL,
    author_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    event     TEXT NOT NULL -- JSON
) STRICT;
CREATE INDEX timeline_by_record ON timeline(record_id, at);

-- Every local change, in order, for the sync to write to the CRM exactly once.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE, -- client-generated, stable across retries
    entity     TEXT NOT NULL,        -- 'record' | 'activity' | 'note'
    entity_id  TEXT NOT NULL,
    operation  TEXT NOT NULL,        -- 'create' | 'update'
    payload    TEXT NOT NULL,        -- JSON: the entity as changed, with its base version
    created_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    state      TEXT NOT NULL DEFAULT 'pending'
) STRICT;

-- The work list index (R3): for each seller and record, the record's next activity for that
-- seller, with everything the list filters and sorts on. Rebuilt for a record in the same
-- transaction as any change to it.
CREATE TABLE work_items (
    user_id        TEXT NOT NULL,
    record_rowid   INTEGER NOT NULL,
    record_id      TEXT NOT NULL,
    activity_id    TEXT NOT NULL,
    activity_type  INTEGER NOT NULL, -- rank in ActivityType order
    due            INTEGER NOT NULL,
    record_kind    INTEGER NOT NULL, -- 0 lead, 1 opportunity
    owner_id       TEXT NOT NULL,
    name_key       TEXT NOT NULL,    -- folded name (case and accents removed)
    score          INTEGER NOT NULL,
    last_contacted INTEGER NOT NULL, -- 0 when never
    PRIMARY KEY (user_id, record_rowid)
) STRICT, WITHOUT ROWID;
CREATE INDEX work_items_by_record ON work_items(record_rowid);
CREATE INDEX work_items_due ON work_items(user_id, due, record_id);
CREATE INDEX work_items_name ON work_items(user_id, name_key, record_id);
CREATE INDEX work_items_score ON work_items(user_id, score, record_id);
CREATE INDEX work_items_kind ON work_items(user_id, record_kind, record_id);
CREATE INDEX work_items_contacted ON work_items(user_id, last_contacted, record_id);

-- Search (R3): the folded words and phone digits of each record; rowid = records.rowid.
CREATE VIRTUAL TABLE record_search USING fts5(
    tokens, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
