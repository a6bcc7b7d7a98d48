//! A stand-in for Microsoft Entra ID's device code and token endpoints: the device code is
//! approved after the first poll (so the client sees `authorization_pending` once), access
//! tokens last as long as the server is told, refresh tokens rotate.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Default)]
pub struct TokenStub {
    /// device_code → polls so far.
    pub devices: HashMap<String, u32>,
    pub access: HashMap<String, DateTime<Utc>>,
    pub refresh: HashMap<String, bool>,
    /// A token accepted always (automation: `NEXTLINE_CRM_TOKEN`).
    pub fixed: Option<String>,
    pub lifetime_secs: i64,
    pub refreshes: u64,
    /// Authorization codes handed to the browser: code → (PKCE challenge, redirect URI).
    pub codes: HashMap<String, (String, String)>,
}

impl TokenStub {
    pub fn valid(&self, token: &str, now: DateTime<Utc>) -> bool {
        self.fixed.as_deref() == Some(token) || self.access.get(token).is_some_and(|exp| *exp > now)
    }

    pub fn issue(&mut self, now: DateTime<Utc>) -> serde_json::Value {
        let access = format!("at-{}", Uuid::new_v4().simple());
        let refresh = format!("rt-{}", Uuid::new_v4().simple());
        self.access.insert(
            access.clone(),
            now + chrono::TimeDelta::seconds(self.lifetime_secs),
        );
        self.refresh.insert(refresh.clone(), true);
        serde_json::json!({
            "token_type": "Bearer",
            "scope": "user_impersonation",
            "expires_in": self.lifetime_secs,
            "access_token": access,
            "refresh_token": refresh,
        })
    }
}
