//! Records: leads and opportunities, with the contact behind them (R1).

use crate::ids::{RecordId, SequenceId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RecordKind {
    Lead,
    Opportunity,
}

impl RecordKind {
    pub const ALL: [RecordKind; 2] = [RecordKind::Lead, RecordKind::Opportunity];
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Lead => "lead",
            RecordKind::Opportunity => "opportunity",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
}

/// The person a seller talks to about a record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub name: String,
    pub company: Option<String>,
    /// The business (work) phone, as entered in the CRM.
    pub business_phone: Option<String>,
    pub mobile_phone: Option<String>,
    pub email: Option<String>,
    pub do_not_phone: bool,
    pub do_not_email: bool,
    pub do_not_text: bool,
    /// ISO 3166-1 alpha-2 country code, e.g. "GR".
    pub country: Option<String>,
    /// IANA time zone, e.g. "Europe/Athens"; wins over the country when set.
    pub time_zone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub id: RecordId,
    pub kind: RecordKind,
    /// The topic of the lead or the name of the opportunity.
    pub name: String,
    pub contact: Contact,
    pub owner: UserId,
    /// The sequence this record is connected to, if any (R1).
    pub sequence: Option<SequenceId>,
    /// Lead or opportunity score, 0–100.
    pub score: u8,
    pub last_contacted: Option<DateTime<Utc>>,
    /// Bumped on every change; sync compares it with the CRM's version.
    pub version: u32,
}
