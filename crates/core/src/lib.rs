//! The app core: what the window and the `nextline` CLI share. It opens the cache (seeding
//! demo data on first start), runs each command through the rules and commits its result in
//! one transaction, answers the queries, and publishes a change event after every commit.

mod clock;
mod error;
mod lookup;
mod paths;
mod views;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{CoreError, ErrorPayload, Result};
pub use paths::{DB_ENV, default_db_path};
pub use views::*;

use nextline_demo::{DEFAULT_RECORDS, DEFAULT_SEED};
use nextline_domain::upnext::{availability, main_action, up_next};
use nextline_domain::worklist::{WorkListPage, WorkListQuery};
use nextline_domain::*;
use nextline_store::{Import, Store, keys};
use std::path::Path;
use std::sync::Arc;
use tokio::sync::broadcast;

/// How to open the app.
pub struct Options {
    /// Seed the demo data when the database is empty (the app's first start).
    pub seed_demo_if_empty: bool,
    pub clock: Arc<dyn Clock>,
    pub lang: Lang,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed_demo_if_empty: true,
            clock: Arc::new(SystemClock),
            lang: Lang::En,
        }
    }
}

/// The running app core.
#[derive(Clone)]
pub struct App {
    store: Store,
    clock: Arc<dyn Clock>,
    lang: Lang,
    changes: broadcast::Sender<Changed>,
}

impl App {
    pub async fn open(path: &Path, options: Options) -> Result<App> {
        let store = Store::open(path).await?;
        let (changes, _) = broadcast::channel(256);
        let app = App {
            store,
            clock: options.clock,
            lang: options.lang,
            changes,
        };
        if options.seed_demo_if_empty && app.is_empty().await? {
            app.seed_demo(DEFAULT_SEED, DEFAULT_RECORDS).await?;
        }
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Changes committed by this process, as they happen.
    pub fn subscribe(&self) -> broadcast::Receiver<Changed> {
        self.changes.subscribe()
    }

    async fn is_empty(&self) -> Result<bool> {
        Ok(self.store.directory().await?.users.is_empty())
    }

    /// Fill an empty database with the demo data (seeded, so always the same for a seed).
    pub async fn seed_demo(&self, seed: u64, records: usize) -> Result<()> {
        if !self.is_empty().await? {
            return Err(CoreError::AlreadyHasData);
        }
        let data = nextline_demo::generate(seed, records, self.now());
        let settings = Settings::default();
        self.store
            .import(
                &Import {
                    users: &data.users,
                    teams: &data.teams,
                    sequences: &data.sequences,
                    records: &data.records,
                    notes: &data.notes,
                    timeline: &data.timeline,
                },
                &settings,
            )
            .await?;
        self.store.set(keys::SETTINGS, &settings).await?;
        self.store
            .set(keys::CURRENT_USER, &data.current_user)
            .await?;
        self.store.set(keys::DEMO, &true).await?;
        tracing::info!(records, "seeded demo data");
        Ok(())
    }

    pub async fn settings(&self) -> Result<Settings> {
        Ok(self.store.get(keys::SETTINGS).await?.unwrap_or_default())
    }

    pub async fn current_user(&self) -> Result<UserId> {
        self.store
            .get(keys::CURRENT_USER)
            .await?
            .ok_or(CoreError::NoCurrentUser)
    }

    async fn actor(&self, directory: &Directory, who: Option<UserId>) -> Result<Actor> {
        let id = match who {
            Some(id) => id,
            None => self.current_user().await?,
        };
        directory
            .actor(id)
            .ok_or_else(|| CoreError::UnknownUser(id.to_string()))
    }

    pub async fn app_info(&self) -> Result<AppInfo> {
        let directory = self.store.directory().await?;
        let me = self.actor(&directory, None).await?;
        Ok(AppInfo {
            demo: self.store.get(keys::DEMO).await?.unwrap_or(false),
            current_user: UserSummary {
                id: me.id(),
                name: me.user.name.clone(),
            },
            record_count: self.store.record_count().await?,
            version: env!("CARGO_PKG_VERSION").to_string(),
            language: self.lang,
        })
    }

    /// Run one command as `who` (the current user by default): the rules decide, the store
    /// commits everything or nothing, then a change event goes out.
    pub async fn run(&self, who: Option<UserId>, command: Command) -> Result<CommandDone> {
        let now = self.now();
        let settings = self.settings().await?;
        let mut tx = self.store.begin().await?;
        let directory = tx.directory().await?;
        let actor = self.actor(&directory, who).await?;
        let record = match &command {
            Command::ChangeOwner { record, .. } => *record,
            other => {
                let activity = other
                    .activity()
                    .expect("every other command names an activity");
                tx.record_of_activity(activity).await?
            }
        };
        let state = tx.record_state(record).await?;
        let ctx = Context {
            actor: &actor,
            directory: &directory,
            settings: &settings,
            now,
        };
        let mut ids = || uuid::Uuid::new_v4();
        let outcome = nextline_domain::run(&state, &command, &ctx, &mut ids)?;
        tx.apply(&state, &outcome, &directory, &settings, &mut ids, now)
            .await?;
        tx.commit().await?;
        let _ = self.changes.send(Changed {
            records: vec![record],
        });
        tracing::info!(command = command_name(&command), "command committed");
        Ok(CommandDone {
            record,
            events: outcome.events().cloned().collect(),
            activities: outcome.activities,
        })
    }

    pub async fn work_list(
        &self,
        who: Option<UserId>,
        query: &WorkListQuery,
    ) -> Result<WorkListPage> {
        let settings = self.settings().await?;
        let directory = self.store.directory().await?;
        let actor = self.actor(&directory, who).await?;
        Ok(self
            .store
            .work_list(&actor, &directory, &settings, query, self.now())
            .await?)
    }

    /// The Up Next panel of a record, with every action's availability for `who` (R4, R22).
    pub async fn up_next(&self, who: Option<UserId>, record: RecordId) -> Result<UpNextView> {
        let now = self.now();
        let settings = self.settings().await?;
        let directory = self.store.directory().await?;
        let actor = self.actor(&directory, who).await?;
        let state = self.store.record_state(record).await?;
        let ctx = Context {
            actor: &actor,
            directory: &directory,
            settings: &settings,
            now,
        };
        let view = up_next(&state, now);
        let lang = self.lang;
        let with_actions = |a: Activity| {
            let actions = availability(&state, &a, &ctx)
                .into_iter()
                .map(|(action, r)| ActionState {
                    action,
                    allowed: r.is_ok(),
                    code: r.as_ref().err().map(|e| e.code().to_string()),
                    reason: r.err().map(|e| e.message(lang)),
                })
                .collect();
            ActivityView {
                main_action: main_action(&a),
                activity: a,
                actions,
            }
        };
        let (dial_plan, dial_plan_error) =
            match nextline_domain::dialplan::dial_plan(&state.record.contact, &settings) {
                Ok(p) => (Some(p), None),
                Err(e) => (None, Some(CoreError::from(e).payload(lang))),
            };
        Ok(UpNextView {
            owner_name: directory
                .user(state.record.owner)
                .map_or_else(String::new, |u| u.name.clone()),
            sequence_name: state.sequence.as_ref().map(|s| s.name.clone()),
            local_time: nextline_domain::calling_hours::local_time(
                &state.record.contact,
                &settings,
                now,
            ),
            active: view.active.map(&with_actions),
            waiting: view.waiting.map(&with_actions),
            manual: view.manual.into_iter().map(&with_actions).collect(),
            upcoming: view.upcoming,
            completed: view.completed,
            dial_plan,
            dial_plan_error,
            record: state.record,
        })
    }

    pub async fn timeline(&self, record: RecordId, limit: u32) -> Result<Vec<TimelineEntry>> {
        Ok(self.store.timeline(record, limit).await?)
    }

    pub async fn dial_plan(&self, record: RecordId) -> Result<nextline_domain::dialplan::DialPlan> {
        let settings = self.settings().await?;
        let state = self.store.record_state(record).await?;
        Ok(nextline_domain::dialplan::dial_plan(
            &state.record.contact,
            &settings,
        )?)
    }

    pub async fn directory(&self) -> Result<Directory> {
        Ok(self.store.directory().await?)
    }

    pub async fn directory_view(&self) -> Result<DirectoryView> {
        let d = self.store.directory().await?;
        Ok(DirectoryView {
            users: d.users,
            teams: d.teams,
        })
    }
}

fn command_name(c: &Command) -> &'static str {
    match c {
        Command::Complete { .. } => "complete",
        Command::Skip { .. } => "skip",
        Command::Snooze { .. } => "snooze",
        Command::Assign { .. } => "assign",
        Command::AddNote { .. } => "add_note",
        Command::ChangeOwner { .. } => "change_owner",
    }
}
