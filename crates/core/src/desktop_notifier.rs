//! The desktop's notifications (D-Bus `org.freedesktop.Notifications` on Linux, toasts on
//! Windows, Notification Center on macOS) for the activity clock's reminders and for incoming
//! calls (text messages will use it too). Where the desktop has buttons a reminder of one
//! activity offers Call (for a phone call), Snooze 1 hour and Mark complete, and an incoming
//! call Answer and Decline; a click on the notification opens the window. What the seller
//! pressed comes back on a channel; the window (or the CLI) acts on it.

use std::sync::Arc;

use nextline_domain::reminders::Reminder;
use nextline_domain::{ActivityType, Lang};
use serde::Serialize;
use tokio::sync::mpsc;

use crate::activity_clock::Notifier;

/// What the seller did with a reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ReminderAction {
    /// Clicked it: open Up Next for its record.
    Open,
    Call,
    Snooze,
    Complete,
}

impl ReminderAction {
    fn from_id(id: &str) -> Option<ReminderAction> {
        match id {
            "default" => Some(ReminderAction::Open),
            "call" => Some(ReminderAction::Call),
            "snooze" => Some(ReminderAction::Snooze),
            "done" => Some(ReminderAction::Complete),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderClicked {
    pub reminder: Reminder,
    pub action: ReminderAction,
}

impl ReminderClicked {
    /// Does what the button said where it needs no window — Snooze 1 hour, Mark complete — and
    /// says whether it did; Open and Call are the window's.
    pub async fn act(&self, app: &crate::App) -> crate::Result<bool> {
        use nextline_domain::Command;
        let command = match (self.action, self.reminder.activity) {
            (ReminderAction::Snooze, Some(activity)) => Command::Snooze {
                activity,
                until: app.now() + chrono::Duration::hours(1),
            },
            (ReminderAction::Complete, Some(activity)) => Command::Complete {
                activity,
                note: None,
            },
            _ => return Ok(false),
        };
        app.run(None, command).await?;
        Ok(true)
    }
}

/// What the seller did with an incoming call's notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CallAction {
    Open,
    Answer,
    Decline,
}

/// A press on one of Nextline's notifications.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Clicked {
    Reminder(ReminderClicked),
    Call {
        call: String,
        action: CallAction,
    },
    /// A reply's notification: open the record's conversation.
    Text {
        record: nextline_domain::RecordId,
    },
}

/// A reply's notification: "Maria Papadopoulou" and the first words of the text.
pub fn text_arrived_words(contact: &str, body: &str, lang: Lang) -> (String, String) {
    let title = match lang {
        Lang::En => format!("Text from {contact}"),
        Lang::El => format!("Μήνυμα από {contact}"),
    };
    let mut preview: String = body.chars().take(120).collect();
    if body.chars().count() > 120 {
        preview.push('…');
    }
    (title, preview)
}

/// An incoming call's notification: dropped or dismissed, it goes from the screen (the call
/// was answered in the window, or ended).
pub struct CallNotice {
    dismiss: Option<tokio::sync::oneshot::Sender<()>>,
}

impl CallNotice {
    pub fn dismiss(mut self) {
        if let Some(d) = self.dismiss.take() {
            let _ = d.send(());
        }
    }
}

impl Drop for CallNotice {
    fn drop(&mut self) {
        if let Some(d) = self.dismiss.take() {
            let _ = d.send(());
        }
    }
}

/// The buttons of a reminder, as (id, label).
pub fn buttons(r: &Reminder, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut b = vec![(
        "default",
        match lang {
            Lang::En => "Open",
            Lang::El => "Άνοιγμα",
        },
    )];
    if r.activity.is_none() {
        return b;
    }
    if r.activity_type == Some(ActivityType::PhoneCall) {
        b.push((
            "call",
            match lang {
                Lang::En => "Call",
                Lang::El => "Κλήση",
            },
        ));
    }
    b.push((
        "snooze",
        match lang {
            Lang::En => "Snooze 1 hour",
            Lang::El => "Αναβολή 1 ώρα",
        },
    ));
    b.push((
        "done",
        match lang {
            Lang::En => "Mark complete",
            Lang::El => "Ολοκλήρωση",
        },
    ));
    b
}

/// The title and body of an incoming call's notification.
pub fn incoming_call_words(
    who: &str,
    record: Option<&str>,
    number: &str,
    lang: Lang,
) -> (String, String) {
    let title = match lang {
        Lang::En => format!("Incoming call — {who}"),
        Lang::El => format!("Εισερχόμενη κλήση — {who}"),
    };
    let body = match record {
        Some(r) => format!("{r} · {number}"),
        None => number.to_string(),
    };
    (title, body)
}

fn call_buttons(lang: Lang) -> [(&'static str, &'static str); 3] {
    match lang {
        Lang::En => [
            ("default", "Open"),
            ("answer", "Answer"),
            ("decline", "Decline"),
        ],
        Lang::El => [
            ("default", "Άνοιγμα"),
            ("answer", "Απάντηση"),
            ("decline", "Απόρριψη"),
        ],
    }
}

pub struct DesktopNotifier {
    lang: Arc<dyn Fn() -> Lang + Send + Sync>,
    clicked: mpsc::UnboundedSender<Clicked>,
}

impl DesktopNotifier {
    /// The notifier, and what the seller presses on its notifications.
    pub fn new(
        lang: Arc<dyn Fn() -> Lang + Send + Sync>,
    ) -> (DesktopNotifier, mpsc::UnboundedReceiver<Clicked>) {
        let (clicked, rx) = mpsc::unbounded_channel();
        (DesktopNotifier { lang, clicked }, rx)
    }

    /// Rings on the desktop: who is calling, their record, Answer and Decline. Stays until the
    /// returned notice is dismissed or dropped.
    pub fn incoming_call(
        &self,
        call: &str,
        who: &str,
        record: Option<&str>,
        number: &str,
    ) -> CallNotice {
        let lang = (self.lang)();
        let (title, body) = incoming_call_words(who, record, number, lang);
        let mut n = notify_rust::Notification::new();
        n.appname("Nextline").summary(&title).body(&body);
        for (id, label) in call_buttons(lang) {
            n.action(id, label);
        }
        let (dismiss, dismissed) = tokio::sync::oneshot::channel();
        let call = call.to_string();
        let to = self.clicked.clone();
        show(
            n,
            Box::new(move |id: &str| {
                let action = match id {
                    "default" => CallAction::Open,
                    "answer" => CallAction::Answer,
                    "decline" => CallAction::Decline,
                    _ => return,
                };
                let _ = to.send(Clicked::Call { call, action });
            }),
            Some(dismissed),
        );
        CallNotice {
            dismiss: Some(dismiss),
        }
    }
}

impl DesktopNotifier {
    /// A reply arrived (R21): who, and what they wrote; clicking opens the conversation.
    pub fn text_arrived(&self, record: nextline_domain::RecordId, contact: &str, body: &str) {
        let (title, body) = text_arrived_words(contact, body, (self.lang)());
        let mut n = notify_rust::Notification::new();
        n.appname("Nextline").summary(&title).body(&body);
        n.action(
            "default",
            match (self.lang)() {
                Lang::En => "Reply",
                Lang::El => "Απάντηση",
            },
        );
        let to = self.clicked.clone();
        show(
            n,
            Box::new(move |id: &str| {
                if id == "default" {
                    let _ = to.send(Clicked::Text { record });
                }
            }),
            None,
        );
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&self, reminder: &Reminder) {
        let mut n = notify_rust::Notification::new();
        n.appname("Nextline")
            .summary(&reminder.title)
            .body(&reminder.body);
        for (id, label) in buttons(reminder, (self.lang)()) {
            n.action(id, label);
        }
        let to = self.clicked.clone();
        let reminder = reminder.clone();
        show(
            n,
            Box::new(move |id: &str| {
                if let Some(action) = ReminderAction::from_id(id) {
                    let _ = to.send(Clicked::Reminder(ReminderClicked { reminder, action }));
                }
            }),
            None,
        );
    }
}

/// What to do with the id of the button pressed.
type OnAction = Box<dyn FnOnce(&str) + Send>;

#[cfg(all(unix, not(target_os = "macos")))]
fn show(
    mut n: notify_rust::Notification,
    on_action: OnAction,
    dismissed: Option<tokio::sync::oneshot::Receiver<()>>,
) {
    n.hint(notify_rust::Hint::DesktopEntry("nextline".into()));
    tokio::spawn(async move {
        // The handle keeps the D-Bus connection: some desktops drop a notification whose
        // sender has gone, and the buttons answer on it.
        let handle = match n.show_async().await {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!("the desktop did not take the notification: {e}");
                return;
            }
        };
        let pressed = handle.wait_for_action_async(|response| {
            if let notify_rust::ActionResponse::Custom(id) = response {
                on_action(id);
            }
        });
        match dismissed {
            Some(dismissed) => {
                let gone = tokio::select! {
                    _ = pressed => false,
                    _ = dismissed => true,
                };
                if gone {
                    handle.close();
                }
            }
            None => pressed.await,
        }
    });
}

/// The app's AppUserModelID on Windows: the identifier the installer gives its Start-menu
/// shortcut, so toasts show Nextline's name and icon.
#[cfg(target_os = "windows")]
const APP_USER_MODEL_ID: &str = "app.nextline.desktop";

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn show(
    #[allow(unused_mut)] mut n: notify_rust::Notification,
    _on_action: OnAction,
    _dismissed: Option<tokio::sync::oneshot::Receiver<()>>,
) {
    // Toasts and Notification Center: shown; their buttons need the installed app's identity.
    #[cfg(target_os = "windows")]
    n.app_id(APP_USER_MODEL_ID);
    tokio::task::spawn_blocking(move || {
        if let Err(e) = n.show() {
            tracing::warn!("the desktop did not take the notification: {e}");
        }
    });
}

/// Whether the desktop's own do-not-disturb is on, where it can be read: GNOME's "Do Not
/// Disturb" (`show-banners` off). Asked at most once a minute.
pub fn desktop_do_not_disturb() -> bool {
    use std::sync::Mutex;
    use std::time::{Duration, Instant};
    static LAST: Mutex<Option<(Instant, bool)>> = Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, quiet)) = *last
        && at.elapsed() < Duration::from_secs(60)
    {
        return quiet;
    }
    let quiet = gnome_do_not_disturb();
    *last = Some((Instant::now(), quiet));
    quiet
}

#[cfg(target_os = "linux")]
fn gnome_do_not_disturb() -> bool {
    std::process::Command::new("gsettings")
        .args(["get", "org.gnome.desktop.notifications", "show-banners"])
        .stderr(std::process::Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "false")
}

#[cfg(not(target_os = "linux"))]
fn gnome_do_not_disturb() -> bool {
    false
}
