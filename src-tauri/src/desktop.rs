//! The desktop around the window: the activity clock's notifications and what the seller
//! presses on them, the tray (what is due, do not disturb, quit), closing to the tray, start
//! at login, and `tel:` / `callto:` / `sip:` links handed to Nextline. The rules live in
//! `nextline_core::activity_clock`; this is the glue to Tauri.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Duration, Utc};
use nextline_core::App;
use nextline_core::activity_clock::{self, ActivityClock, TrayView};
use nextline_core::call_links::CallLink;
use nextline_core::desktop_notifier::{
    CallAction, CallNotice, Clicked, DesktopNotifier, ReminderAction, ReminderClicked,
};
use nextline_core::desktop_prefs::DesktopPrefs;
use nextline_core::softphone::{CallPhase, Softphone};
use nextline_domain::CallDirection;
use nextline_domain::{Lang, RecordId};
use serde::Serialize;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_autostart::ManagerExt;
use tokio::sync::Mutex;

use crate::commands::{Reply, fail};

const TRAY_ICON: &[u8] = include_bytes!("../../icons/tray.png");
const TRAY_ICON_DUE: &[u8] = include_bytes!("../../icons/tray-due.png");
/// How often the tray looks again without a change (overdue is a matter of time).
const TRAY_REFRESH: std::time::Duration = std::time::Duration::from_secs(30);

/// The shell's desktop state.
pub struct Desktop {
    pub clock: ActivityClock,
    pub notifier: Arc<DesktopNotifier>,
    /// Closing the window hides it (read on every close request).
    pub close_to_tray: AtomicBool,
    /// A call link given at start, until the window asks for it.
    pub pending_link: Mutex<Option<CallLink>>,
    tray: Mutex<Option<(TrayIcon, TrayView)>>,
}

/// Open Up Next for a record (a notification or the tray was clicked); with `call`, also start
/// calling its contact (the notification's Call button).
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct OpenRecord {
    record: RecordId,
    call: bool,
}

pub fn show_window(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

impl Desktop {
    pub fn start(app: &AppHandle, core: &App) -> Desktop {
        let lang_of = core.clone();
        let (notifier, clicked) = DesktopNotifier::new(Arc::new(move || lang_of.lang()));
        let notifier = Arc::new(notifier);
        let clock = ActivityClock::new(core.clone(), notifier.clone())
            .with_os_quiet(Arc::new(
                nextline_core::desktop_notifier::desktop_do_not_disturb,
            ))
            .with_emails(Arc::new(nextline_core::secrets::OsKeyring));
        tauri::async_runtime::spawn(clock.clone().run());
        tauri::async_runtime::spawn(on_clicks(app.clone(), core.clone(), clicked));
        let prefs = tauri::async_runtime::block_on(core.desktop_prefs()).ok();
        Desktop {
            clock,
            notifier,
            close_to_tray: AtomicBool::new(prefs.is_none_or(|p| p.close_to_tray)),
            pending_link: Mutex::new(None),
            tray: Mutex::new(None),
        }
    }
}

async fn on_clicks(
    app: AppHandle,
    core: App,
    mut clicked: tokio::sync::mpsc::UnboundedReceiver<Clicked>,
) {
    while let Some(c) = clicked.recv().await {
        match c {
            Clicked::Reminder(r) => on_reminder(&app, &core, r).await,
            Clicked::Text { record } => {
                show_window(&app);
                let _ = app.emit("open-conversation", OpenConversation { record });
            }
            Clicked::Call { call, action } => {
                let phone = app.state::<Softphone>();
                let done = match action {
                    CallAction::Answer => phone.answer(&call).await,
                    CallAction::Decline => phone.decline(&call).await,
                    CallAction::Open => Ok(()),
                };
                if action != CallAction::Decline {
                    show_window(&app);
                }
                if let Err(e) = done {
                    tracing::warn!(
                        code = e.code(),
                        "the call could not be answered or declined"
                    );
                }
            }
        }
    }
}

async fn on_reminder(app: &AppHandle, core: &App, c: ReminderClicked) {
    match c.act(core).await {
        Ok(true) => {}
        Ok(false) => {
            show_window(app);
            let _ = app.emit(
                "open-record",
                OpenRecord {
                    record: c.reminder.record,
                    call: c.action == ReminderAction::Call,
                },
            );
        }
        Err(e) => tracing::warn!(code = e.code(), "a reminder's button could not be done"),
    }
}

/// Open a record's conversation pane (a reply's notification was clicked).
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct OpenConversation {
    record: RecordId,
}

/// Replies raise a notification (R21); clicking it opens the conversation.
pub fn start_text_notices(app: &AppHandle, texts: &nextline_core::texts::Texts) {
    let mut arrived = texts.subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match arrived.recv().await {
                Ok(t) => {
                    let notifier = app.state::<Desktop>().notifier.clone();
                    notifier.text_arrived(t.record, &t.contact_name, &t.body);
                    let _ = app.emit("text-arrived", OpenConversation { record: t.record });
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    });
}

/// Incoming calls ring on the desktop too (the window may be hidden in the tray): one
/// notification per call while it rings, gone once it is answered, declined or over.
pub fn start_call_notices(app: &AppHandle, softphone: &Softphone) {
    let mut status = softphone.subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let mut ringing: std::collections::HashMap<String, CallNotice> = Default::default();
        while status.changed().await.is_ok() {
            let calls = status.borrow_and_update().calls.clone();
            let notifier = app.state::<Desktop>().notifier.clone();
            for c in &calls {
                if c.direction == CallDirection::Incoming
                    && c.phase == CallPhase::Incoming
                    && !ringing.contains_key(&c.id)
                {
                    let notice = notifier.incoming_call(
                        &c.id,
                        &c.who,
                        c.record_name.as_deref(),
                        &c.number_display,
                    );
                    ringing.insert(c.id.clone(), notice);
                }
            }
            ringing.retain(|id, _| {
                calls
                    .iter()
                    .any(|c| &c.id == id && c.phase == CallPhase::Incoming)
            });
        }
    });
}

fn tray_menu(app: &AppHandle, view: &TrayView, lang: Lang) -> tauri::Result<Menu<tauri::Wry>> {
    let menu = Menu::new(app)?;
    for entry in activity_clock::tray_menu(view, lang) {
        match (entry.id, entry.label) {
            (Some(id), Some(label)) => {
                menu.append(&MenuItem::with_id(app, id, label, true, None::<&str>)?)?
            }
            (None, Some(label)) => menu.append(&MenuItem::new(app, label, false, None::<&str>)?)?,
            _ => menu.append(&PredefinedMenuItem::separator(app)?)?,
        }
    }
    Ok(menu)
}

fn icon(view: &TrayView) -> tauri::Result<Image<'static>> {
    Image::from_bytes(if view.due_now > 0 {
        TRAY_ICON_DUE
    } else {
        TRAY_ICON
    })
}

/// Builds the tray, then keeps it up to date: after every change and every `TRAY_REFRESH`.
pub fn start_tray(app: &AppHandle, core: &App) {
    let app = app.clone();
    let core = core.clone();
    let mut changes = core.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            if let Err(e) = refresh_tray(&app, &core).await {
                tracing::warn!("the tray could not be shown: {e}");
            }
            tokio::select! {
                _ = changes.recv() => {}
                _ = tokio::time::sleep(TRAY_REFRESH) => {}
            }
        }
    });
}

async fn refresh_tray(app: &AppHandle, core: &App) -> Result<(), String> {
    let desktop = app.state::<Desktop>();
    let view = desktop.clock.tray().await.map_err(|e| e.to_string())?;
    let lang = core.lang();
    let mut tray = desktop.tray.lock().await;
    if let Some((icon_now, shown)) = tray.as_mut() {
        if *shown == view {
            return Ok(());
        }
        let menu = tray_menu(app, &view, lang).map_err(|e| e.to_string())?;
        icon_now.set_menu(Some(menu)).map_err(|e| e.to_string())?;
        icon_now
            .set_icon(Some(icon(&view).map_err(|e| e.to_string())?))
            .map_err(|e| e.to_string())?;
        let _ = icon_now.set_title((view.due_now > 0).then(|| view.due_now.to_string()));
        let _ = icon_now.set_tooltip(Some(tooltip(&view, lang)));
        *shown = view;
        return Ok(());
    }
    let menu = tray_menu(app, &view, lang).map_err(|e| e.to_string())?;
    let built = TrayIconBuilder::with_id("nextline")
        .icon(icon(&view).map_err(|e| e.to_string())?)
        .menu(&menu)
        .show_menu_on_left_click(true)
        .tooltip(tooltip(&view, lang))
        .title(if view.due_now > 0 {
            view.due_now.to_string()
        } else {
            String::new()
        })
        .on_menu_event(|app, event| on_tray_menu(app, event.id.as_ref()))
        .build(app)
        .map_err(|e| e.to_string())?;
    *tray = Some((built, view));
    Ok(())
}

fn tooltip(view: &TrayView, lang: Lang) -> String {
    match (view.due_now, lang) {
        (0, Lang::En) => "Nextline — nothing is due".into(),
        (0, Lang::El) => "Nextline — τίποτα δεν λήγει".into(),
        (n, Lang::En) => format!("Nextline — {n} due now"),
        (n, Lang::El) => format!("Nextline — {n} λήγουν τώρα"),
    }
}

fn on_tray_menu(app: &AppHandle, id: &str) {
    let app = app.clone();
    let id = id.to_string();
    tauri::async_runtime::spawn(async move {
        let desktop = app.state::<Desktop>();
        let core = app.state::<App>();
        let now = core.now();
        let dnd = match id.as_str() {
            "open" => {
                show_window(&app);
                return;
            }
            "quit" => {
                app.exit(0);
                return;
            }
            "dnd-hour" => Some(Some(now + Duration::hours(1))),
            "dnd-tomorrow" => Some(Some(tomorrow_morning(&core, now).await)),
            "dnd-off" => Some(None),
            _ => None,
        };
        if let Some(until) = dnd {
            if let Err(e) = desktop.clock.do_not_disturb(until).await {
                tracing::warn!(code = e.code(), "do not disturb could not be set");
            }
            core.announce(vec![]);
            return;
        }
        if let Some(record) = id.strip_prefix("due:").and_then(|r| r.parse().ok()) {
            show_window(&app);
            let _ = app.emit(
                "open-record",
                OpenRecord {
                    record,
                    call: false,
                },
            );
        }
    });
}

/// 08:00 tomorrow in the seller's time zone.
async fn tomorrow_morning(core: &App, now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    use chrono::TimeZone;
    let tz = core
        .settings()
        .await
        .map(|s| s.tz())
        .unwrap_or(chrono_tz::UTC);
    let day = now.with_timezone(&tz).date_naive() + Duration::days(1);
    let eight = day.and_hms_opt(8, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&eight)
        .earliest()
        .map_or(now + Duration::hours(12), |t| t.with_timezone(&Utc))
}

/// A call link (from the command line or a second launch): to the window, or kept until it
/// asks.
pub fn hand_over_link(app: &AppHandle, link: String) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let core = app.state::<App>();
        match core.call_link(&link).await {
            Ok(Some(found)) => {
                show_window(&app);
                *app.state::<Desktop>().pending_link.lock().await = Some(found.clone());
                let _ = app.emit("call-link", found);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(code = e.code(), "a call link could not be read"),
        }
    });
}

#[tauri::command]
pub async fn desktop_prefs(app: State<'_, App>) -> Reply<DesktopPrefs> {
    app.desktop_prefs().await.map_err(fail(&app))
}

#[tauri::command]
pub async fn set_desktop_prefs(
    handle: AppHandle,
    app: State<'_, App>,
    desktop: State<'_, Desktop>,
    prefs: DesktopPrefs,
) -> Reply<()> {
    app.set_desktop_prefs(&prefs).await.map_err(fail(&app))?;
    desktop
        .close_to_tray
        .store(prefs.close_to_tray, Ordering::Relaxed);
    let autostart = handle.autolaunch();
    let done = if prefs.start_at_login {
        autostart.enable()
    } else {
        autostart.disable()
    };
    if let Err(e) = done {
        tracing::warn!("start at login could not be changed: {e}");
    }
    app.announce(vec![]);
    Ok(())
}

/// The call link Nextline was started with (or last handed), taken once.
#[tauri::command]
pub async fn take_call_link(desktop: State<'_, Desktop>) -> Reply<Option<CallLink>> {
    Ok(desktop.pending_link.lock().await.take())
}
