//! IPC command adapters: typed arguments in, typed results or an `ErrorPayload` out. No rules
//! here — each one calls the app core.

use nextline_core::{App, AppInfo, CommandDone, DirectoryView, ErrorPayload, UpNextView};
use nextline_domain::dialplan::DialPlan;
use nextline_domain::worklist::{WorkListPage, WorkListQuery};
use nextline_domain::{Command, Lang, RecordId, TimelineEntry};
use tauri::State;

pub(crate) type Reply<T> = Result<T, ErrorPayload>;

/// A refusal for the window: the error's code and its message in the seller's language.
pub(crate) fn fail(app: &App) -> impl Fn(nextline_core::CoreError) -> ErrorPayload + '_ {
    move |e| {
        tracing::warn!(code = e.code(), "command refused");
        e.payload(app.lang())
    }
}

#[tauri::command]
pub async fn app_info(app: State<'_, App>) -> Reply<AppInfo> {
    app.app_info().await.map_err(fail(&app))
}

#[tauri::command]
pub async fn work_list(app: State<'_, App>, query: WorkListQuery) -> Reply<WorkListPage> {
    app.work_list(None, &query).await.map_err(fail(&app))
}

/// How many cards the query matches over all pages (asked separately: the first page never
/// waits for the count).
#[tauri::command]
pub async fn work_list_count(app: State<'_, App>, query: WorkListQuery) -> Reply<u32> {
    app.work_list_count(None, &query).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn up_next(app: State<'_, App>, record: RecordId) -> Reply<UpNextView> {
    app.up_next(None, record).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn timeline(app: State<'_, App>, record: RecordId) -> Reply<Vec<TimelineEntry>> {
    app.timeline(record, 200).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn dial_plan(app: State<'_, App>, record: RecordId) -> Reply<DialPlan> {
    app.dial_plan(record).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn directory(app: State<'_, App>) -> Reply<DirectoryView> {
    app.directory_view().await.map_err(fail(&app))
}

/// Every seller action (complete, skip, snooze, assign, note, owner change) as the current user.
#[tauri::command]
pub async fn run_command(app: State<'_, App>, command: Command) -> Reply<CommandDone> {
    // What the transports and senders report (sent, delivered, a reply), and sending itself,
    // come from the app core, never from the window: emails and texts have their own commands.
    let internal = matches!(
        command,
        Command::SendEmail { .. }
            | Command::EmailSent { .. }
            | Command::EmailFailed { .. }
            | Command::SendText { .. }
            | Command::TextStatus { .. }
            | Command::ReceiveText { .. }
            | Command::LogCall { .. }
            | Command::EndCall { .. }
    );
    if internal {
        return Err(fail(&app)(nextline_core::CoreError::NotFromTheWindow));
    }
    app.run(None, command).await.map_err(fail(&app))
}

/// The seller picked a language in Settings: messages from the core follow it.
#[tauri::command]
pub fn set_language(app: State<'_, App>, language: Lang) {
    app.set_lang(language);
}

/// R18: opens a Teams meeting's join link in the Teams app or the browser — only a
/// `https://teams.microsoft.com/…` or `msteams:` link; anything else is refused with a message.
#[tauri::command]
pub async fn join_meeting(app: State<'_, App>, activity: nextline_domain::ActivityId) -> Reply<()> {
    let link = app.join_link(activity).await.map_err(fail(&app))?;
    crate::open::open_link(&link);
    Ok(())
}
