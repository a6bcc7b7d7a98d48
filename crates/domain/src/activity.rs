//! Activities: the things a seller does (R1, R4–R9).

use crate::email::EmailDetails;
use crate::ids::{ActivityId, RecordId, SequenceId, TeamId, UserId};
use crate::meeting::MeetingDetails;
use crate::phone_call::PhoneCallDetails;
use crate::text_message::TextDetails;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ActivityType {
    PhoneCall,
    Email,
    Meeting,
    TextMessage,
    Task,
}

impl ActivityType {
    pub const ALL: [ActivityType; 5] = [
        ActivityType::PhoneCall,
        ActivityType::Email,
        ActivityType::Meeting,
        ActivityType::TextMessage,
        ActivityType::Task,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityType::PhoneCall => "phoneCall",
            ActivityType::Email => "email",
            ActivityType::Meeting => "meeting",
            ActivityType::TextMessage => "textMessage",
            ActivityType::Task => "task",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.replace(['-', '_'], "");
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(&s))
            .or(match s.to_ascii_lowercase().as_str() {
                "call" | "phone" => Some(ActivityType::PhoneCall),
                "text" | "sms" => Some(ActivityType::TextMessage),
                "appointment" => Some(ActivityType::Meeting),
                _ => None,
            })
    }
    /// Whether doing this activity counts as contacting the customer ("last contacted").
    pub fn contacts_customer(self) -> bool {
        !matches!(self, ActivityType::Task)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ActivityState {
    Open,
    Completed,
    Skipped,
    Cancelled,
    /// Closed by the seller but waiting to happen (a scheduled email, R17).
    Pending,
}

impl ActivityState {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityState::Open => "open",
            ActivityState::Completed => "completed",
            ActivityState::Skipped => "skipped",
            ActivityState::Cancelled => "cancelled",
            ActivityState::Pending => "pending",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            ActivityState::Open,
            ActivityState::Completed,
            ActivityState::Skipped,
            ActivityState::Cancelled,
            ActivityState::Pending,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// Who an activity is assigned to (R9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum Assignee {
    User(UserId),
    Team(TeamId),
}

/// The sequence step an activity was created for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepRef {
    pub sequence: SequenceId,
    pub index: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub id: ActivityId,
    pub record: RecordId,
    #[serde(rename = "type")]
    pub kind: ActivityType,
    pub subject: String,
    /// When it must be done by. Snoozing moves it (R7).
    pub due: DateTime<Utc>,
    /// A step behind a wait may not start before this instant (R2).
    pub starts_at: DateTime<Utc>,
    pub state: ActivityState,
    pub assignee: Assignee,
    /// The sequence step it belongs to; `None` for a manual activity (R1).
    pub step: Option<StepRef>,
    /// Teams (or other online meeting) join link, for meetings (R18).
    pub join_url: Option<String>,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<UserId>,
    /// Bumped on every change.
    pub version: u32,
    /// For a phone call placed or taken in Nextline: number, direction, outcome (R14).
    #[serde(default)]
    pub call: Option<PhoneCallDetails>,
    /// For an email written in Nextline: recipients, body, when it goes (R15–R17).
    #[serde(default)]
    pub email: Option<EmailDetails>,
    /// For a text message: who, what, delivery state (R19–R21).
    #[serde(default)]
    pub text: Option<TextDetails>,
    /// For a meeting: when, where, who, what about (R18).
    #[serde(default)]
    pub meeting: Option<MeetingDetails>,
}

impl Activity {
    pub fn is_open(&self) -> bool {
        self.state == ActivityState::Open
    }
    /// Open and past any wait in front of it (R2).
    pub fn is_startable(&self, now: DateTime<Utc>) -> bool {
        self.is_open() && self.starts_at <= now
    }
    pub fn is_teams_meeting(&self) -> bool {
        self.kind == ActivityType::Meeting && self.join_url.as_deref().is_some_and(is_teams_link)
    }
}

/// Links Nextline treats as Teams meetings (R18).
pub fn is_teams_link(url: &str) -> bool {
    url.starts_with("https://teams.microsoft.com/") || url.starts_with("msteams:")
}
