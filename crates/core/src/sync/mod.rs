//! Sync with Dynamics 365: sign-in, pulling the org into the cache, pushing the outbox.
//! The connection (org URL, user, app id) is a setting; the tokens are in the OS keyring.

pub mod pull;
pub mod push;
pub mod service;
pub mod status;
pub mod tokens;

use std::sync::Arc;

use nextline_dataverse::auth::{self, DeviceCode, SignInConfig};
use nextline_dataverse::client::FixedToken;
use nextline_dataverse::{Client, Connection, TokenSource};
use serde::{Deserialize, Serialize};

use crate::secrets::SecretStore;
use crate::{App, CoreError, Result};
pub use pull::PullReport;
pub use push::PushReport;
pub use service::CrmSync;
pub use status::*;
pub use tokens::{KeyringTokens, TOKEN_ENV};

/// Tests and automation: the Web API request timeout in milliseconds.
pub const TIMEOUT_ENV: &str = "NEXTLINE_CRM_TIMEOUT_MS";

/// The store key of the connection.
pub const CONNECTION_KEY: &str = "crm.connection";

/// Which org, as whom, through which app registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrmSettings {
    pub org_url: String,
    pub user_id: Option<uuid::Uuid>,
    pub user_name: Option<String>,
    pub client_id: String,
    pub authority: String,
}

impl CrmSettings {
    pub fn sign_in_config(&self) -> SignInConfig {
        SignInConfig {
            client_id: self.client_id.clone(),
            authority: self.authority.clone(),
        }
    }
}

/// One sync: the outbox out, the org in, the outbox again (changes made meanwhile).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: PushReport,
    pub pulled: PullReport,
    /// Time spent sending and reading (ms).
    pub push_ms: u64,
    pub pull_ms: u64,
}

impl App {
    pub async fn crm_settings(&self) -> Result<Option<CrmSettings>> {
        Ok(self.store().get(CONNECTION_KEY).await?)
    }

    /// A client for the connected org: the keyring's tokens, or `NEXTLINE_CRM_TOKEN`.
    pub async fn crm_client(&self, secrets: Arc<dyn SecretStore>) -> Result<Client> {
        let settings = self
            .crm_settings()
            .await?
            .ok_or(CoreError::CrmNotConnected)?;
        let connection = Connection::for_org(&settings.org_url)?;
        let tokens: Arc<dyn TokenSource> = match std::env::var(TOKEN_ENV) {
            Ok(t) if !t.is_empty() => Arc::new(FixedToken(t)),
            _ => Arc::new(KeyringTokens::new(
                secrets,
                connection.clone(),
                settings.sign_in_config(),
            )),
        };
        let mut client = Client::new(connection, tokens);
        // Tests and automation only: a shorter request timeout than the default two minutes.
        if let Some(ms) = std::env::var(TIMEOUT_ENV).ok().and_then(|v| v.parse().ok()) {
            client = client.with_timeout(std::time::Duration::from_millis(ms));
        }
        Ok(client)
    }

    /// Step 1 of signing in: the code to show the seller.
    pub async fn crm_sign_in_start(
        &self,
        org_url: &str,
        config: &SignInConfig,
    ) -> Result<(Connection, DeviceCode)> {
        let connection = Connection::for_org(org_url)?;
        let code = auth::start_device_sign_in(config, &connection).await?;
        Ok((connection, code))
    }

    /// Signing in in the system browser (authorization code + PKCE, loopback redirect): the
    /// URL to open, and the listener waiting for the browser to come back.
    pub async fn crm_browser_sign_in_start(
        &self,
        org_url: &str,
        config: &SignInConfig,
    ) -> Result<(Connection, auth::BrowserSignIn)> {
        let connection = Connection::for_org(org_url)?;
        let sign_in = auth::start_browser_sign_in(config, &connection).await?;
        Ok((connection, sign_in))
    }

    /// Waits for the browser, keeps the tokens in the keyring, learns who the seller is.
    pub async fn crm_browser_sign_in_finish(
        &self,
        secrets: Arc<dyn SecretStore>,
        connection: Connection,
        config: SignInConfig,
        sign_in: auth::BrowserSignIn,
    ) -> Result<CrmSettings> {
        let tokens = auth::finish_browser_sign_in(&config, sign_in).await?;
        self.keep_tokens(secrets, connection, config, &tokens).await
    }

    /// Step 2: wait for the seller, keep the tokens in the keyring, learn who they are.
    pub async fn crm_sign_in_finish(
        &self,
        secrets: Arc<dyn SecretStore>,
        connection: Connection,
        config: SignInConfig,
        code: &DeviceCode,
    ) -> Result<CrmSettings> {
        let tokens = auth::finish_device_sign_in(&config, code).await?;
        self.keep_tokens(secrets, connection, config, &tokens).await
    }

    /// New tokens go to the keyring; then the connection is made.
    async fn keep_tokens(
        &self,
        secrets: Arc<dyn SecretStore>,
        connection: Connection,
        config: SignInConfig,
        tokens: &auth::Tokens,
    ) -> Result<CrmSettings> {
        let keyring = Arc::new(KeyringTokens::new(
            secrets,
            connection.clone(),
            config.clone(),
        ));
        keyring.save(tokens)?;
        self.crm_connected(connection, config, keyring).await
    }

    /// Signed in (or given a token): WhoAmI, then the connection is saved.
    pub async fn crm_connected(
        &self,
        connection: Connection,
        config: SignInConfig,
        tokens: Arc<dyn TokenSource>,
    ) -> Result<CrmSettings> {
        let client = Client::new(connection.clone(), tokens);
        let me = client.who_am_i().await?;
        let name = client
            .get(nextline_dataverse::Table::SystemUsers, me)
            .await
            .ok()
            .flatten()
            .and_then(|r| r.string("fullname"));
        // The demo data stays with the demo org (the same seller); a real org replaces it — the
        // demo's changes were never real and must not reach a real org.
        let demo: bool = self
            .store()
            .get(nextline_store::keys::DEMO)
            .await?
            .unwrap_or(false);
        let local_user = self.current_user().await.ok();
        if demo && local_user != Some(nextline_domain::UserId(me)) {
            tracing::info!("a real org: leaving the demo data behind");
            self.store().forget_local_data().await?;
            self.forget_cache_after_sync();
        }
        let previous = self.crm_settings().await?;
        if previous
            .as_ref()
            .is_some_and(|p| p.org_url != connection.org.as_str())
        {
            // Another org: its rows are read from scratch (local changes stay in the outbox).
            self.store().reset_crm_cursors(None).await?;
        }
        let settings = CrmSettings {
            org_url: connection.org.to_string(),
            user_id: Some(me),
            user_name: name,
            client_id: config.client_id,
            authority: config.authority,
        };
        self.store().set(CONNECTION_KEY, &settings).await?;
        // The app opens as the signed-in seller.
        self.store()
            .set(
                nextline_store::keys::CURRENT_USER,
                &nextline_domain::UserId(me),
            )
            .await?;
        self.forget_cache_after_sync();
        Ok(settings)
    }

    /// Sign out: the tokens leave the keyring; the cache and the changes still to send stay.
    pub async fn crm_sign_out(&self, secrets: Arc<dyn SecretStore>) -> Result<()> {
        if let Some(s) = self.crm_settings().await? {
            let connection = Connection::for_org(&s.org_url)?;
            secrets.delete(&tokens::key_for(&connection))?;
            self.store().delete(CONNECTION_KEY).await?;
        }
        Ok(())
    }

    /// One sync with `client`: push, pull, push.
    pub async fn crm_sync(
        &self,
        client: &Client,
        full: bool,
        progress: pull::Progress<'_>,
    ) -> Result<SyncReport> {
        let t = std::time::Instant::now();
        let mut report = SyncReport {
            pushed: self.crm_push(client).await?,
            ..SyncReport::default()
        };
        report.push_ms = t.elapsed().as_millis() as u64;
        let t = std::time::Instant::now();
        report.pulled = self.crm_pull(client, full, progress).await?;
        report.pull_ms = t.elapsed().as_millis() as u64;
        let t = std::time::Instant::now();
        let again = self.crm_push(client).await?;
        report.push_ms += t.elapsed().as_millis() as u64;
        report.pushed.landed += again.landed;
        report.pushed.failed += again.failed;
        report.pushed.conflicts += again.conflicts;
        Ok(report)
    }

    /// The changes of `record` that did not land (refused, or in conflict).
    pub async fn sync_issues_of(
        &self,
        record: nextline_domain::RecordId,
    ) -> Result<Vec<crate::SyncIssue>> {
        let rows = self.store().outbox_problems_of(&record.to_string()).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let activity = (row.entity == "activity")
                    .then(|| row.entity_id.parse().ok().map(nextline_domain::ActivityId))
                    .flatten();
                let conflict = row.state == "conflict";
                let message = row.last_error.clone().unwrap_or_default();
                let item = summarise(row);
                crate::SyncIssue {
                    seq: item.seq,
                    activity,
                    summary: item.summary,
                    conflict,
                    message,
                }
            })
            .collect())
    }

    /// The visible outbox: changes not landed yet, oldest first.
    pub async fn outbox_items(&self, limit: u32) -> Result<Vec<OutboxItem>> {
        let rows = self.store().unsent_outbox(limit).await?;
        Ok(rows.into_iter().map(summarise).collect())
    }

    /// After a pull: users, teams and settings may have changed.
    pub(crate) fn forget_cache_after_sync(&self) {
        self.forget_cache();
    }
}

/// "Phone call · Call Anna Berg".
fn summarise(row: nextline_store::OutboxRow) -> OutboxItem {
    let p = &row.payload;
    let summary = match row.entity.as_str() {
        "activity" => {
            let a = &p["activity"];
            let kind = match a["type"].as_str().unwrap_or_default() {
                "phoneCall" => "Phone call",
                "email" => "Email",
                "meeting" => "Meeting",
                "textMessage" => "Text message",
                _ => "Task",
            };
            let state = a["state"].as_str().unwrap_or("open");
            let what = if row.operation == "create" {
                "new"
            } else {
                state
            };
            format!(
                "{kind} · {} ({what})",
                a["subject"].as_str().unwrap_or_default()
            )
        }
        "note" => format!(
            "Note · {}",
            p["note"]["text"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .take(60)
                .collect::<String>()
        ),
        _ => format!(
            "Record · {}",
            p["record"]["name"].as_str().unwrap_or_default()
        ),
    };
    OutboxItem {
        seq: row.seq,
        entity: row.entity,
        operation: row.operation,
        summary,
        record_name: p["record"]["name"].as_str().map(str::to_string),
        state: OutboxState::parse(&row.state),
        attempts: row.attempts.max(0) as u32,
        last_error: row.last_error,
        created_at: row.created_at,
    }
}
