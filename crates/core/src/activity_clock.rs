//! The activity clock (R7, R2, R18): one scheduler owns every deadline — snoozed activities
//! coming due, meetings about to start, waits ending. It looks at the wall clock at least every
//! `POLL` (so a sleep or a clock, time-zone or DST change is noticed within that), tells what
//! came due through a [`Notifier`], and claims each deadline as told in the same transaction
//! that marks it: nothing is told twice, even across restarts or beside the CLI. Deadlines
//! missed while the machine slept or the app was closed are caught up once, grouped. Quiet
//! hours and do-not-disturb hold notifications until they end; the tray still counts what is
//! due. The clock is the app's [`Clock`](crate::Clock), so tests drive it by hand.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use nextline_domain::due::DueBucket;
use nextline_domain::reminders::{self, NotifyPrefs, Reminder, quiet_until};
use nextline_domain::worklist::{SortKey, WorkListQuery};
use nextline_domain::{ActivityId, RecordId};
use nextline_store::Owner;
use serde::Serialize;
use ts_rs::TS;

use crate::secrets::SecretStore;
use crate::{App, Result};

/// The longest the clock sleeps without looking at the wall clock again.
pub const POLL: std::time::Duration = std::time::Duration::from_secs(10);
/// How far ahead the clock looks for its next deadline.
const HORIZON: Duration = Duration::hours(1);
/// Where the seller's notification preferences are kept.
pub const PREFS_KEY: &str = "clock.prefs";

/// Shows a reminder to the seller (the desktop's notifications; a recorder in tests).
pub trait Notifier: Send + Sync {
    fn notify(&self, reminder: &Reminder);
}

/// What one look at the clock did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tick {
    pub told: Vec<Reminder>,
    /// Deadlines due but held back by quiet hours or do-not-disturb.
    pub held: usize,
    /// Records whose wait ended (their next step is active now).
    pub refreshed: Vec<RecordId>,
    /// The next deadline, or when the quiet ends.
    pub next: Option<DateTime<Utc>>,
    /// Scheduled emails (R17) handed to the mail server in this look, and those that failed.
    pub emails_sent: u32,
    pub emails_failed: u32,
}

/// What the tray shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrayView {
    /// Open activities of the seller that are due now (overdue).
    pub due_now: u32,
    /// The five most urgent, most overdue first.
    pub items: Vec<TrayItem>,
    /// Notifications wait until then.
    #[ts(type = "string | null")]
    pub quiet_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrayItem {
    pub record: RecordId,
    pub activity: ActivityId,
    /// "Call Maria — Acme".
    pub label: String,
    #[ts(type = "string")]
    pub due: DateTime<Utc>,
}

/// One line of the tray's menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayEntry {
    /// What the shell does when it is clicked: `open`, `due:<record id>`, `dnd-hour`,
    /// `dnd-tomorrow`, `dnd-off`, `quit`; `None` for a line that cannot be clicked.
    pub id: Option<String>,
    /// `None`: a separator.
    pub label: Option<String>,
}

impl TrayEntry {
    fn item(id: &str, label: &str) -> TrayEntry {
        TrayEntry {
            id: Some(id.to_string()),
            label: Some(label.to_string()),
        }
    }

    fn separator() -> TrayEntry {
        TrayEntry {
            id: None,
            label: None,
        }
    }
}

/// The tray's menu: Open Nextline; the most urgent due items (or "Nothing is due"); do not
/// disturb for an hour or until tomorrow — or notifications on again while quiet; Quit.
pub fn tray_menu(view: &TrayView, lang: nextline_domain::Lang) -> Vec<TrayEntry> {
    use nextline_domain::Lang::{El, En};
    let w = |en: &str, el: &str| match lang {
        En => en.to_string(),
        El => el.to_string(),
    };
    let mut m = vec![
        TrayEntry::item("open", &w("Open Nextline", "Άνοιγμα Nextline")),
        TrayEntry::separator(),
    ];
    if view.items.is_empty() {
        m.push(TrayEntry {
            id: None,
            label: Some(w("Nothing is due", "Τίποτα δεν λήγει")),
        });
    }
    for item in &view.items {
        m.push(TrayEntry::item(
            &format!("due:{}", item.record),
            &item.label,
        ));
    }
    if view.due_now > view.items.len() as u32 {
        let more = view.due_now - view.items.len() as u32;
        m.push(TrayEntry {
            id: Some("open".into()),
            label: Some(match lang {
                En => format!("{more} more due…"),
                El => format!("Ακόμη {more}…"),
            }),
        });
    }
    m.push(TrayEntry::separator());
    if view.quiet_until.is_some() {
        m.push(TrayEntry::item(
            "dnd-off",
            &w("Notifications on again", "Ειδοποιήσεις ξανά"),
        ));
    } else {
        m.push(TrayEntry::item(
            "dnd-hour",
            &w("Do not disturb for 1 hour", "Μην ενοχλείτε για 1 ώρα"),
        ));
        m.push(TrayEntry::item(
            "dnd-tomorrow",
            &w("Do not disturb until tomorrow", "Μην ενοχλείτε έως αύριο"),
        ));
    }
    m.push(TrayEntry::separator());
    m.push(TrayEntry::item("quit", &w("Quit", "Έξοδος")));
    m
}

/// How many items the tray's menu lists.
pub const TRAY_ITEMS: u32 = 5;

#[derive(Clone)]
pub struct ActivityClock {
    app: App,
    notifier: Arc<dyn Notifier>,
    /// Whether the desktop's own do-not-disturb is on, where it can be read.
    os_quiet: Arc<dyn Fn() -> bool + Send + Sync>,
    /// Where the SMTP password is: set, the clock also sends emails whose time has come.
    emails: Option<Arc<dyn SecretStore>>,
}

impl ActivityClock {
    pub fn new(app: App, notifier: Arc<dyn Notifier>) -> ActivityClock {
        ActivityClock {
            app,
            notifier,
            os_quiet: Arc::new(|| false),
            emails: None,
        }
    }

    /// Also sends the pending emails (R17) at their time, through the seller's SMTP server.
    pub fn with_emails(mut self, secrets: Arc<dyn SecretStore>) -> Self {
        self.emails = Some(secrets);
        self
    }

    pub fn with_os_quiet(mut self, os_quiet: Arc<dyn Fn() -> bool + Send + Sync>) -> Self {
        self.os_quiet = os_quiet;
        self
    }

    pub async fn prefs(&self) -> Result<NotifyPrefs> {
        Ok(self.app.store().get(PREFS_KEY).await?.unwrap_or_default())
    }

    pub async fn set_prefs(&self, prefs: &NotifyPrefs) -> Result<()> {
        self.app.store().set(PREFS_KEY, prefs).await?;
        Ok(())
    }

    /// Do not disturb until `until` (`None`: notifications again).
    pub async fn do_not_disturb(&self, until: Option<DateTime<Utc>>) -> Result<()> {
        let mut prefs = self.prefs().await?;
        prefs.dnd_until = until;
        self.set_prefs(&prefs).await
    }

    /// Looks at the clock once: tells what came due, and says when to look again.
    pub async fn tick(&self) -> Result<Tick> {
        let now = self.app.now();
        let settings = self.app.settings().await?;
        let tz = settings.tz();
        let me = self.app.current_user().await?;
        let teams = self.app.directory().await?.teams_of(me);
        let owner = Owner {
            user: me,
            teams: &teams,
        };
        let prefs = self.prefs().await?;
        let lead = prefs.meeting_lead();
        let store = self.app.store();
        let (to_tell, waits): (Vec<_>, Vec<_>) = store
            .deadlines(&owner, now, now, lead)
            .await?
            .into_iter()
            .partition(|d| d.kind.notifies());
        let mut tick = Tick::default();
        if !waits.is_empty() {
            let mut records: Vec<RecordId> = store
                .claim_deadlines(waits, now)
                .await?
                .into_iter()
                .map(|d| d.record)
                .collect();
            records.sort_by_key(ToString::to_string);
            records.dedup();
            if !records.is_empty() {
                self.app.announce(records.clone());
            }
            tick.refreshed = records;
        }
        let quiet = quiet_until(now, tz, &prefs, (self.os_quiet)());
        if quiet.is_some() {
            tick.held = to_tell.len();
        } else if !to_tell.is_empty() {
            let claimed = store.claim_deadlines(to_tell, now).await?;
            tick.told = reminders::reminders(&claimed, now, tz, self.app.lang());
            for r in &tick.told {
                self.notifier.notify(r);
            }
            if !tick.told.is_empty() {
                tracing::info!(
                    notifications = tick.told.len(),
                    deadlines = claimed.len(),
                    "reminders told"
                );
            }
        }
        let next_deadline = store
            .deadlines(&owner, now, now + HORIZON, lead)
            .await?
            .into_iter()
            .map(|d| d.at)
            .filter(|at| *at > now)
            .min();
        tick.next = match quiet {
            Some(q) => Some(q.max(next_deadline.unwrap_or(q))),
            None => next_deadline,
        };
        // Emails go whatever the quiet: the seller scheduled them.
        if let Some(secrets) = &self.emails {
            let sent = self.app.send_due_emails(secrets.clone()).await?;
            tick.emails_sent = sent.sent;
            tick.emails_failed = sent.failed;
            tick.next = match (tick.next, sent.next.filter(|n| *n > now)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(tick)
    }

    /// Runs the clock on a task of its own (see [`ActivityClock::run`]).
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(self.run())
    }

    /// Runs the clock for ever: a look at start, then at the next deadline or after `POLL`,
    /// whichever comes first.
    pub async fn run(self) {
        loop {
            let wait = match self.tick().await {
                Ok(t) => self.wait_after(&t),
                Err(e) => {
                    tracing::warn!(code = e.code(), "activity clock: {e}");
                    POLL
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// How long to sleep after a look: until its next deadline, at most `POLL`.
    pub fn wait_after(&self, tick: &Tick) -> std::time::Duration {
        tick.next
            .and_then(|n| (n - self.app.now()).to_std().ok())
            .map_or(POLL, |d| d.min(POLL))
            .max(std::time::Duration::from_millis(50))
    }

    /// The tray: how many activities are due now, the five most urgent, and any quiet.
    pub async fn tray(&self) -> Result<TrayView> {
        let now = self.app.now();
        let settings = self.app.settings().await?;
        let query = WorkListQuery {
            due: vec![DueBucket::Overdue],
            sort: SortKey::Due,
            limit: TRAY_ITEMS,
            ..WorkListQuery::default()
        };
        let due_now = self.app.work_list_count(None, &query).await?;
        let page = self.app.work_list(None, &query).await?;
        let items = page
            .cards
            .into_iter()
            .map(|c| TrayItem {
                record: c.record_id,
                activity: c.activity_id,
                label: format!("{} — {}", c.subject, c.name),
                due: c.due,
            })
            .collect();
        let prefs = self.prefs().await?;
        Ok(TrayView {
            due_now,
            items,
            quiet_until: quiet_until(now, settings.tz(), &prefs, (self.os_quiet)()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nextline_domain::Lang;

    fn item(n: u128, label: &str) -> TrayItem {
        TrayItem {
            record: RecordId(uuid::Uuid::from_u128(n)),
            activity: ActivityId(uuid::Uuid::from_u128(n + 100)),
            label: label.into(),
            due: "2026-11-27T08:00:00Z".parse().unwrap(),
        }
    }

    fn ids(m: &[TrayEntry]) -> Vec<String> {
        m.iter()
            .map(|e| match (&e.id, &e.label) {
                (Some(id), _) => id.clone(),
                (None, Some(l)) => format!("({l})"),
                (None, None) => "-".into(),
            })
            .collect()
    }

    #[test]
    fn the_tray_lists_what_is_due_in_order_then_quiet_and_quit() {
        let view = TrayView {
            due_now: 7,
            items: vec![
                item(1, "Call Maria — Acme"),
                item(2, "Send brochure — Contoso"),
            ],
            quiet_until: None,
        };
        let m = tray_menu(&view, Lang::En);
        let r1 = uuid::Uuid::from_u128(1);
        let r2 = uuid::Uuid::from_u128(2);
        assert_eq!(
            ids(&m),
            [
                "open".to_string(),
                "-".into(),
                format!("due:{r1}"),
                format!("due:{r2}"),
                "open".into(),
                "-".into(),
                "dnd-hour".into(),
                "dnd-tomorrow".into(),
                "-".into(),
                "quit".into()
            ]
        );
        assert_eq!(m[2].label.as_deref(), Some("Call Maria — Acme"));
        assert_eq!(m[4].label.as_deref(), Some("5 more due…"));
    }

    #[test]
    fn nothing_due_and_quiet_show_as_such_in_greek_too() {
        let view = TrayView {
            due_now: 0,
            items: vec![],
            quiet_until: Some("2026-11-27T09:00:00Z".parse().unwrap()),
        };
        let m = tray_menu(&view, Lang::El);
        assert_eq!(
            ids(&m),
            [
                "open",
                "-",
                "(Τίποτα δεν λήγει)",
                "-",
                "dnd-off",
                "-",
                "quit"
            ]
        );
        assert_eq!(m[0].label.as_deref(), Some("Άνοιγμα Nextline"));
    }
}
