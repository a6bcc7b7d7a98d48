//! Demo data: a deterministic, seeded world for the app's first start, the CLI, tests and
//! benchmarks. The same seed, size and `now` always give the same data.

mod names;
mod people;
mod sequences;

use chrono::{DateTime, Duration, Utc};
use nextline_domain::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub use people::users_and_team;
pub use sequences::demo_sequences;

/// The seed the app uses on first start.
pub const DEFAULT_SEED: u64 = 20_261_127;
/// How many records the app seeds on first start.
pub const DEFAULT_RECORDS: usize = 240;

pub struct DemoData {
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    /// The seller the app opens as.
    pub current_user: UserId,
    pub sequences: Vec<Sequence>,
    pub records: Vec<RecordState>,
    pub notes: Vec<Note>,
    pub timeline: Vec<TimelineEntry>,
}

/// Ids from the seeded generator, so the whole data set is reproducible.
pub struct SeededIds<'a>(pub &'a mut ChaCha8Rng);

impl NewIds for SeededIds<'_> {
    fn new_id(&mut self) -> uuid::Uuid {
        uuid::Builder::from_random_bytes(self.0.random()).into_uuid()
    }
}

pub fn generate(seed: u64, records: usize, now: DateTime<Utc>) -> DemoData {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (users, teams) = people::users_and_team(&mut SeededIds(&mut rng));
    let current_user = users[0].id;
    let sequences = sequences::demo_sequences(&mut SeededIds(&mut rng));
    let mut data = DemoData {
        users,
        teams,
        current_user,
        sequences,
        records: Vec::with_capacity(records),
        notes: Vec::new(),
        timeline: Vec::new(),
    };
    for i in 0..records {
        let state = people::record(&mut rng, &data, i, now);
        data.records.push(state);
        let idx = data.records.len() - 1;
        sequences::history(&mut rng, &mut data, idx, now);
    }
    data
}

/// A due time spread over overdue, today, tomorrow, this week and later.
pub(crate) fn spread_due(rng: &mut ChaCha8Rng, now: DateTime<Utc>) -> DateTime<Utc> {
    let minutes = match rng.random_range(0..10) {
        0..=2 => -rng.random_range(10..(4 * 24 * 60)), // overdue, up to 4 days
        3..=5 => rng.random_range(5..(10 * 60)),       // today-ish
        6 => rng.random_range((14 * 60)..(38 * 60)),   // tomorrow-ish
        7..=8 => rng.random_range((2 * 24 * 60)..(6 * 24 * 60)), // this week-ish
        _ => rng.random_range((7 * 24 * 60)..(30 * 24 * 60)), // later
    };
    let t = now + Duration::minutes(minutes);
    // Round to 5 minutes, like times people pick.
    let secs = t.timestamp() - t.timestamp() % 300;
    DateTime::from_timestamp(secs, 0).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nextline_domain::dialplan::dial_plan;

    fn now() -> DateTime<Utc> {
        "2026-11-25T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let a = generate(7, 50, now());
        let b = generate(7, 50, now());
        assert_eq!(a.records, b.records);
        assert_eq!(a.users, b.users);
        assert_ne!(generate(8, 50, now()).records, a.records);
    }

    #[test]
    fn the_demo_covers_what_sellers_meet() {
        let d = generate(DEFAULT_SEED, 2000, now());
        let settings = Settings::default();
        let contacts: Vec<&Contact> = d.records.iter().map(|r| &r.record.contact).collect();
        assert!(
            contacts
                .iter()
                .any(|c| c.business_phone.is_none() && c.mobile_phone.is_some())
        );
        assert!(
            contacts
                .iter()
                .any(|c| c.business_phone.is_none() && c.mobile_phone.is_none())
        );
        assert!(contacts.iter().any(|c| c.do_not_phone));
        assert!(contacts.iter().any(|c| c.email.is_none()));
        for region in ["GR", "US", "GB", "DE"] {
            assert!(
                contacts
                    .iter()
                    .any(|c| c.country.as_deref() == Some(region)),
                "{region}"
            );
        }
        // Every demo number is one the dial plan accepts.
        for c in &contacts {
            dial_plan(c, &settings).unwrap_or_else(|e| panic!("{c:?}: {e}"));
        }
        let acts: Vec<&Activity> = d.records.iter().flat_map(|r| &r.activities).collect();
        for t in ActivityType::ALL {
            assert!(acts.iter().any(|a| a.kind == t && a.is_open()), "{t:?}");
        }
        assert!(acts.iter().any(|a| a.is_teams_meeting()));
        assert!(
            acts.iter()
                .any(|a| a.kind == ActivityType::Meeting && a.join_url.is_none())
        );
        assert!(
            acts.iter()
                .any(|a| a.step.is_none() && a.kind == ActivityType::Task && a.is_open())
        );
        assert!(
            acts.iter().any(|a| a.step.is_some() && a.starts_at > now()),
            "a step behind a wait"
        );
        let bounds = nextline_domain::due::DueBounds::at(now(), settings.tz());
        for b in nextline_domain::due::DueBucket::ALL {
            assert!(
                acts.iter()
                    .any(|a| a.is_open() && bounds.bucket(a.due) == b),
                "{b:?}"
            );
        }
        // At most one open step per record (R2), as the rules demand.
        for r in &d.records {
            assert!(
                r.activities
                    .iter()
                    .filter(|a| a.step.is_some() && a.is_open())
                    .count()
                    <= 1
            );
        }
        assert!(
            d.users
                .iter()
                .any(|u| u.role == Some(SalesRole::SalesManager))
        );
        assert!(d.users.iter().any(|u| u.role.is_none()));
    }
}
