//! Access tokens for Dataverse: from the OS keyring, refreshed five minutes before they
//! expire (the new refresh token always replaces the old), or a fixed one from
//! `NEXTLINE_CRM_TOKEN` (tests and automation only).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use nextline_dataverse::auth::{self, SignInConfig, Tokens};
use nextline_dataverse::{Connection, DataverseError, TokenSource};

use crate::secrets::{SecretKey, SecretStore};

/// The environment variable with an access token for automation (tests, scripts).
pub const TOKEN_ENV: &str = "NEXTLINE_CRM_TOKEN";

pub struct KeyringTokens {
    pub secrets: Arc<dyn SecretStore>,
    pub key: SecretKey,
    pub config: SignInConfig,
    pub connection: Connection,
    cached: Mutex<Option<Tokens>>,
    /// One refresh at a time.
    refreshing: tokio::sync::Mutex<()>,
}

impl KeyringTokens {
    pub fn new(
        secrets: Arc<dyn SecretStore>,
        connection: Connection,
        config: SignInConfig,
    ) -> KeyringTokens {
        KeyringTokens {
            key: key_for(&connection),
            secrets,
            config,
            connection,
            cached: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    fn load(&self) -> Result<Option<Tokens>, DataverseError> {
        if let Some(t) = self
            .cached
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            return Ok(Some(t));
        }
        let text = self
            .secrets
            .get(&self.key)
            .map_err(|e| DataverseError::SignInNeeded(e.to_string()))?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    pub fn save(&self, tokens: &Tokens) -> Result<(), crate::secrets::SecretError> {
        let text = serde_json::to_string(tokens).expect("tokens serialise");
        self.secrets.set(&self.key, &text)?;
        *self.cached.lock().unwrap_or_else(|e| e.into_inner()) = Some(tokens.clone());
        Ok(())
    }

    async fn get(&self, fresh: bool) -> Result<String, DataverseError> {
        let tokens = self
            .load()?
            .ok_or_else(|| DataverseError::SignInNeeded("not signed in".into()))?;
        if !fresh && !tokens.needs_refresh(chrono::Utc::now()) {
            return Ok(tokens.access_token);
        }
        let _one = self.refreshing.lock().await;
        // Another caller may have refreshed while this one waited.
        if let Some(now) = self.load()?
            && now.access_token != tokens.access_token
        {
            return Ok(now.access_token);
        }
        let refresh = tokens
            .refresh_token
            .as_deref()
            .ok_or_else(|| DataverseError::SignInNeeded("no refresh token".into()))?;
        let new = auth::refresh(&self.config, &self.connection, refresh).await?;
        self.save(&new)
            .map_err(|e| DataverseError::SignInNeeded(e.to_string()))?;
        Ok(new.access_token)
    }
}

pub fn key_for(connection: &Connection) -> SecretKey {
    SecretKey::CrmTokens {
        org: connection.org.host_str().unwrap_or_default().to_string()
            + &connection
                .org
                .port()
                .map(|p| format!(":{p}"))
                .unwrap_or_default(),
    }
}

impl TokenSource for KeyringTokens {
    fn token(
        &self,
        fresh: bool,
    ) -> Pin<Box<dyn Future<Output = Result<String, DataverseError>> + Send + '_>> {
        Box::pin(self.get(fresh))
    }
}
