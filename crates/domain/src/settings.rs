//! Administrator switches and the seller's preferences the rules depend on (R22, calling hours).

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Features the administrator can turn on or off (R22).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Feature {
    Sequences,
    EmailEngagement,
    TextMessages,
    Softphone,
}

impl Feature {
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Sequences => "sequences",
            Feature::EmailEngagement => "emailEngagement",
            Feature::TextMessages => "textMessages",
            Feature::Softphone => "softphone",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Features {
    pub sequences: bool,
    pub email_engagement: bool,
    pub text_messages: bool,
    pub softphone: bool,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            sequences: true,
            email_engagement: true,
            text_messages: true,
            softphone: true,
        }
    }
}

impl Features {
    pub fn is_on(&self, f: Feature) -> bool {
        match f {
            Feature::Sequences => self.sequences,
            Feature::EmailEngagement => self.email_engagement,
            Feature::TextMessages => self.text_messages,
            Feature::Softphone => self.softphone,
        }
    }
}

/// The hours in the contact's own time zone when a call is welcome (a hint, never a block).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallingHours {
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[ts(type = "string")]
    pub end: NaiveTime,
    /// Days of the week, Monday = 1 … Sunday = 7.
    pub days: Vec<u8>,
}

impl Default for CallingHours {
    fn default() -> Self {
        CallingHours {
            start: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            end: NaiveTime::from_hms_opt(18, 0, 0).expect("valid time"),
            days: vec![1, 2, 3, 4, 5],
        }
    }
}

impl CallingHours {
    pub fn includes_day(&self, day: Weekday) -> bool {
        self.days.contains(&(day.number_from_monday() as u8))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub features: Features,
    pub calling_hours: CallingHours,
    /// Region for phone numbers written without a country code (ISO 3166-1 alpha-2).
    pub default_region: String,
    /// The seller's own time zone: due buckets (today, tomorrow, …) follow it.
    pub time_zone: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            features: Features::default(),
            calling_hours: CallingHours::default(),
            default_region: "GR".into(),
            time_zone: "Europe/Athens".into(),
        }
    }
}

impl Settings {
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }
}
