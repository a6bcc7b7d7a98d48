//! What the window shows of the phone: the registration and the calls, as one snapshot the
//! shell sends after every change.

use chrono::{DateTime, Utc};
use nextline_domain::dialplan::ContactNumber;
use nextline_domain::{ActivityId, CallDirection, CallOutcome, CallQualityScore, RecordId};
use serde::Serialize;
use ts_rs::TS;

/// Whether the phone can make and take calls (always visible in the window).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum Registration {
    /// No SIP account in Settings yet.
    NotSetUp,
    /// Connecting to the SIP server and registering.
    Connecting,
    Registered,
    /// Not registered, and why, in words; the phone keeps trying.
    Failed {
        reason: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CallPhase {
    Dialing,
    Ringing,
    /// The far end plays its own tones or an announcement.
    EarlyMedia,
    /// Someone is calling the seller.
    Incoming,
    Connected,
    OnHold,
    Ended,
}

/// One call as the call panel shows it.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallInfo {
    /// The phone's handle of the call (for hang up, mute, hold, keypad).
    pub id: String,
    /// Its phone call activity (R14), once logged.
    pub activity: Option<ActivityId>,
    pub record: Option<RecordId>,
    /// The lead or opportunity's name, when the call belongs to one.
    pub record_name: Option<String>,
    /// The call activity's subject (the Up Next activity's name, R14), once logged.
    pub subject: Option<String>,
    /// Who: the contact's name, else the number.
    pub who: String,
    /// The number dialled (or the caller's number or SIP address), E.164.
    pub number: String,
    /// The number as people write it ("+30 21 0123 4567").
    pub number_display: String,
    pub direction: CallDirection,
    pub phase: CallPhase,
    pub muted: bool,
    /// When it was answered: the window counts the talk time from here.
    pub connected_at: Option<DateTime<Utc>>,
    pub quality: Option<CallQualityScore>,
    /// Once ended: how.
    pub outcome: Option<CallOutcome>,
    /// Once ended: the outcome in the seller's words ("Busy", "No answer", "The number does not
    /// exist (SIP 404)").
    pub outcome_text: Option<String>,
    /// R12: after a busy, unanswered or failed call to the business number, the mobile number
    /// one click away.
    pub next_number: Option<ContactNumber>,
    /// The DTMF digits sent so far.
    pub keys_sent: String,
}

/// The phone, as the window sees it.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhoneStatus {
    pub registration: Registration,
    /// `user@domain` of the account, when set up.
    pub account: Option<String>,
    /// Calls going on, then the last ended one (until dismissed or another starts).
    pub calls: Vec<CallInfo>,
    /// Numbers dialled lately, newest first (the dial pad's recent numbers).
    pub recent_numbers: Vec<String>,
    /// While a Test call runs: the microphone's level, 0–1000.
    pub test_call_level: Option<u32>,
    /// The chosen microphone or speaker stopped working (or is not plugged in).
    pub audio_notice: Option<AudioNotice>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AudioNotice {
    /// The call goes on through the system's default microphone and speaker.
    MovedToDefault,
    /// The system's devices stopped too: the seller must plug a headset in or pick one.
    DevicesGone,
}

impl Default for PhoneStatus {
    fn default() -> Self {
        PhoneStatus {
            registration: Registration::NotSetUp,
            account: None,
            calls: Vec::new(),
            recent_numbers: Vec::new(),
            test_call_level: None,
            audio_notice: None,
        }
    }
}
