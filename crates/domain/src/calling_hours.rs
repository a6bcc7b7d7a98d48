//! Whether it is a good time to call: the contact's local time against the calling hours
//! (a hint for the work list and Up Next, never a block).

use crate::dialplan::normalise;
use crate::record::Contact;
use crate::settings::Settings;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LocalTime {
    /// "14:05", the contact's wall-clock time.
    pub time: String,
    pub time_zone: String,
    pub within_calling_hours: bool,
}

/// The main time zone of a country, for contacts with no time zone of their own. Countries
/// spanning several zones (US, CA, AU, RU, BR, MX) get their most populous one; set the
/// contact's time zone for precision.
pub fn country_time_zone(country: &str) -> Option<Tz> {
    use chrono_tz::*;
    Some(match country.to_ascii_uppercase().as_str() {
        "GR" => Europe::Athens,
        "CY" => Asia::Nicosia,
        "GB" | "UK" => Europe::London,
        "IE" => Europe::Dublin,
        "DE" => Europe::Berlin,
        "FR" => Europe::Paris,
        "IT" => Europe::Rome,
        "ES" => Europe::Madrid,
        "PT" => Europe::Lisbon,
        "NL" => Europe::Amsterdam,
        "BE" => Europe::Brussels,
        "AT" => Europe::Vienna,
        "CH" => Europe::Zurich,
        "SE" => Europe::Stockholm,
        "NO" => Europe::Oslo,
        "DK" => Europe::Copenhagen,
        "FI" => Europe::Helsinki,
        "PL" => Europe::Warsaw,
        "CZ" => Europe::Prague,
        "RO" => Europe::Bucharest,
        "BG" => Europe::Sofia,
        "TR" => Europe::Istanbul,
        "RU" => Europe::Moscow,
        "US" => America::New_York,
        "CA" => America::Toronto,
        "MX" => America::Mexico_City,
        "BR" => America::Sao_Paulo,
        "AU" => Australia::Sydney,
        "JP" => Asia::Tokyo,
        "CN" => Asia::Shanghai,
        "IN" => Asia::Kolkata,
        "AE" => Asia::Dubai,
        "IL" => Asia::Jerusalem,
        "SG" => Asia::Singapore,
        "ZA" => Africa::Johannesburg,
        _ => return None,
    })
}

/// The contact's time zone: their own, else their country's, else their phone number's region.
pub fn contact_time_zone(contact: &Contact, settings: &Settings) -> Option<Tz> {
    if let Some(tz) = contact.time_zone.as_deref().and_then(|t| t.parse().ok()) {
        return Some(tz);
    }
    if let Some(tz) = contact.country.as_deref().and_then(country_time_zone) {
        return Some(tz);
    }
    [
        contact.business_phone.as_deref(),
        contact.mobile_phone.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(|raw| normalise(raw, &settings.default_region).ok())
    .filter_map(|n| n.country().id())
    .find_map(|id| country_time_zone(&format!("{id:?}")))
}

/// The contact's local time now and whether it falls inside the calling hours.
pub fn local_time(contact: &Contact, settings: &Settings, now: DateTime<Utc>) -> Option<LocalTime> {
    let tz = contact_time_zone(contact, settings)?;
    let local = now.with_timezone(&tz);
    let hours = &settings.calling_hours;
    let t = local.time();
    let within = hours.includes_day(local.weekday()) && t >= hours.start && t < hours.end;
    Some(LocalTime {
        time: local.format("%H:%M").to_string(),
        time_zone: tz.name().to_string(),
        within_calling_hours: within,
    })
}
