//! A phone call as an activity (R14): who called whom, on which number, how it went.

use crate::ids::{ActivityId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CallDirection {
    /// The seller placed it (R14: always, for calls from the work list or Up Next).
    Outgoing,
    /// The contact called the seller.
    Incoming,
}

/// How a call ended, as the seller reads it on the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CallOutcome {
    /// Someone picked up; `duration_secs` on the call says how long they talked.
    Answered,
    /// The line was busy (SIP 486/600).
    Busy,
    /// Nobody picked up in time (SIP 408/480/487 after ringing).
    NoAnswer,
    /// The seller hung up before anyone answered.
    Cancelled,
    /// The seller turned an incoming call down.
    Declined,
    /// Anything else that stopped the call: the SIP code and its cause in words.
    Failed { code: u16, reason: String },
    /// The app stopped (crash, kill, power) while the call was going on.
    Interrupted,
}

impl CallOutcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            CallOutcome::Answered => "answered",
            CallOutcome::Busy => "busy",
            CallOutcome::NoAnswer => "noAnswer",
            CallOutcome::Cancelled => "cancelled",
            CallOutcome::Declined => "declined",
            CallOutcome::Failed { .. } => "failed",
            CallOutcome::Interrupted => "interrupted",
        }
    }

    /// Whether the next number of the dial plan is worth a try (R12: busy, unanswered, failed).
    pub fn try_next_number(&self) -> bool {
        matches!(
            self,
            CallOutcome::Busy | CallOutcome::NoAnswer | CallOutcome::Failed { .. }
        )
    }
}

/// The call's quality, measured from RTCP and stored with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallQualityScore {
    /// Mean opinion score × 100 (E-model estimate; 441 is as good as narrow-band gets).
    pub mos_x100: u16,
    /// Packets lost, per thousand.
    pub loss_permille: u16,
    pub jitter_ms: u16,
    pub round_trip_ms: u16,
}

/// What a phone call activity knows beyond any activity (R14).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhoneCallDetails {
    pub direction: CallDirection,
    /// Call from: the seller.
    pub from: UserId,
    /// Call to: the person called (for an incoming call, who called).
    pub to: String,
    /// The number dialled, E.164, or the SIP address.
    pub number: String,
    pub started_at: DateTime<Utc>,
    /// Set when the call ends; `None` while it goes on.
    pub ended_at: Option<DateTime<Utc>>,
    /// Time talked, from answer to hang-up.
    pub duration_secs: Option<u32>,
    pub outcome: Option<CallOutcome>,
    pub quality: Option<CallQualityScore>,
    /// The Up Next activity the call was made for; completing the call completes it (R14).
    pub for_activity: Option<ActivityId>,
    /// Which program placed it ("app" or "cli"): each closes its own calls left open by a crash.
    pub placed_by: String,
}

impl PhoneCallDetails {
    pub fn is_going_on(&self) -> bool {
        self.ended_at.is_none()
    }
}
