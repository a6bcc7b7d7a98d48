//! The sync as the window and the CLI see it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SyncPhase {
    NotConnected,
    SigningIn,
    Syncing,
    Idle,
    /// Dynamics 365 can't be reached: changes are kept and sent when it can.
    Offline,
    /// The sign-in expired or was refused: pending changes are kept.
    SignInNeeded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub table: String,
    pub rows: u32,
    pub tables_done: u32,
    pub tables_total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncProblem {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CrmConnection {
    pub org_url: String,
    pub user_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInPrompt {
    pub user_code: String,
    pub verification_uri: String,
    pub message: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub phase: SyncPhase,
    pub connection: Option<CrmConnection>,
    pub sign_in: Option<SignInPrompt>,
    pub progress: Option<SyncProgress>,
    pub last_sync: Option<DateTime<Utc>>,
    pub next_sync: Option<DateTime<Utc>>,
    pub problem: Option<SyncProblem>,
    pub pending: u32,
    pub conflicts: u32,
    pub missing_tables: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OutboxState {
    Pending,
    Sending,
    Done,
    Conflict,
    Failed,
}

impl OutboxState {
    pub fn parse(s: &str) -> OutboxState {
        match s {
            "done" => OutboxState::Done,
            "conflict" => OutboxState::Conflict,
            "failed" => OutboxState::Failed,
            "sending" => OutboxState::Sending,
            _ => OutboxState::Pending,
        }
    }
}

/// One change in the visible outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    #[ts(type = "number")]
    pub seq: i64,
    pub entity: String,
    pub operation: String,
    pub summary: String,
    pub record_name: Option<String>,
    pub state: OutboxState,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}
