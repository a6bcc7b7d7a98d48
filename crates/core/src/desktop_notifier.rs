//! The desktop's notifications (D-Bus `org.freedesktop.Notifications` on Linux, toasts on
//! Windows, Notification Center on macOS) for the activity clock's reminders — and, later, for
//! incoming calls and text messages. Where the desktop has buttons a reminder of one activity
//! offers Call (for a phone call), Snooze 1 hour and Mark complete; a click on the notification
//! opens Up Next for its record. What the seller pressed comes back on a channel; the window
//! (or the CLI) acts on it.

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

pub struct DesktopNotifier {
    lang: Arc<dyn Fn() -> Lang + Send + Sync>,
    clicked: mpsc::UnboundedSender<ReminderClicked>,
}

impl DesktopNotifier {
    /// The notifier, and what the seller presses on its notifications.
    pub fn new(
        lang: Arc<dyn Fn() -> Lang + Send + Sync>,
    ) -> (DesktopNotifier, mpsc::UnboundedReceiver<ReminderClicked>) {
        let (clicked, rx) = mpsc::unbounded_channel();
        (DesktopNotifier { lang, clicked }, rx)
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
        show(n, reminder.clone(), self.clicked.clone());
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn show(
    mut n: notify_rust::Notification,
    reminder: Reminder,
    clicked: mpsc::UnboundedSender<ReminderClicked>,
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
        handle
            .wait_for_action_async(|response| {
                if let notify_rust::ActionResponse::Custom(id) = response
                    && let Some(action) = ReminderAction::from_id(id)
                {
                    let _ = clicked.send(ReminderClicked { reminder, action });
                }
            })
            .await;
    });
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn show(
    n: notify_rust::Notification,
    _reminder: Reminder,
    _clicked: mpsc::UnboundedSender<ReminderClicked>,
) {
    // Toasts and Notification Center: shown; their buttons need the installed app's identity.
    tokio::task::spawn_blocking(move || {
        if let Err(e) = n.show() {
            tracing::warn!("the desktop did not take the notification: {e}");
        }
    });
}
