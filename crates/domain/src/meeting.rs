//! Meetings (R18): an appointment on a record — when, where, who, what about, and for a Teams
//! meeting its join link.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest title or location Dynamics keeps (appointment.subject and .location: 200).
pub const MAX_MEETING_TEXT: usize = 200;

/// The longest meeting the app creates (a day).
pub const MAX_MEETING_MINUTES: u32 = 24 * 60;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingDetails {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub location: String,
    /// People invited: email addresses or names as the organiser wrote them.
    pub attendees: Vec<String>,
    pub description: String,
}
