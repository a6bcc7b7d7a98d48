//! The Tauri shell: opens the app core, registers the IPC commands, forwards change events to
//! the window. Everything else lives in `crates/`.

mod commands;
mod desktop;
mod messages;
mod open;
mod phone;
mod sync;

use nextline_core::secrets::OsKeyring;
use nextline_core::softphone::{AudioMode, Softphone, SoftphoneOptions};
use nextline_core::{App, Options, default_db_path};
use nextline_domain::Lang;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tauri::{Emitter, Manager, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// The window's size and place are written once it has been still this long after a move or
/// resize, so a crash or a kill keeps them too (the plugin itself writes only on a clean exit).
const WINDOW_STATE_PAUSE: Duration = Duration::from_millis(500);
static WINDOW_MOVES: AtomicU64 = AtomicU64::new(0);

fn remember_window_soon(app: &tauri::AppHandle) {
    let mine = WINDOW_MOVES.fetch_add(1, Ordering::SeqCst) + 1;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(WINDOW_STATE_PAUSE).await;
        if WINDOW_MOVES.load(Ordering::SeqCst) == mine
            && let Err(e) = app.save_window_state(StateFlags::all())
        {
            tracing::warn!(error = %e, "could not remember the window's size and place");
        }
    });
}

/// `--db PATH` on the command line wins over `NEXTLINE_DB`, which wins over the app-data folder.
fn db_path() -> PathBuf {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            if let Some(p) = args.next() {
                return PathBuf::from(p);
            }
        } else if let Some(p) = a.strip_prefix("--db=") {
            return PathBuf::from(p);
        }
    }
    default_db_path()
}

fn system_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .map_or(Lang::En, |l| Lang::from_locale(&l))
}

/// Start the phone (closing calls an earlier run left open) and send the window every change
/// of its status as a `phone` event.
fn start_softphone(handle: &tauri::AppHandle, softphone: &Softphone) {
    let mut status = softphone.subscribe();
    let events = handle.clone();
    tauri::async_runtime::spawn(async move {
        while status.changed().await.is_ok() {
            let snapshot = status.borrow_and_update().clone();
            let _ = events.emit("phone", snapshot);
        }
    });
    let starting = softphone.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = starting.start().await {
            tracing::warn!(code = e.code(), "the phone did not start");
        }
    });
}

/// Start the sync with Dynamics 365 (when connected) and send the window every change of its
/// status as a `sync` event.
fn start_sync(handle: &tauri::AppHandle, crm: &nextline_core::sync::CrmSync) {
    let mut status = crm.subscribe();
    let events = handle.clone();
    tauri::async_runtime::spawn(async move {
        while status.changed().await.is_ok() {
            let snapshot = status.borrow_and_update().clone();
            let _ = events.emit("sync", snapshot);
        }
    });
    let crm = crm.clone();
    tauri::async_runtime::spawn(async move { crm.start() });
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    tauri::Builder::default()
        // First: a second launch (a tel: link clicked in a browser) hands its arguments to this
        // one and exits before it opens anything.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            desktop::show_window(app);
            if let Some(link) = nextline_core::call_links::call_link_in_args(argv) {
                desktop::hand_over_link(app, link);
            }
        }))
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            let path = db_path();
            tracing::info!(db = %path.display(), "opening the cache");
            let core = tauri::async_runtime::block_on(App::open(
                &path,
                Options {
                    lang: system_lang(),
                    ..Options::default()
                },
            ))
            .map_err(|e| format!("{}: {}", e.code(), e.message(system_lang())))?;
            let mut changes = core.subscribe();
            // The watcher runs for the life of the app (dropping its handle detaches it).
            tauri::async_runtime::block_on(core.watch_changes())
                .map_err(|e| format!("{}: {}", e.code(), e.message(system_lang())))?;
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                loop {
                    match changes.recv().await {
                        Ok(changed) => {
                            let _ = handle.emit("changed", changed);
                        }
                        // Fell behind: tell the window to refresh everything.
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                            let _ =
                                handle.emit("changed", nextline_core::Changed { records: vec![] });
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    }
                }
            });
            let softphone = Softphone::new(
                core.clone(),
                SoftphoneOptions {
                    secrets: Arc::new(OsKeyring),
                    audio: AudioMode::SoundCard,
                    udp_addr: std::env::var("NEXTLINE_MEDIA_ADDR")
                        .unwrap_or_else(|_| "0.0.0.0:0".to_string()),
                },
            );
            start_softphone(app.handle(), &softphone);
            let texts = nextline_core::texts::Texts::new(
                core.clone(),
                Arc::new(OsKeyring),
                Some(softphone.clone()),
            );
            tauri::async_runtime::spawn(texts.clone().run());
            desktop::start_text_notices(app.handle(), &texts);
            app.manage(texts);
            let crm = nextline_core::sync::CrmSync::new(core.clone(), Arc::new(OsKeyring));
            start_sync(app.handle(), &crm);
            app.manage(crm);
            app.manage(desktop::Desktop::start(app.handle(), &core));
            desktop::start_tray(app.handle(), &core);
            desktop::start_call_notices(app.handle(), &softphone);
            app.manage(core);
            app.manage(softphone);
            if let Some(link) = nextline_core::call_links::call_link_in_args(std::env::args()) {
                desktop::hand_over_link(app.handle(), link);
            }
            Ok(())
        })
        .on_window_event(|window, event| match event {
            WindowEvent::Moved(_) | WindowEvent::Resized(_) => {
                remember_window_soon(window.app_handle());
            }
            // Closing keeps Nextline in the tray (a setting, on unless turned off): reminders
            // and incoming calls still reach the seller.
            WindowEvent::CloseRequested { api, .. }
                if window
                    .app_handle()
                    .state::<desktop::Desktop>()
                    .close_to_tray
                    .load(Ordering::Relaxed) =>
            {
                api.prevent_close();
                let _ = window.hide();
            }
            _ => {}
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::work_list,
            commands::work_list_count,
            commands::up_next,
            commands::timeline,
            commands::dial_plan,
            commands::directory,
            commands::run_command,
            commands::set_language,
            commands::join_meeting,
            phone::phone_status,
            phone::phone_account,
            phone::save_phone_account,
            phone::remove_phone_account,
            phone::place_call,
            phone::call_next_number,
            phone::hang_up,
            phone::answer_call,
            phone::decline_call,
            phone::mute_call,
            phone::hold_call,
            phone::send_keys,
            phone::dismiss_call,
            phone::audio_devices,
            phone::set_audio_devices,
            phone::start_test_call,
            phone::stop_test_call,
            sync::sync_status,
            sync::crm_connect,
            sync::crm_cancel_sign_in,
            sync::crm_sign_out,
            sync::sync_now,
            sync::outbox_items,
            sync::retry_outbox_item,
            sync::settle_conflict,
            desktop::desktop_prefs,
            desktop::set_desktop_prefs,
            desktop::take_call_link,
            messages::email_composer,
            messages::save_email_draft,
            messages::discard_email_draft,
            messages::send_email,
            messages::email_settings,
            messages::set_email_settings,
            messages::conversation,
            messages::send_text,
            messages::text_settings,
            messages::set_text_settings,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Nextline");
}
