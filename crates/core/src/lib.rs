//! The app core: what the window and the `nextline` CLI share. It opens the cache (seeding
//! demo data on first start), runs each command through the rules and commits its result in
//! one transaction, answers the queries, and publishes a change event after every commit.

pub mod activity_clock;
pub mod call_links;
mod clock;
pub mod desktop_notifier;
pub mod desktop_prefs;
pub mod email;
mod error;
mod lookup;
pub mod meetings;
mod paths;
pub mod secrets;
pub mod softphone;
pub mod sync;
pub mod texts;
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
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, RwLock};
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
    lang: Arc<AtomicU8>,
    changes: broadcast::Sender<Changed>,
    /// Users, teams and settings change only through imports (demo data, the CRM's sync);
    /// every command reads them, so they are kept here and dropped when an import happens.
    cache: Arc<RwLock<Option<Cached>>>,
}

#[derive(Clone)]
struct Cached {
    directory: Arc<Directory>,
    settings: Arc<Settings>,
    sequences: Arc<Vec<Sequence>>,
}

/// How often the change watcher looks for commits from other processes (a local PRAGMA; no IO
/// beyond the database file).
pub const CHANGE_POLL: std::time::Duration = std::time::Duration::from_millis(150);

impl App {
    pub async fn open(path: &Path, options: Options) -> Result<App> {
        let store = Store::open(path).await?;
        let (changes, _) = broadcast::channel(256);
        let app = App {
            store,
            clock: options.clock,
            lang: Arc::new(AtomicU8::new(options.lang as u8)),
            changes,
            cache: Arc::new(RwLock::new(None)),
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
        match self.lang.load(Ordering::Relaxed) {
            1 => Lang::El,
            _ => Lang::En,
        }
    }

    /// The language of messages from now on (the seller's choice in Settings).
    pub fn set_lang(&self, lang: Lang) {
        self.lang.store(lang as u8, Ordering::Relaxed);
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Changes committed by any process (this one, the CLI, the sync), once `watch_changes`
    /// runs.
    pub fn subscribe(&self) -> broadcast::Receiver<Changed> {
        self.changes.subscribe()
    }

    /// Watch the database for commits from any connection or process and publish them. Runs
    /// until the returned task is aborted.
    pub async fn watch_changes(&self) -> Result<tokio::task::JoinHandle<()>> {
        let mut feed = self.store.change_feed().await?;
        let changes = self.changes.clone();
        let cache = self.cache.clone();
        Ok(tokio::spawn(async move {
            loop {
                tokio::time::sleep(CHANGE_POLL).await;
                match feed.poll().await {
                    Ok(Some(records)) => {
                        if records.is_empty() {
                            // A bulk change (import, sync): users or settings may have changed.
                            *cache.write().unwrap_or_else(|e| e.into_inner()) = None;
                        }
                        let _ = changes.send(Changed { records });
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(code = e.code(), "change watcher: {e}"),
                }
            }
        }))
    }

    /// Tells the window these records changed without a commit (a wait ended: the next step
    /// is active now).
    pub fn announce(&self, records: Vec<RecordId>) {
        let _ = self.changes.send(Changed { records });
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
        self.forget_cache();
        tracing::info!(records, "seeded demo data");
        Ok(())
    }

    pub async fn settings(&self) -> Result<Settings> {
        Ok((*self.cached().await?.settings).clone())
    }

    /// The seller's and administrator's settings, from now on.
    pub async fn set_settings(&self, settings: &Settings) -> Result<()> {
        self.store.set(keys::SETTINGS, settings).await?;
        self.forget_cache();
        Ok(())
    }

    /// Directory and settings, from the cache or the store.
    async fn cached(&self) -> Result<Cached> {
        if let Some(c) = self
            .cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return Ok(c.clone());
        }
        let fresh = Cached {
            directory: Arc::new(self.store.directory().await?),
            settings: Arc::new(self.store.get(keys::SETTINGS).await?.unwrap_or_default()),
            sequences: Arc::new(self.store.sequences().await?),
        };
        *self.cache.write().unwrap_or_else(|e| e.into_inner()) = Some(fresh.clone());
        Ok(fresh)
    }

    fn forget_cache(&self) {
        *self.cache.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The current seller's name (templates' `{{SellerName}}`); empty when unknown.
    pub async fn current_user_name(&self) -> Result<String> {
        let me = self.current_user().await?;
        Ok(self
            .directory()
            .await?
            .user(me)
            .map(|u| u.name.clone())
            .unwrap_or_default())
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
        let directory = self.cached().await?.directory;
        let me = self.actor(&directory, None).await?;
        Ok(AppInfo {
            demo: self.store.get(keys::DEMO).await?.unwrap_or(false),
            current_user: UserSummary {
                id: me.id(),
                name: me.user.name.clone(),
            },
            record_count: self.store.record_count().await?,
            version: env!("CARGO_PKG_VERSION").to_string(),
            language: self.lang(),
        })
    }

    /// Run one command as `who` (the current user by default): the rules decide, the store
    /// commits everything or nothing, then a change event goes out.
    pub async fn run(&self, who: Option<UserId>, command: Command) -> Result<CommandDone> {
        let now = self.now();
        // A scheduled email that its server is taking right now can no longer be called off.
        if let Command::CancelEmail { activity } = &command
            && self.store.email_being_sent(*activity, now).await?
        {
            return Err(CoreError::EmailBeingSent);
        }
        let Cached {
            directory,
            settings,
            sequences,
        } = self.cached().await?;
        let actor = self.actor(&directory, who).await?;
        let mut tx = self.store.begin().await?;
        let state = match (command.record(), command.activity()) {
            (Some(record), _) => tx.record_state(record).await?,
            (None, Some(activity)) => tx.record_state_of_activity(activity, &sequences).await?,
            (None, None) => unreachable!("every command names a record or an activity"),
        };
        let record = state.record.id;
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
        tracing::info!(command = command_name(&command), "command committed");
        Ok(CommandDone {
            record,
            events: outcome.events().cloned().collect(),
            activities: outcome.activities,
        })
    }

    /// Phone calls placed by `placed_by` ("app", "cli") that never ended — the program stopped
    /// mid-call — are ended now as interrupted, so each is on the timeline once with how it
    /// ended (R14). Returns how many.
    pub async fn close_calls_left_open(&self, placed_by: &str) -> Result<usize> {
        let open = self.store.calls_going_on(placed_by).await?;
        for call in &open {
            let caller = call.call.as_ref().map(|c| c.from);
            self.run(
                caller,
                Command::EndCall {
                    activity: call.id,
                    outcome: CallOutcome::Interrupted,
                    duration_secs: None,
                    quality: None,
                },
            )
            .await?;
        }
        if !open.is_empty() {
            tracing::info!(
                calls = open.len(),
                "closed calls left open by an earlier run"
            );
        }
        Ok(open.len())
    }

    pub async fn work_list(
        &self,
        who: Option<UserId>,
        query: &WorkListQuery,
    ) -> Result<WorkListPage> {
        let settings = self.settings().await?;
        let directory = self.cached().await?.directory;
        let actor = self.actor(&directory, who).await?;
        Ok(self
            .store
            .work_list(&actor, &directory, &settings, query, self.now())
            .await?)
    }

    /// How many cards the work list query matches, over all pages.
    pub async fn work_list_count(&self, who: Option<UserId>, query: &WorkListQuery) -> Result<u32> {
        let settings = self.settings().await?;
        let directory = self.cached().await?.directory;
        let actor = self.actor(&directory, who).await?;
        Ok(self
            .store
            .work_list_count(&actor, &settings, query, self.now())
            .await?)
    }

    /// The Up Next panel of a record, with every action's availability for `who` (R4, R22).
    pub async fn up_next(&self, who: Option<UserId>, record: RecordId) -> Result<UpNextView> {
        let now = self.now();
        let settings = self.settings().await?;
        let directory = self.cached().await?.directory;
        let actor = self.actor(&directory, who).await?;
        let state = self.store.record_state(record).await?;
        let ctx = Context {
            actor: &actor,
            directory: &directory,
            settings: &settings,
            now,
        };
        let view = up_next(&state, now);
        let lang = self.lang();
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
            sync_issues: self.sync_issues_of(record).await?,
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
        Command::LogCall { .. } => "log_call",
        Command::EndCall { .. } => "end_call",
        Command::SendEmail { .. } => "send_email",
        Command::EmailSent { .. } => "email_sent",
        Command::EmailFailed { .. } => "email_failed",
        Command::CancelEmail { .. } => "cancel_email",
        Command::SendText { .. } => "send_text",
        Command::TextStatus { .. } => "text_status",
        Command::ReceiveText { .. } => "receive_text",
        Command::CreateMeeting { .. } => "create_meeting",
    }
}
