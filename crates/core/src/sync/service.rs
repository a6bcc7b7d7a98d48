//! The sync as a service of the running app: signs in, syncs every few minutes and soon after
//! each local change, keeps a [`SyncStatus`] for the window (a `watch` channel the shell turns
//! into `sync` events), and settles what the seller decides about conflicts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use nextline_dataverse::auth::{DeviceCode, SignInConfig};
use nextline_dataverse::{DataverseError, Table};
use tokio::sync::{Notify, watch};

use super::status::*;
use super::{CrmSettings, push::table_of};
use crate::secrets::SecretStore;
use crate::{App, CoreError, Result};

/// How often the org is read when nothing happens locally.
pub const SYNC_EVERY: Duration = Duration::from_secs(120);
/// How soon a local change is sent.
pub const PUSH_AFTER_CHANGE: Duration = Duration::from_millis(800);

struct Inner {
    app: App,
    secrets: Arc<dyn SecretStore>,
    status: watch::Sender<SyncStatus>,
    wake: Notify,
    sign_in: Mutex<Option<tokio::task::JoinHandle<()>>>,
    /// One sync at a time.
    running: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
pub struct CrmSync(Arc<Inner>);

fn empty() -> SyncStatus {
    SyncStatus {
        phase: SyncPhase::NotConnected,
        connection: None,
        sign_in: None,
        progress: None,
        last_sync: None,
        next_sync: None,
        problem: None,
        pending: 0,
        conflicts: 0,
        missing_tables: Vec::new(),
    }
}

fn connection_of(s: &CrmSettings) -> CrmConnection {
    CrmConnection {
        org_url: s.org_url.clone(),
        user_name: s.user_name.clone().unwrap_or_default(),
    }
}

impl CrmSync {
    pub fn new(app: App, secrets: Arc<dyn SecretStore>) -> CrmSync {
        let (status, _) = watch::channel(empty());
        CrmSync(Arc::new(Inner {
            app,
            secrets,
            status,
            wake: Notify::new(),
            sign_in: Mutex::new(None),
            running: tokio::sync::Mutex::new(()),
        }))
    }

    pub fn status(&self) -> SyncStatus {
        self.0.status.borrow().clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.0.status.subscribe()
    }

    fn update(&self, f: impl FnOnce(&mut SyncStatus)) {
        self.0.status.send_modify(f);
    }

    async fn refresh_counts(&self) {
        if let Ok((pending, failed, conflicts)) = self.0.app.store().outbox_counts().await {
            self.update(|s| {
                s.pending = pending + failed;
                s.conflicts = conflicts;
            });
        }
    }

    /// Runs for the life of the app: a sync now (when connected), then every [`SYNC_EVERY`],
    /// and soon after every local change.
    pub fn start(&self) {
        let me = self.clone();
        tokio::spawn(async move {
            if let Ok(Some(s)) = me.0.app.crm_settings().await {
                me.update(|st| {
                    st.connection = Some(connection_of(&s));
                    st.phase = SyncPhase::Idle;
                });
            }
            me.refresh_counts().await;
            loop {
                if me.status().connection.is_some() {
                    me.sync_once(false).await;
                }
                let next = chrono::Utc::now()
                    + chrono::TimeDelta::from_std(SYNC_EVERY).unwrap_or_default();
                me.update(|s| s.next_sync = s.connection.as_ref().map(|_| next));
                let _ = tokio::time::timeout(SYNC_EVERY, me.0.wake.notified()).await;
            }
        });
        let me = self.clone();
        let mut changes = self.0.app.subscribe();
        tokio::spawn(async move {
            while changes.recv().await.is_ok() {
                me.refresh_counts().await;
                let s = me.status();
                if s.connection.is_some() && s.pending > 0 && s.phase != SyncPhase::Syncing {
                    tokio::time::sleep(PUSH_AFTER_CHANGE).await;
                    me.0.wake.notify_one();
                }
            }
        });
    }

    /// Sync now (the Sync now button, Retry).
    pub fn sync_now(&self) {
        self.0.wake.notify_one();
    }

    /// One sync; its outcome goes to the status, never lost.
    pub async fn sync_once(&self, full: bool) {
        let _one = self.0.running.lock().await;
        let app = &self.0.app;
        let client = match app.crm_client(self.0.secrets.clone()).await {
            Ok(c) => c,
            Err(e) => return self.problem(&e),
        };
        self.update(|s| {
            s.phase = SyncPhase::Syncing;
            s.problem = None;
        });
        let me = self.clone();
        let progress = move |table: Table, rows: u32, done: u32| {
            me.update(|s| {
                s.progress = Some(SyncProgress {
                    table: table.set().into(),
                    rows,
                    tables_done: done,
                    tables_total: Table::ALL.len() as u32,
                })
            });
        };
        let result = app.crm_sync(&client, full, &progress).await;
        self.update(|s| s.progress = None);
        self.refresh_counts().await;
        match result {
            Ok(report) => {
                tracing::info!(
                    pulled = report.pulled.rows,
                    landed = report.pushed.landed,
                    "synced with Dynamics 365"
                );
                self.update(|s| {
                    s.phase = SyncPhase::Idle;
                    s.last_sync = Some(chrono::Utc::now());
                    s.missing_tables = report.pulled.missing.clone();
                });
            }
            Err(e) => self.problem(&e),
        }
    }

    fn problem(&self, e: &CoreError) {
        let lang = self.0.app.lang();
        tracing::warn!(code = e.code(), "sync did not finish");
        let phase = match e {
            CoreError::CrmNotConnected => SyncPhase::NotConnected,
            CoreError::Crm(DataverseError::SignInNeeded(_)) => SyncPhase::SignInNeeded,
            CoreError::Crm(d) if d.is_transient() => SyncPhase::Offline,
            _ => SyncPhase::Idle,
        };
        let problem = SyncProblem {
            code: e.code().into(),
            message: e.message(lang),
        };
        self.update(|s| {
            s.phase = phase;
            s.problem = (phase != SyncPhase::NotConnected).then_some(problem);
        });
    }

    /// Starts signing in to `org_url`: in the system browser (authorization code + PKCE), or
    /// with a code typed at Microsoft's device login page (`device_code`, the fallback). The
    /// prompt is shown; the rest follows in the status.
    pub async fn connect(
        &self,
        org_url: &str,
        config: SignInConfig,
        device_code: bool,
    ) -> Result<SignInPrompt> {
        let app = self.0.app.clone();
        let secrets = self.0.secrets.clone();
        let (prompt, finish): (
            SignInPrompt,
            std::pin::Pin<Box<dyn std::future::Future<Output = Result<CrmSettings>> + Send>>,
        ) = if device_code {
            let (connection, code) = app.crm_sign_in_start(org_url, &config).await?;
            let prompt = prompt_of(&code);
            let app = app.clone();
            (
                prompt,
                Box::pin(async move {
                    app.crm_sign_in_finish(secrets, connection, config, &code)
                        .await
                }),
            )
        } else {
            let (connection, sign_in) = app.crm_browser_sign_in_start(org_url, &config).await?;
            let prompt = SignInPrompt {
                user_code: String::new(),
                verification_uri: sign_in.authorize_url.clone(),
                message: String::new(),
                expires_at: chrono::Utc::now() + chrono::TimeDelta::minutes(10),
            };
            let app = app.clone();
            (
                prompt,
                Box::pin(async move {
                    app.crm_browser_sign_in_finish(secrets, connection, config, sign_in)
                        .await
                }),
            )
        };
        self.update(|s| {
            s.phase = SyncPhase::SigningIn;
            s.sign_in = Some(prompt.clone());
            s.problem = None;
        });
        let me = self.clone();
        let task = tokio::spawn(async move {
            match finish.await {
                Ok(settings) => {
                    me.update(|s| {
                        s.sign_in = None;
                        s.connection = Some(connection_of(&settings));
                    });
                    me.sync_once(false).await;
                }
                Err(e) => {
                    me.update(|s| s.sign_in = None);
                    me.problem(&e);
                    if me.status().connection.is_none() {
                        me.update(|s| s.phase = SyncPhase::NotConnected);
                    }
                }
            }
        });
        if let Some(old) = self
            .0
            .sign_in
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(task)
        {
            old.abort();
        }
        Ok(prompt)
    }

    pub fn cancel_sign_in(&self) {
        if let Some(t) = self
            .0
            .sign_in
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            t.abort();
        }
        self.update(|s| {
            s.sign_in = None;
            s.phase = if s.connection.is_some() {
                SyncPhase::SignInNeeded
            } else {
                SyncPhase::NotConnected
            };
        });
    }

    pub async fn sign_out(&self) -> Result<()> {
        self.0.app.crm_sign_out(self.0.secrets.clone()).await?;
        self.update(|s| {
            let (pending, conflicts) = (s.pending, s.conflicts);
            *s = empty();
            s.pending = pending;
            s.conflicts = conflicts;
        });
        Ok(())
    }

    pub async fn outbox(&self, limit: u32) -> Result<Vec<OutboxItem>> {
        self.0.app.outbox_items(limit).await
    }

    /// Send a failed change again.
    pub async fn retry(&self, seq: i64) -> Result<()> {
        self.0.app.store().outbox_retry(seq, false).await?;
        self.refresh_counts().await;
        self.sync_now();
        Ok(())
    }

    /// A conflict: keep the seller's change (sent over the CRM's), or take the CRM's version.
    pub async fn settle(&self, seq: i64, keep_mine: bool) -> Result<()> {
        let store = self.0.app.store();
        let Some(row) = store.outbox_entry(seq).await? else {
            return Ok(());
        };
        if keep_mine {
            store.outbox_retry(seq, true).await?;
        } else {
            store.outbox_take_theirs(seq, &row.entity_id).await?;
            let id: Option<uuid::Uuid> = row.entity_id.parse().ok();
            let shadow_set = match id {
                Some(id) => store.crm_shadows(&[id]).await?.remove(&id).map(|s| s.set),
                None => None,
            };
            let table = shadow_set
                .and_then(|s| Table::from_set(&s))
                .or(table_of(&row));
            if let (Some(table), Some(id)) = (table, id) {
                let client = self.0.app.crm_client(self.0.secrets.clone()).await?;
                match self.0.app.crm_refresh_row(&client, table, id).await {
                    Ok(()) => {}
                    Err(e) => tracing::warn!(code = e.code(), "could not read the row again"),
                }
            }
        }
        self.refresh_counts().await;
        self.sync_now();
        Ok(())
    }
}

fn prompt_of(code: &DeviceCode) -> SignInPrompt {
    SignInPrompt {
        user_code: code.user_code.clone(),
        verification_uri: code.verification_uri.clone(),
        message: code.message.clone(),
        expires_at: code.expires_at,
    }
}
