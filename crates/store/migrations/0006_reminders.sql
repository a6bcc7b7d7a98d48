-- The activity clock (R7, R2, R18): each deadline told, once. A deadline is an activity's
-- instant of one kind; snoozing again makes a new instant, told again.
CREATE TABLE reminders_told (
    activity_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    told_at     INTEGER NOT NULL,
    PRIMARY KEY (activity_id, kind, at)
) STRICT;
