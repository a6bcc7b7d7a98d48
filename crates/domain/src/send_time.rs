//! R17: Suggested send time — when the recipient is likely to read an email: the next
//! 8:00–17:00, Monday–Friday slot in their time zone (from the contact's own zone, country or
//! phone number's region).

use crate::calling_hours::contact_time_zone;
use crate::record::Contact;
use crate::settings::Settings;
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The reading day: 8:00 to 17:00, Monday to Friday.
pub const READING_DAY_START_HOUR: u32 = 8;
pub const READING_DAY_END_HOUR: u32 = 17;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SendTimeReason {
    /// It is their working day now: soon (the next quarter hour).
    WorkingHoursNow,
    /// Their working day is over (or not begun): the start of the next one.
    AfterHours,
    /// It is their weekend: Monday morning.
    Weekend,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SuggestedSendTime {
    pub at: DateTime<Utc>,
    /// The recipient's time zone, e.g. "Europe/Athens".
    pub time_zone: String,
    /// The suggested time on the recipient's clock, e.g. "Mon 08:00".
    pub local: String,
    /// The recipient's clock now, e.g. "Sat 21:40".
    pub local_now: String,
    pub reason: SendTimeReason,
}

fn is_weekday(d: Weekday) -> bool {
    !matches!(d, Weekday::Sat | Weekday::Sun)
}

/// The suggestion for `contact` at `now`; the seller's own zone when the contact's is unknown.
pub fn suggested_send_time(
    contact: &Contact,
    settings: &Settings,
    now: DateTime<Utc>,
) -> SuggestedSendTime {
    let tz = contact_time_zone(contact, settings).unwrap_or_else(|| settings.tz());
    let local = now.with_timezone(&tz);
    let start = NaiveTime::from_hms_opt(READING_DAY_START_HOUR, 0, 0).expect("valid time");
    let end = NaiveTime::from_hms_opt(READING_DAY_END_HOUR, 0, 0).expect("valid time");
    // The next quarter hour, when it is still inside today's reading day.
    let next_quarter = local
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .map(|t| t + Duration::minutes(i64::from(15 - local.minute() % 15)))
        .filter(|t| {
            is_weekday(local.weekday())
                && local.time() >= start
                && t.date_naive() == local.date_naive()
                && t.time() < end
        });
    let (at, reason) = match next_quarter {
        Some(t) => (t.with_timezone(&Utc), SendTimeReason::WorkingHoursNow),
        None => {
            let mut day = local.date_naive();
            if local.time() >= start || !is_weekday(local.weekday()) {
                day = day.succ_opt().unwrap_or(day);
            }
            while !is_weekday(day.weekday()) {
                day = day.succ_opt().unwrap_or(day);
            }
            let reason = if is_weekday(local.weekday()) {
                SendTimeReason::AfterHours
            } else {
                SendTimeReason::Weekend
            };
            (at_local(tz, day.and_time(start)), reason)
        }
    };
    SuggestedSendTime {
        at,
        time_zone: tz.name().to_string(),
        local: at.with_timezone(&tz).format("%a %H:%M").to_string(),
        local_now: local.format("%a %H:%M").to_string(),
        reason,
    }
}

/// A wall-clock time in `tz` as an instant; a time skipped by a clock change moves an hour on.
fn at_local(tz: Tz, t: chrono::NaiveDateTime) -> DateTime<Utc> {
    tz.from_local_datetime(&t)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(t + Duration::hours(1))).earliest())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn greek() -> Contact {
        Contact {
            country: Some("GR".into()),
            ..Contact::default()
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn inside_the_working_day_it_is_the_next_quarter_hour() {
        // Wed 2026-11-25 10:07 in Athens (UTC+2).
        let s = suggested_send_time(&greek(), &Settings::default(), utc("2026-11-25T08:07:00Z"));
        assert_eq!(s.at, utc("2026-11-25T08:15:00Z"));
        assert_eq!(s.reason, SendTimeReason::WorkingHoursNow);
        assert_eq!(s.time_zone, "Europe/Athens");
        assert_eq!(s.local, "Wed 10:15");
    }

    #[test]
    fn the_last_minutes_of_the_day_go_to_the_next_morning() {
        // Wed 16:48 in Athens: 17:00 is the end of the day, not a time to be read.
        let s = suggested_send_time(&greek(), &Settings::default(), utc("2026-11-25T14:48:00Z"));
        assert_eq!(s.at, utc("2026-11-26T06:00:00Z"));
        assert_eq!(s.reason, SendTimeReason::AfterHours);
        // 16:44: 16:45 is still inside.
        let s = suggested_send_time(&greek(), &Settings::default(), utc("2026-11-25T14:44:00Z"));
        assert_eq!(s.at, utc("2026-11-25T14:45:00Z"));
    }

    #[test]
    fn after_hours_it_is_tomorrow_at_eight_their_time() {
        // Wed 19:30 in Athens → Thu 08:00 Athens = 06:00 UTC.
        let s = suggested_send_time(&greek(), &Settings::default(), utc("2026-11-25T17:30:00Z"));
        assert_eq!(s.at, utc("2026-11-26T06:00:00Z"));
        assert_eq!(s.reason, SendTimeReason::AfterHours);
        assert_eq!(s.local_now, "Wed 19:30");
        // Before eight the same morning: today at eight.
        let s = suggested_send_time(&greek(), &Settings::default(), utc("2026-11-25T03:00:00Z"));
        assert_eq!(s.at, utc("2026-11-25T06:00:00Z"));
    }

    #[test]
    fn friday_evening_and_the_weekend_go_to_monday() {
        // Fri 2026-11-27 18:00 Athens.
        let s = suggested_send_time(&greek(), &Settings::default(), utc("2026-11-27T16:00:00Z"));
        assert_eq!(s.at, utc("2026-11-30T06:00:00Z"));
        assert_eq!(s.local, "Mon 08:00");
        // Sunday 11:00.
        let s = suggested_send_time(&greek(), &Settings::default(), utc("2026-11-29T09:00:00Z"));
        assert_eq!(s.at, utc("2026-11-30T06:00:00Z"));
        assert_eq!(s.reason, SendTimeReason::Weekend);
    }

    #[test]
    fn the_recipients_zone_not_the_sellers() {
        // 15:00 UTC Wednesday: 17:00 in Athens (over), 10:00 in New York (working).
        let us = Contact {
            business_phone: Some("+1 212 555 0100".into()),
            ..Contact::default()
        };
        let s = suggested_send_time(&us, &Settings::default(), utc("2026-11-25T15:00:00Z"));
        assert_eq!(s.time_zone, "America/New_York");
        assert_eq!(s.reason, SendTimeReason::WorkingHoursNow);
        assert_eq!(s.at, utc("2026-11-25T15:15:00Z"));
        let s = suggested_send_time(&greek(), &Settings::default(), utc("2026-11-25T15:00:00Z"));
        assert_eq!(s.reason, SendTimeReason::AfterHours);
    }

    #[test]
    fn an_unknown_zone_falls_back_to_the_sellers() {
        let s = suggested_send_time(
            &Contact::default(),
            &Settings::default(),
            utc("2026-11-25T17:30:00Z"),
        );
        assert_eq!(s.time_zone, "Europe/Athens");
    }
}
