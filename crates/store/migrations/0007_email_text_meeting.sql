-- R15–R21: an email's recipients, body and send time; a text message's numbers, body and
-- delivery; a meeting's time, place and attendees (JSON, see nextline_domain::{email,
-- text_message, meeting}). NULL for every other activity.
ALTER TABLE activities ADD COLUMN email TEXT;
ALTER TABLE activities ADD COLUMN text TEXT;
ALTER TABLE activities ADD COLUMN meeting TEXT;
-- Emails waiting to leave, found without a scan (the activity clock asks every tick).
CREATE INDEX activities_pending_emails ON activities(due) WHERE state = 'pending' AND type = 'email';
-- A record's conversation (R21), in order.
CREATE INDEX activities_texts ON activities(record_id, created_at) WHERE type = 'textMessage';
-- R16: the composer's unsent email, one per record, saved as the seller types.
CREATE TABLE email_drafts (
    record_id TEXT PRIMARY KEY,
    draft     TEXT NOT NULL,
    saved_at  INTEGER NOT NULL
) STRICT;
-- R17: an email being handed to the SMTP server, claimed in one transaction so that the app
-- and the CLI never both send it. A claim older than a few minutes without `sent_at` is a crash
-- mid-send: the email is tried again with the same Message-ID. Once the server took it,
-- `sent_at` is set and it is never sent again, even if recording that on the activity failed.
CREATE TABLE email_sending (
    activity_id TEXT PRIMARY KEY,
    claimed_at  INTEGER NOT NULL,
    sent_at     INTEGER
) STRICT;
