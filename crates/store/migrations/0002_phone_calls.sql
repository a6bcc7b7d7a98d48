-- R14: a phone call activity's number, direction, outcome and quality (JSON, see
-- nextline_domain::phone_call::PhoneCallDetails). NULL for every other activity.
ALTER TABLE activities ADD COLUMN call TEXT;
-- Calls still going on (or left open by a crash) are found without a scan.
CREATE INDEX activities_calls_going_on ON activities(id)
    WHERE call IS NOT NULL AND json_extract(call, '$.endedAt') IS NULL;
