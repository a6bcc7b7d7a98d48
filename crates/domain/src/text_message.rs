//! Text messages (R19–R21): each message sent or received is an activity on the record, so its
//! history belongs to the record and every seller on it sees it.

use crate::ids::ActivityId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A text longer than this is refused (Dynamics' msdyn_content holds 1,000 characters).
pub const MAX_TEXT_CHARS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TextDirection {
    Outgoing,
    Incoming,
}

/// Where a message is on its way, as the conversation pane shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TextState {
    /// Written, waiting for the transport (offline, or being sent).
    Sending,
    /// The provider took it.
    Sent,
    /// The provider says the phone got it.
    Delivered,
    /// It could not be sent; `failure` says why.
    Failed,
    /// The customer sent it.
    Received,
}

/// How a message travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TextTransport {
    /// SIP MESSAGE over the softphone's account.
    Sip,
    /// Twilio's Messages API.
    Twilio,
    /// Sent or received elsewhere — another seller's app, Dynamics' own text messages — and
    /// read from the org.
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextDetails {
    pub direction: TextDirection,
    /// E.164 of the sender: the seller's number going out, the customer's coming in.
    pub from: String,
    pub to: String,
    pub body: String,
    pub state: TextState,
    pub transport: TextTransport,
    /// The provider's id for the message (Twilio's SID), to follow its delivery.
    pub provider_id: Option<String>,
    pub failure: Option<String>,
    /// The Up Next step it was written for; sending completes that step.
    pub for_activity: Option<ActivityId>,
    pub at: DateTime<Utc>,
}

/// The subject a text message activity carries on the timeline: its first words.
pub fn text_subject(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 60 {
        flat
    } else {
        let cut: String = flat.chars().take(57).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_the_first_words() {
        assert_eq!(
            text_subject("  Hi Maria,\n see you at 10 "),
            "Hi Maria, see you at 10"
        );
        let long = "α".repeat(80);
        let s = text_subject(&long);
        assert_eq!(s.chars().count(), 58);
        assert!(s.ends_with('…'));
    }
}
