//! The activity clock's rules (R7, R2, R18): which deadlines come due, what the seller is told
//! and when. Deadlines are absolute UTC instants, so a time-zone or DST change never moves
//! them; only the words ("due 15:00") follow the seller's zone. Deadlines that came due on
//! time are told one by one; those missed while the machine slept or the app was closed are
//! caught up together ("3 snoozed activities are due"). Quiet hours and do-not-disturb hold
//! notifications back until they end. Pure: the app core passes in "now" and the deadlines.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::ActivityType;
use crate::ids::{ActivityId, RecordId};
use crate::lang::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DeadlineKind {
    /// A snoozed activity's new due time (R7).
    SnoozeDue,
    /// A meeting starts soon (R18; the lead time is a setting).
    MeetingSoon,
    /// A wait step is over: the step behind it becomes active (R2). Refreshes the window; no
    /// notification.
    WaitOver,
}

impl DeadlineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::SnoozeDue => "snoozeDue",
            DeadlineKind::MeetingSoon => "meetingSoon",
            DeadlineKind::WaitOver => "waitOver",
        }
    }

    pub fn notifies(self) -> bool {
        self != DeadlineKind::WaitOver
    }
}

/// One deadline of one activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// When it comes due.
    pub at: DateTime<Utc>,
    pub activity: ActivityId,
    pub activity_type: ActivityType,
    pub subject: String,
    pub record: RecordId,
    pub record_name: String,
    /// When the activity itself is due (a meeting's start).
    pub due: DateTime<Utc>,
}

/// How late a deadline may be told and still count as on time: later than this, it was
/// missed (the machine slept, the app was closed) and is caught up.
pub const ON_TIME: Duration = Duration::minutes(2);
/// At most this many notifications at once; more are told as one.
pub const MAX_SINGLE: usize = 3;

/// The seller's quiet hours, in their own time zone (e.g. 20:00–08:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[ts(type = "string")]
    pub end: NaiveTime,
}

/// The seller's notification preferences.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotifyPrefs {
    pub quiet_hours: Option<QuietHours>,
    /// Do not disturb until this instant (the tray's "for 1 hour" / "until tomorrow").
    #[ts(type = "string | null")]
    pub dnd_until: Option<DateTime<Utc>>,
    /// Minutes before a meeting to remind (15 unless the seller changes it).
    pub meeting_lead_minutes: Option<u32>,
}

impl NotifyPrefs {
    pub fn meeting_lead(&self) -> Duration {
        Duration::minutes(i64::from(self.meeting_lead_minutes.unwrap_or(15)))
    }
}

/// When the quiet ends, if `now` is quiet: do-not-disturb, quiet hours, or the OS's own
/// do-not-disturb (`os_quiet`, where it can be read; it ends when the OS says so).
pub fn quiet_until(
    now: DateTime<Utc>,
    tz: Tz,
    prefs: &NotifyPrefs,
    os_quiet: bool,
) -> Option<DateTime<Utc>> {
    let mut until = prefs.dnd_until.filter(|u| *u > now);
    if let Some(q) = prefs.quiet_hours
        && let Some(end) = quiet_hours_end(now, tz, q)
    {
        until = Some(until.map_or(end, |u| u.max(end)));
    }
    if os_quiet && until.is_none() {
        // Look again in a minute.
        until = Some(now + Duration::minutes(1));
    }
    until
}

/// The end of the quiet hours `now` is in, or `None` outside them.
fn quiet_hours_end(now: DateTime<Utc>, tz: Tz, q: QuietHours) -> Option<DateTime<Utc>> {
    if q.start == q.end {
        return None;
    }
    let local = now.with_timezone(&tz);
    let t = local.time();
    let today = local.date_naive();
    let inside = if q.start < q.end {
        t >= q.start && t < q.end
    } else {
        t >= q.start || t < q.end
    };
    if !inside {
        return None;
    }
    let end_day = if q.start > q.end && t >= q.start {
        today.succ_opt()?
    } else {
        today
    };
    // A local time the DST change skips ends the quiet at the first instant after the gap.
    let naive = end_day.and_time(q.end);
    let end = tz.from_local_datetime(&naive).earliest().or_else(|| {
        tz.from_local_datetime(&(naive + Duration::hours(1)))
            .earliest()
    })?;
    Some(end.with_timezone(&Utc))
}

/// What the seller is told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub title: String,
    pub body: String,
    /// The record clicking opens (the first one's, for a group).
    pub record: RecordId,
    /// The one activity told, for the Call / Snooze / Mark complete buttons; `None` for a group.
    pub activity: Option<ActivityId>,
    pub activity_type: Option<ActivityType>,
}

fn local_time(t: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> String {
    let lt = t.with_timezone(&tz);
    if lt.date_naive() == now.with_timezone(&tz).date_naive() {
        lt.format("%H:%M").to_string()
    } else {
        lt.format("%d/%m %H:%M").to_string()
    }
}

fn single(d: &Deadline, now: DateTime<Utc>, tz: Tz, lang: Lang) -> Reminder {
    let when = local_time(d.due, now, tz);
    let body = match (d.kind, lang) {
        (DeadlineKind::MeetingSoon, Lang::En) => format!("{} · starts at {when}", d.record_name),
        (DeadlineKind::MeetingSoon, Lang::El) => format!("{} · ξεκινά στις {when}", d.record_name),
        (_, Lang::En) => format!("{} · due {when}", d.record_name),
        (_, Lang::El) => format!("{} · προθεσμία {when}", d.record_name),
    };
    Reminder {
        title: d.subject.clone(),
        body,
        record: d.record,
        activity: Some(d.activity),
        activity_type: Some(d.activity_type),
    }
}

fn group(ds: &[&Deadline], lang: Lang) -> Reminder {
    let n = ds.len();
    let meetings = ds.iter().all(|d| d.kind == DeadlineKind::MeetingSoon);
    let title = match (meetings, lang) {
        (true, Lang::En) => format!("{n} meetings start soon"),
        (true, Lang::El) => format!("{n} συναντήσεις ξεκινούν σύντομα"),
        (false, Lang::En) => format!("{n} snoozed activities are due"),
        (false, Lang::El) => format!("{n} αναβληθείσες δραστηριότητες λήγουν"),
    };
    let mut names: Vec<String> = ds
        .iter()
        .take(3)
        .map(|d| format!("{} ({})", d.subject, d.record_name))
        .collect();
    if n > 3 {
        names.push(match lang {
            Lang::En => format!("and {} more", n - 3),
            Lang::El => format!("και {} ακόμη", n - 3),
        });
    }
    Reminder {
        title,
        body: names.join(", "),
        record: ds[0].record,
        activity: None,
        activity_type: None,
    }
}

/// The notifications for deadlines that have come due (`due`: not yet told, `at <= now`):
/// those on time one by one (or as one when more than `MAX_SINGLE` come at once), those
/// missed while asleep or closed as one catch-up when there are several.
pub fn reminders(due: &[Deadline], now: DateTime<Utc>, tz: Tz, lang: Lang) -> Vec<Reminder> {
    let mut told: Vec<&Deadline> = due.iter().filter(|d| d.kind.notifies()).collect();
    told.sort_by_key(|d| (d.at, d.due));
    let (on_time, missed): (Vec<&Deadline>, Vec<&Deadline>) =
        told.into_iter().partition(|d| now - d.at <= ON_TIME);
    let mut out = Vec::new();
    match missed.len() {
        0 => {}
        1 => out.push(single(missed[0], now, tz, lang)),
        _ => out.push(group(&missed, lang)),
    }
    if on_time.len() > MAX_SINGLE {
        out.push(group(&on_time, lang));
    } else {
        out.extend(on_time.iter().map(|d| single(d, now, tz, lang)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Athens;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn deadline(kind: DeadlineKind, at: &str, subject: &str) -> Deadline {
        Deadline {
            kind,
            at: utc(at),
            activity: ActivityId(uuid::Uuid::from_u128(subject.len() as u128)),
            activity_type: ActivityType::PhoneCall,
            subject: subject.into(),
            record: RecordId(uuid::Uuid::from_u128(999)),
            record_name: "Acme".into(),
            due: utc(at),
        }
    }

    #[test]
    fn on_time_deadlines_are_told_one_by_one_in_the_sellers_zone() {
        let d = deadline(
            DeadlineKind::SnoozeDue,
            "2026-11-27T13:00:00Z",
            "Call Maria",
        );
        let r = reminders(
            std::slice::from_ref(&d),
            utc("2026-11-27T13:00:01Z"),
            Athens,
            Lang::En,
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].title, "Call Maria");
        assert_eq!(r[0].body, "Acme · due 15:00");
        assert_eq!(r[0].activity, Some(d.activity));
        let r = reminders(&[d], utc("2026-11-27T13:00:01Z"), Athens, Lang::El);
        assert_eq!(r[0].body, "Acme · προθεσμία 15:00");
    }

    #[test]
    fn deadlines_missed_while_asleep_are_caught_up_as_one() {
        let due = [
            deadline(DeadlineKind::SnoozeDue, "2026-11-27T09:00:00Z", "A"),
            deadline(DeadlineKind::SnoozeDue, "2026-11-27T10:00:00Z", "B"),
            deadline(DeadlineKind::SnoozeDue, "2026-11-27T11:00:00Z", "C"),
            deadline(DeadlineKind::WaitOver, "2026-11-27T11:00:00Z", "wait"),
        ];
        let r = reminders(&due, utc("2026-11-27T13:00:00Z"), Athens, Lang::En);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].title, "3 snoozed activities are due");
        assert_eq!(r[0].body, "A (Acme), B (Acme), C (Acme)");
        assert_eq!(r[0].activity, None);
        // One missed deadline is told as itself, with the day when it was not today.
        let r = reminders(&due[..1], utc("2026-11-28T07:00:00Z"), Athens, Lang::En);
        assert_eq!(r[0].body, "Acme · due 27/11 11:00");
    }

    #[test]
    fn two_deadlines_at_one_instant_are_two_notifications_and_many_are_one() {
        let two = [
            deadline(DeadlineKind::SnoozeDue, "2026-11-27T13:00:00Z", "A"),
            deadline(DeadlineKind::MeetingSoon, "2026-11-27T13:00:00Z", "B"),
        ];
        let r = reminders(&two, utc("2026-11-27T13:00:00Z"), Athens, Lang::En);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].body, "Acme · starts at 15:00");
        let five: Vec<_> = (0..5)
            .map(|i| {
                deadline(
                    DeadlineKind::SnoozeDue,
                    "2026-11-27T13:00:00Z",
                    &format!("S{i}"),
                )
            })
            .collect();
        let r = reminders(&five, utc("2026-11-27T13:00:30Z"), Athens, Lang::En);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].body, "S0 (Acme), S1 (Acme), S2 (Acme), and 2 more");
    }

    #[test]
    fn quiet_hours_hold_until_they_end_across_midnight_and_dst() {
        let prefs = NotifyPrefs {
            quiet_hours: Some(QuietHours {
                start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            }),
            ..NotifyPrefs::default()
        };
        // 23:00 in Athens (21:00 UTC): quiet until 08:00 Athens the next day.
        assert_eq!(
            quiet_until(utc("2026-11-27T21:00:00Z"), Athens, &prefs, false),
            Some(utc("2026-11-28T06:00:00Z"))
        );
        // 10:00 in Athens: not quiet.
        assert_eq!(
            quiet_until(utc("2026-11-27T08:00:00Z"), Athens, &prefs, false),
            None
        );
        // The night the clocks go back (25 October 2026, 04:00 → 03:00 in Athens): the quiet
        // still ends at 08:00 local, which is now 06:00 UTC (UTC+3 before, UTC+2 after).
        assert_eq!(
            quiet_until(utc("2026-10-24T22:00:00Z"), Athens, &prefs, false),
            Some(utc("2026-10-25T06:00:00Z"))
        );
        // Do not disturb for an hour, then the OS's own do-not-disturb.
        let dnd = NotifyPrefs {
            dnd_until: Some(utc("2026-11-27T09:00:00Z")),
            ..NotifyPrefs::default()
        };
        assert_eq!(
            quiet_until(utc("2026-11-27T08:10:00Z"), Athens, &dnd, false),
            Some(utc("2026-11-27T09:00:00Z"))
        );
        assert_eq!(
            quiet_until(utc("2026-11-27T09:00:00Z"), Athens, &dnd, false),
            None
        );
        assert!(quiet_until(utc("2026-11-27T09:00:00Z"), Athens, &dnd, true).is_some());
    }
}
