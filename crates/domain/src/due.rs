//! Due buckets (R3): overdue, today, tomorrow, this week, later — in the seller's time zone.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DueBucket {
    Overdue,
    Today,
    Tomorrow,
    ThisWeek,
    Later,
}

impl DueBucket {
    pub const ALL: [DueBucket; 5] = [
        DueBucket::Overdue,
        DueBucket::Today,
        DueBucket::Tomorrow,
        DueBucket::ThisWeek,
        DueBucket::Later,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DueBucket::Overdue => "overdue",
            DueBucket::Today => "today",
            DueBucket::Tomorrow => "tomorrow",
            DueBucket::ThisWeek => "thisWeek",
            DueBucket::Later => "later",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.replace(['-', '_'], "");
        Self::ALL
            .into_iter()
            .find(|b| b.as_str().eq_ignore_ascii_case(&s))
    }
}

/// The instants that separate the buckets, as of `now`. Each bucket is a half-open range
/// `[start, end)` of due times; the store turns them into SQL range predicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueBounds {
    pub now: DateTime<Utc>,
    pub end_of_today: DateTime<Utc>,
    pub end_of_tomorrow: DateTime<Utc>,
    /// Start of next Monday; never before the end of tomorrow.
    pub end_of_week: DateTime<Utc>,
}

impl DueBounds {
    pub fn at(now: DateTime<Utc>, tz: Tz) -> DueBounds {
        let today = now.with_timezone(&tz).date_naive();
        let end_of_today = local_midnight(today + Duration::days(1), tz);
        let end_of_tomorrow = local_midnight(today + Duration::days(2), tz);
        let days_to_monday = 7 - i64::from(today.weekday().num_days_from_monday());
        let end_of_week =
            local_midnight(today + Duration::days(days_to_monday), tz).max(end_of_tomorrow);
        DueBounds {
            now,
            end_of_today,
            end_of_tomorrow,
            end_of_week,
        }
    }

    pub fn bucket(&self, due: DateTime<Utc>) -> DueBucket {
        if due < self.now {
            DueBucket::Overdue
        } else if due < self.end_of_today {
            DueBucket::Today
        } else if due < self.end_of_tomorrow {
            DueBucket::Tomorrow
        } else if due < self.end_of_week {
            DueBucket::ThisWeek
        } else {
            DueBucket::Later
        }
    }

    /// The half-open range of due times in a bucket (`None` = unbounded).
    pub fn range(&self, b: DueBucket) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        match b {
            DueBucket::Overdue => (None, Some(self.now)),
            DueBucket::Today => (Some(self.now), Some(self.end_of_today)),
            DueBucket::Tomorrow => (Some(self.end_of_today), Some(self.end_of_tomorrow)),
            DueBucket::ThisWeek => (Some(self.end_of_tomorrow), Some(self.end_of_week)),
            DueBucket::Later => (Some(self.end_of_week), None),
        }
    }
}

/// The first instant of a local date (midnight, or the first valid time after a DST gap).
fn local_midnight(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut t = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    for _ in 0..4 {
        if let Some(dt) = tz.from_local_datetime(&t).earliest() {
            return dt.with_timezone(&Utc);
        }
        t += Duration::minutes(30);
    }
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn r3_buckets_follow_the_sellers_day_in_athens() {
        // Wednesday 2026-11-25 10:00 in Athens (UTC+2).
        let b = DueBounds::at(utc("2026-11-25T08:00:00Z"), chrono_tz::Europe::Athens);
        assert_eq!(b.bucket(utc("2026-11-25T07:59:00Z")), DueBucket::Overdue);
        assert_eq!(b.bucket(utc("2026-11-25T21:59:00Z")), DueBucket::Today);
        assert_eq!(b.bucket(utc("2026-11-25T22:00:00Z")), DueBucket::Tomorrow);
        assert_eq!(b.bucket(utc("2026-11-27T10:00:00Z")), DueBucket::ThisWeek);
        assert_eq!(b.bucket(utc("2026-11-29T21:59:00Z")), DueBucket::ThisWeek);
        assert_eq!(b.bucket(utc("2026-11-29T22:00:00Z")), DueBucket::Later);
    }

    #[test]
    fn r3_on_sunday_tomorrow_is_monday_and_this_week_is_empty() {
        let b = DueBounds::at(utc("2026-11-29T08:00:00Z"), chrono_tz::Europe::Athens);
        assert_eq!(b.bucket(utc("2026-11-30T10:00:00Z")), DueBucket::Tomorrow);
        assert_eq!(b.bucket(utc("2026-12-01T10:00:00Z")), DueBucket::Later);
        assert_eq!(b.end_of_week, b.end_of_tomorrow);
    }

    #[test]
    fn r3_today_is_shorter_on_the_dst_change_day() {
        // 2026-03-29: Athens moves from UTC+2 to UTC+3 at 03:00 local.
        let b = DueBounds::at(utc("2026-03-29T06:00:00Z"), chrono_tz::Europe::Athens);
        assert_eq!(b.end_of_today, utc("2026-03-29T21:00:00Z"));
    }
}
