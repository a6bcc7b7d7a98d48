//! Times as people type them on the command line.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Accepts RFC 3339 (`2026-11-27T15:00:00Z`), a local date and time in the seller's time zone
/// (`2026-11-27 15:00`), a time today or tomorrow (`15:00`, `tomorrow 9:00`), or an offset from
/// now (`+90m`, `+2h`, `+1d`).
pub fn parse_time(s: &str, tz: Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Some(rest) = s.strip_prefix('+') {
        let (n, unit) = rest.split_at(rest.find(|c: char| !c.is_ascii_digit())?);
        let n: i64 = n.parse().ok()?;
        return Some(match unit {
            "m" | "min" => now + Duration::minutes(n),
            "h" => now + Duration::hours(n),
            "d" => now + Duration::days(n),
            _ => return None,
        });
    }
    let local_today = now.with_timezone(&tz).date_naive();
    let at = |date: NaiveDate, time: NaiveTime| {
        tz.from_local_datetime(&date.and_time(time))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    };
    let time_of = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    if let Some(t) = s.strip_prefix("tomorrow").map(str::trim) {
        return at(
            local_today.succ_opt()?,
            time_of(t).unwrap_or(NaiveTime::from_hms_opt(9, 0, 0)?),
        );
    }
    if let Some(t) = time_of(s) {
        return at(local_today, t);
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return tz
                .from_local_datetime(&dt)
                .earliest()
                .map(|t| t.with_timezone(&Utc));
        }
    }
    None
}

/// "in 2 h", "3 d ago", "now".
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let d = t - now;
    let (abs, future) = if d >= Duration::zero() {
        (d, true)
    } else {
        (-d, false)
    };
    let text = if abs < Duration::minutes(1) {
        return "now".into();
    } else if abs < Duration::hours(1) {
        format!("{} min", abs.num_minutes())
    } else if abs < Duration::days(2) {
        format!("{} h", abs.num_hours())
    } else {
        format!("{} d", abs.num_days())
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_people_type() {
        let now: DateTime<Utc> = "2026-11-25T08:00:00Z".parse().unwrap();
        let tz = chrono_tz::Europe::Athens;
        let t = |s| parse_time(s, tz, now).map(|t| t.to_rfc3339());
        assert_eq!(
            t("2026-11-27T15:00:00Z").unwrap(),
            "2026-11-27T15:00:00+00:00"
        );
        assert_eq!(t("2026-11-27 15:00").unwrap(), "2026-11-27T13:00:00+00:00");
        assert_eq!(t("+2h").unwrap(), "2026-11-25T10:00:00+00:00");
        assert_eq!(t("tomorrow 9:00").unwrap(), "2026-11-26T07:00:00+00:00");
        assert_eq!(t("17:30").unwrap(), "2026-11-25T15:30:00+00:00");
        assert!(t("next blue moon").is_none());
    }
}
