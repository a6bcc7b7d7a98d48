//! IPC adapters of the sync with Dynamics 365: Settings → Dynamics 365, the header's sync
//! indicator. The sync runs in the app core; the window sees its [`SyncStatus`] (sent as
//! `sync` events after every change).

use nextline_core::App;
use nextline_core::sync::{CrmSync, OutboxItem, SignInPrompt, SyncStatus};
use nextline_dataverse::auth::SignInConfig;
use tauri::State;

use crate::commands::{Reply, fail};

/// Opens an http(s) link in the system browser (the sign-in page).
fn open_in_browser(url: &str) {
    if url.starts_with("https://") || url.starts_with("http://") {
        crate::open::open_link(url);
    }
}

#[tauri::command]
pub fn sync_status(sync: State<'_, CrmSync>) -> SyncStatus {
    sync.status()
}

/// Starts signing in: the browser opens Microsoft's sign-in page (authorization code + PKCE,
/// back to a loopback port), or, with `device_code`, the device login page and the window
/// shows the code to type.
#[tauri::command]
pub async fn crm_connect(
    app: State<'_, App>,
    sync: State<'_, CrmSync>,
    org_url: String,
    device_code: Option<bool>,
) -> Reply<SignInPrompt> {
    let config = SignInConfig {
        client_id: std::env::var("NEXTLINE_CRM_CLIENT_ID")
            .unwrap_or_else(|_| nextline_dataverse::auth::SAMPLE_CLIENT_ID.into()),
        authority: std::env::var("NEXTLINE_ENTRA_AUTHORITY")
            .unwrap_or_else(|_| nextline_dataverse::auth::DEFAULT_AUTHORITY.into()),
    };
    let prompt = sync
        .connect(&org_url, config, device_code.unwrap_or(false))
        .await
        .map_err(fail(&app))?;
    open_in_browser(&prompt.verification_uri);
    Ok(prompt)
}

#[tauri::command]
pub fn crm_cancel_sign_in(sync: State<'_, CrmSync>) {
    sync.cancel_sign_in();
}

#[tauri::command]
pub async fn crm_sign_out(app: State<'_, App>, sync: State<'_, CrmSync>) -> Reply<()> {
    sync.sign_out().await.map_err(fail(&app))
}

#[tauri::command]
pub fn sync_now(sync: State<'_, CrmSync>) {
    sync.sync_now();
}

#[tauri::command]
pub async fn outbox_items(
    app: State<'_, App>,
    sync: State<'_, CrmSync>,
    limit: u32,
) -> Reply<Vec<OutboxItem>> {
    sync.outbox(limit).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn retry_outbox_item(
    app: State<'_, App>,
    sync: State<'_, CrmSync>,
    seq: i64,
) -> Reply<()> {
    sync.retry(seq).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn settle_conflict(
    app: State<'_, App>,
    sync: State<'_, CrmSync>,
    seq: i64,
    keep: String,
) -> Reply<()> {
    sync.settle(seq, keep == "mine").await.map_err(fail(&app))
}
