//! The activity clock on a virtual clock and a real SQLite file: a snoozed activity is told
//! when it comes due, once; deadlines slept through are caught up as one; a restart after a
//! deadline tells it once and a second restart not again; a time-zone change and a DST change
//! leave the instant alone; two deadlines at one instant are two notifications; quiet hours
//! hold them until they end.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveTime, Utc};
use nextline_core::activity_clock::{ActivityClock, Notifier};
use nextline_core::{App, Clock, Options};
use nextline_domain::reminders::{NotifyPrefs, QuietHours, Reminder};
use nextline_domain::worklist::WorkListQuery;
use nextline_domain::*;

/// A clock the test moves.
struct Hands(Mutex<DateTime<Utc>>);

impl Clock for Hands {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl Hands {
    fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap() = t;
    }
}

#[derive(Default)]
struct Told(Mutex<Vec<Reminder>>);

impl Notifier for Told {
    fn notify(&self, r: &Reminder) {
        self.0.lock().unwrap().push(r.clone());
    }
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

struct Lab {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    hands: Arc<Hands>,
    app: App,
    told: Arc<Told>,
    clock: ActivityClock,
}

/// Demo data seeded on 2026-11-27; the clock then moves to `start`, long after every demo
/// deadline, and a first look catches those up so only the test's own deadlines remain.
async fn lab(start: &str) -> Lab {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nextline.db");
    let hands = Arc::new(Hands(Mutex::new(utc("2026-11-27T08:00:00Z"))));
    let app = App::open(
        &path,
        Options {
            seed_demo_if_empty: false,
            clock: hands.clone(),
            lang: Lang::En,
        },
    )
    .await
    .unwrap();
    app.seed_demo(11, 60).await.unwrap();
    hands.set(utc(start));
    let told = Arc::new(Told::default());
    let clock = ActivityClock::new(app.clone(), told.clone());
    clock.tick().await.unwrap();
    told.0.lock().unwrap().clear();
    Lab {
        _dir: dir,
        path,
        hands,
        app,
        told,
        clock,
    }
}

impl Lab {
    /// Open activities of different records that can be snoozed.
    async fn snoozable(&self, n: usize) -> Vec<(ActivityId, String, String)> {
        let cards = self
            .app
            .work_list(
                None,
                &WorkListQuery {
                    limit: 200,
                    ..WorkListQuery::default()
                },
            )
            .await
            .unwrap()
            .cards;
        cards
            .into_iter()
            .filter(|c| c.activity_type != ActivityType::Task && !c.starts_later)
            .take(n)
            .map(|c| (c.activity_id, c.subject, c.name))
            .collect()
    }

    async fn snooze(&self, activity: ActivityId, until: DateTime<Utc>) {
        self.app
            .run(None, Command::Snooze { activity, until })
            .await
            .unwrap();
    }

    /// Moves the clock to `t` and looks once.
    async fn at(&self, t: &str) -> nextline_core::activity_clock::Tick {
        self.hands.set(utc(t));
        self.clock.tick().await.unwrap()
    }

    fn told(&self) -> Vec<Reminder> {
        std::mem::take(&mut *self.told.0.lock().unwrap())
    }
}

#[tokio::test]
async fn a_snoozed_activity_is_told_when_it_comes_due_and_only_then() {
    let lab = lab("2027-12-01T10:00:00Z").await;
    let (a, subject, name) = lab.snoozable(1).await.remove(0);
    lab.snooze(a, utc("2027-12-01T13:00:00Z")).await;
    let tick = lab.at("2027-12-01T12:59:59Z").await;
    assert!(lab.told().is_empty());
    assert_eq!(tick.next, Some(utc("2027-12-01T13:00:00Z")));
    lab.at("2027-12-01T13:00:02Z").await;
    let told = lab.told();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].title, subject);
    // Athens is UTC+2 in December.
    assert_eq!(told[0].body, format!("{name} · due 15:00"));
    assert_eq!(told[0].activity, Some(a));
    lab.at("2027-12-01T13:00:12Z").await;
    lab.at("2027-12-01T18:00:00Z").await;
    assert!(lab.told().is_empty(), "told once");
    // Snoozed again: a new deadline, told again.
    lab.snooze(a, utc("2027-12-01T19:00:00Z")).await;
    lab.at("2027-12-01T19:00:01Z").await;
    assert_eq!(lab.told().len(), 1);
}

#[tokio::test]
async fn deadlines_slept_through_are_caught_up_once_as_one() {
    let lab = lab("2027-12-01T10:00:00Z").await;
    let picks = lab.snoozable(3).await;
    for (i, (a, _, _)) in picks.iter().enumerate() {
        lab.snooze(
            *a,
            utc("2027-12-01T11:00:00Z") + Duration::minutes(20 * i as i64),
        )
        .await;
    }
    lab.at("2027-12-01T10:30:00Z").await;
    assert!(lab.told().is_empty());
    // The laptop sleeps from 10:30 to 14:00 (UTC).
    lab.at("2027-12-01T14:00:00Z").await;
    let told = lab.told();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].title, "3 snoozed activities are due");
    for (_, subject, _) in &picks {
        assert!(told[0].body.contains(subject.as_str()), "{}", told[0].body);
    }
    lab.at("2027-12-01T14:00:10Z").await;
    assert!(lab.told().is_empty());
}

#[tokio::test]
async fn closed_past_a_deadline_then_restarted_it_is_told_once_not_twice() {
    let lab = lab("2027-12-01T10:00:00Z").await;
    let (a, subject, _) = lab.snoozable(1).await.remove(0);
    lab.snooze(a, utc("2027-12-01T11:00:00Z")).await;
    // The app closes at 10:05 and starts again at 12:00.
    let reopen = || async {
        let app = App::open(
            &lab.path,
            Options {
                seed_demo_if_empty: false,
                clock: lab.hands.clone(),
                lang: Lang::En,
            },
        )
        .await
        .unwrap();
        let told = Arc::new(Told::default());
        let clock = ActivityClock::new(app, told.clone());
        clock.tick().await.unwrap();
        told.0.lock().unwrap().clone()
    };
    lab.hands.set(utc("2027-12-01T12:00:00Z"));
    let first = reopen().await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].title, subject);
    assert_eq!(reopen().await, vec![], "a second start tells nothing");
    // Nor does the first instance, still open beside it.
    lab.at("2027-12-01T12:00:05Z").await;
    assert!(lab.told().is_empty());
}

#[tokio::test]
async fn a_time_zone_change_keeps_the_instant_and_changes_the_words() {
    let lab = lab("2027-12-01T10:00:00Z").await;
    let (a, _, name) = lab.snoozable(1).await.remove(0);
    lab.snooze(a, utc("2027-12-01T15:00:00Z")).await;
    // The seller flies to New York.
    let mut settings = lab.app.settings().await.unwrap();
    settings.time_zone = "America/New_York".into();
    lab.app.set_settings(&settings).await.unwrap();
    lab.at("2027-12-01T14:59:00Z").await;
    assert!(lab.told().is_empty());
    lab.at("2027-12-01T15:00:00Z").await;
    let told = lab.told();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].body, format!("{name} · due 10:00"));
}

#[tokio::test]
async fn the_night_the_clocks_go_back_a_deadline_comes_once_at_its_instant() {
    // Athens leaves summer time on 31 October 2027 at 04:00 (01:00 UTC): 03:00–04:00 local
    // happens twice. A deadline at 03:30 the second time is 01:30 UTC.
    let lab = lab("2027-10-30T20:00:00Z").await;
    let (a, _, name) = lab.snoozable(1).await.remove(0);
    lab.snooze(a, utc("2027-10-31T01:30:00Z")).await;
    // 03:30 the first time (00:30 UTC): not yet.
    lab.at("2027-10-31T00:30:00Z").await;
    assert!(lab.told().is_empty());
    lab.at("2027-10-31T01:30:01Z").await;
    let told = lab.told();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].body, format!("{name} · due 03:30"));
    lab.at("2027-10-31T02:30:00Z").await;
    assert!(lab.told().is_empty());
}

#[tokio::test]
async fn two_deadlines_at_one_instant_are_two_notifications() {
    let lab = lab("2027-12-01T10:00:00Z").await;
    let picks = lab.snoozable(2).await;
    for (a, _, _) in &picks {
        lab.snooze(*a, utc("2027-12-01T12:00:00Z")).await;
    }
    lab.at("2027-12-01T12:00:00Z").await;
    let told = lab.told();
    assert_eq!(told.len(), 2);
    let mut titles: Vec<_> = told.iter().map(|r| r.title.clone()).collect();
    let mut want: Vec<_> = picks.iter().map(|p| p.1.clone()).collect();
    titles.sort();
    want.sort();
    assert_eq!(titles, want);
}

#[tokio::test]
async fn quiet_hours_hold_a_deadline_until_they_end_and_the_tray_still_counts_it() {
    let lab = lab("2027-12-01T10:00:00Z").await;
    lab.clock
        .set_prefs(&NotifyPrefs {
            quiet_hours: Some(QuietHours {
                start: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            }),
            ..NotifyPrefs::default()
        })
        .await
        .unwrap();
    let (a, subject, _) = lab.snoozable(1).await.remove(0);
    // 21:00 in Athens.
    lab.snooze(a, utc("2027-12-01T19:00:00Z")).await;
    lab.at("2027-12-01T18:59:00Z").await;
    let before = lab.clock.tray().await.unwrap().due_now;
    let tick = lab.at("2027-12-01T19:00:05Z").await;
    assert!(lab.told().is_empty());
    assert_eq!(tick.held, 1);
    assert_eq!(
        tick.next,
        Some(utc("2027-12-02T06:00:00Z")),
        "08:00 in Athens"
    );
    let tray = lab.clock.tray().await.unwrap();
    assert_eq!(tray.due_now, before + 1, "the tray counts it");
    assert_eq!(tray.items.len(), 5, "the five most urgent");
    assert!(
        tray.items.windows(2).all(|w| w[0].due <= w[1].due),
        "most overdue first: {tray:?}"
    );
    assert_eq!(tray.quiet_until, Some(utc("2027-12-02T06:00:00Z")));
    lab.at("2027-12-02T03:00:00Z").await;
    assert!(lab.told().is_empty());
    lab.at("2027-12-02T06:00:00Z").await;
    let told = lab.told();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].title, subject);
}
