//! Rows ↔ domain types. Times are stored as milliseconds since the epoch.

use crate::error::{Result, StoreError};
use chrono::{DateTime, Utc};
use nextline_domain::*;
use std::str::FromStr;

pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn time(ms: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| StoreError::corrupt(format!("time {ms}")))
}

pub(crate) fn id<T: FromStr>(s: &str) -> Result<T> {
    s.parse()
        .map_err(|_| StoreError::corrupt(format!("id {s:?}")))
}

pub(crate) fn kind_rank(k: RecordKind) -> i64 {
    k as i64
}

pub(crate) fn type_rank(t: ActivityType) -> i64 {
    t as i64
}

#[derive(sqlx::FromRow)]
pub(crate) struct RecordRow {
    pub rowid: i64,
    pub id: String,
    pub kind: String,
    pub name: String,
    pub owner_id: String,
    pub sequence_id: Option<String>,
    pub score: i64,
    pub last_contacted: Option<i64>,
    pub contact: String,
    pub version: i64,
}

pub(crate) const RECORD_COLUMNS: &str =
    "rowid, id, kind, name, owner_id, sequence_id, score, last_contacted, contact, version";

impl RecordRow {
    pub fn into_record(self) -> Result<Record> {
        Ok(Record {
            id: id(&self.id)?,
            kind: RecordKind::parse(&self.kind)
                .ok_or_else(|| StoreError::corrupt(format!("record kind {}", self.kind)))?,
            name: self.name,
            contact: serde_json::from_str(&self.contact)?,
            owner: id(&self.owner_id)?,
            sequence: self.sequence_id.as_deref().map(id).transpose()?,
            score: u8::try_from(self.score).unwrap_or(u8::MAX),
            last_contacted: self.last_contacted.map(time).transpose()?,
            version: u32::try_from(self.version).unwrap_or(0),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ActivityRow {
    pub id: String,
    pub record_id: String,
    #[sqlx(rename = "type")]
    pub kind: String,
    pub subject: String,
    pub due: i64,
    pub starts_at: i64,
    pub state: String,
    pub assignee_kind: String,
    pub assignee_id: String,
    pub step_sequence: Option<String>,
    pub step_index: Option<i64>,
    pub join_url: Option<String>,
    pub snoozed_until: Option<i64>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    pub version: i64,
    pub call: Option<String>,
    pub email: Option<String>,
    pub text: Option<String>,
    pub meeting: Option<String>,
}

pub(crate) const ACTIVITY_COLUMNS: &str = "id, record_id, type, subject, due, starts_at, state, \
    assignee_kind, assignee_id, step_sequence, step_index, join_url, snoozed_until, created_at, \
    closed_at, closed_by, version, call, email, text, meeting";

impl ActivityRow {
    pub fn into_activity(self) -> Result<Activity> {
        let assignee = match self.assignee_kind.as_str() {
            "user" => Assignee::User(id(&self.assignee_id)?),
            "team" => Assignee::Team(id(&self.assignee_id)?),
            other => return Err(StoreError::corrupt(format!("assignee kind {other}"))),
        };
        let step = match (self.step_sequence, self.step_index) {
            (Some(s), Some(i)) => Some(StepRef {
                sequence: id(&s)?,
                index: u32::try_from(i).map_err(StoreError::corrupt)?,
            }),
            _ => None,
        };
        Ok(Activity {
            id: id(&self.id)?,
            record: id(&self.record_id)?,
            kind: ActivityType::parse(&self.kind)
                .ok_or_else(|| StoreError::corrupt(format!("activity type {}", self.kind)))?,
            subject: self.subject,
            due: time(self.due)?,
            starts_at: time(self.starts_at)?,
            state: ActivityState::parse(&self.state)
                .ok_or_else(|| StoreError::corrupt(format!("state {}", self.state)))?,
            assignee,
            step,
            join_url: self.join_url,
            snoozed_until: self.snoozed_until.map(time).transpose()?,
            created_at: time(self.created_at)?,
            closed_at: self.closed_at.map(time).transpose()?,
            closed_by: self.closed_by.as_deref().map(id).transpose()?,
            version: u32::try_from(self.version).unwrap_or(0),
            call: self.call.as_deref().map(serde_json::from_str).transpose()?,
            email: self
                .email
                .as_deref()
                .map(serde_json::from_str)
                .transpose()?,
            text: self.text.as_deref().map(serde_json::from_str).transpose()?,
            meeting: self
                .meeting
                .as_deref()
                .map(serde_json::from_str)
                .transpose()?,
        })
    }
}

pub(crate) fn assignee_parts(a: Assignee) -> (&'static str, String) {
    match a {
        Assignee::User(u) => ("user", u.to_string()),
        Assignee::Team(t) => ("team", t.to_string()),
    }
}

pub(crate) fn role_str(r: Option<SalesRole>) -> Option<&'static str> {
    r.map(SalesRole::as_str)
}

pub(crate) fn parse_role(s: Option<&str>) -> Result<Option<SalesRole>> {
    match s {
        None => Ok(None),
        Some("seller") => Ok(Some(SalesRole::Seller)),
        Some("salesManager") => Ok(Some(SalesRole::SalesManager)),
        Some(other) => Err(StoreError::corrupt(format!("role {other}"))),
    }
}
