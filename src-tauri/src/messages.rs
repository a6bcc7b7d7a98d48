//! IPC adapters of email (R15–R17) and text messages (R19–R21): the composer and its drafts,
//! sending now or later, the conversation pane, Settings → Email and → Text messages. The
//! rules and the sending live in the app core.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use nextline_core::email::{EmailComposer, EmailSettings, EmailSettingsView, SendEmailRequest};
use nextline_core::secrets::OsKeyring;
use nextline_core::texts::{Conversation, SendTextRequest, TextSettings, TextSettingsView, Texts};
use nextline_core::{App, CommandDone};
use nextline_domain::{ActivityId, EmailDraft, RecordId};
use tauri::State;

use crate::commands::{Reply, fail};

#[tauri::command]
pub async fn email_composer(
    app: State<'_, App>,
    record: RecordId,
    for_activity: Option<ActivityId>,
) -> Reply<EmailComposer> {
    app.email_composer(record, for_activity, &OsKeyring)
        .await
        .map_err(fail(&app))
}

/// Saves the composer's draft as the seller types (R16); returns when it was saved.
#[tauri::command]
pub async fn save_email_draft(app: State<'_, App>, draft: EmailDraft) -> Reply<DateTime<Utc>> {
    app.save_email_draft(&draft).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn discard_email_draft(app: State<'_, App>, record: RecordId) -> Reply<()> {
    app.discard_email_draft(record).await.map_err(fail(&app))
}

/// Send (no `sendAt`) or Schedule (R17).
#[tauri::command]
pub async fn send_email(app: State<'_, App>, request: SendEmailRequest) -> Reply<CommandDone> {
    app.send_email(&request, Arc::new(OsKeyring))
        .await
        .map_err(fail(&app))
}

#[tauri::command]
pub async fn email_settings(app: State<'_, App>) -> Reply<EmailSettingsView> {
    app.email_settings_view(&OsKeyring)
        .await
        .map_err(fail(&app))
}

/// Saves Settings → Email; a password typed goes to the keyring only.
#[tauri::command]
pub async fn set_email_settings(
    app: State<'_, App>,
    settings: EmailSettings,
    password: Option<String>,
) -> Reply<()> {
    app.set_email_settings(&settings, password.as_deref(), &OsKeyring)
        .await
        .map_err(fail(&app))
}

#[tauri::command]
pub async fn conversation(
    app: State<'_, App>,
    texts: State<'_, Texts>,
    record: RecordId,
) -> Reply<Conversation> {
    texts.conversation(record).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn send_text(
    app: State<'_, App>,
    texts: State<'_, Texts>,
    request: SendTextRequest,
) -> Reply<CommandDone> {
    texts.send(&request).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn text_settings(
    app: State<'_, App>,
    texts: State<'_, Texts>,
) -> Reply<TextSettingsView> {
    texts.settings_view().await.map_err(fail(&app))
}

/// Saves Settings → Text messages; a Twilio token typed goes to the keyring only.
#[tauri::command]
pub async fn set_text_settings(
    app: State<'_, App>,
    texts: State<'_, Texts>,
    settings: TextSettings,
    token: Option<String>,
) -> Reply<()> {
    texts
        .set_settings(&settings, token.as_deref())
        .await
        .map_err(fail(&app))
}
