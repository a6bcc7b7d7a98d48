//! Notes and the record's timeline (R8): what happened, who did it, when.

use crate::activity::{ActivityType, Assignee};
use crate::ids::{ActivityId, NoteId, RecordId, TimelineId, UserId};
use crate::phone_call::{CallDirection, CallOutcome};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: NoteId,
    pub record: RecordId,
    /// The activity the note was written on, if any.
    pub activity: Option<ActivityId>,
    pub author: UserId,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// What a timeline entry says happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum TimelineEvent {
    NoteAdded {
        note: NoteId,
        text: String,
    },
    Completed {
        activity: ActivityId,
        #[serde(rename = "activityType")]
        activity_type: ActivityType,
        subject: String,
    },
    Skipped {
        activity: ActivityId,
        #[serde(rename = "activityType")]
        activity_type: ActivityType,
        subject: String,
    },
    Cancelled {
        activity: ActivityId,
        #[serde(rename = "activityType")]
        activity_type: ActivityType,
        subject: String,
    },
    Snoozed {
        activity: ActivityId,
        subject: String,
        until: DateTime<Utc>,
    },
    Assigned {
        activity: ActivityId,
        subject: String,
        from: Assignee,
        to: Assignee,
    },
    OwnerChanged {
        from: UserId,
        to: UserId,
    },
    StepStarted {
        activity: ActivityId,
        #[serde(rename = "activityType")]
        activity_type: ActivityType,
        subject: String,
        #[serde(rename = "startsAt")]
        starts_at: DateTime<Utc>,
    },
    SequenceFinished,
    /// R14: a call was placed (or taken).
    CallPlaced {
        activity: ActivityId,
        direction: CallDirection,
        number: String,
        subject: String,
    },
    /// R14: the call ended.
    CallEnded {
        activity: ActivityId,
        outcome: CallOutcome,
        #[serde(rename = "durationSecs")]
        duration_secs: Option<u32>,
    },
    /// R17: an email will leave at `at`.
    EmailScheduled {
        activity: ActivityId,
        subject: String,
        at: DateTime<Utc>,
    },
    /// R15, R17: an email left.
    EmailSent {
        activity: ActivityId,
        subject: String,
        to: Vec<String>,
    },
    /// R19: a text message went to the customer.
    TextSent {
        activity: ActivityId,
        to: String,
        body: String,
    },
    /// R21: the customer texted back.
    TextReceived {
        activity: ActivityId,
        from: String,
        body: String,
    },
    /// R18: a meeting was set up.
    MeetingCreated {
        activity: ActivityId,
        subject: String,
        start: DateTime<Utc>,
    },
}

impl TimelineEvent {
    /// A short, stable name for filtering ("note", "completed", …).
    pub fn kind(&self) -> &'static str {
        match self {
            TimelineEvent::NoteAdded { .. } => "noteAdded",
            TimelineEvent::Completed { .. } => "completed",
            TimelineEvent::Skipped { .. } => "skipped",
            TimelineEvent::Cancelled { .. } => "cancelled",
            TimelineEvent::Snoozed { .. } => "snoozed",
            TimelineEvent::Assigned { .. } => "assigned",
            TimelineEvent::OwnerChanged { .. } => "ownerChanged",
            TimelineEvent::StepStarted { .. } => "stepStarted",
            TimelineEvent::SequenceFinished => "sequenceFinished",
            TimelineEvent::CallPlaced { .. } => "callPlaced",
            TimelineEvent::CallEnded { .. } => "callEnded",
            TimelineEvent::EmailScheduled { .. } => "emailScheduled",
            TimelineEvent::EmailSent { .. } => "emailSent",
            TimelineEvent::TextSent { .. } => "textSent",
            TimelineEvent::TextReceived { .. } => "textReceived",
            TimelineEvent::MeetingCreated { .. } => "meetingCreated",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    pub id: TimelineId,
    pub record: RecordId,
    pub at: DateTime<Utc>,
    pub author: UserId,
    pub event: TimelineEvent,
}
