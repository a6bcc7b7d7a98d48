//! `nextline reminders`: the activity clock without the window.

use std::sync::Arc;
use std::time::Duration;

use nextline_core::App;
use nextline_core::activity_clock::ActivityClock;
use nextline_core::desktop_notifier::{Clicked, DesktopNotifier, ReminderClicked};
use serde_json::json;

use crate::call::say;
use crate::error::CliError;

pub async fn run(app: &App, seconds: Option<u64>, json: bool) -> Result<(), CliError> {
    let a = app.clone();
    let (notifier, mut clicked) = DesktopNotifier::new(Arc::new(move || a.lang()));
    let clock = ActivityClock::new(app.clone(), Arc::new(notifier));
    let stop = tokio::time::sleep(seconds.map_or(Duration::MAX / 4, Duration::from_secs));
    tokio::pin!(stop);
    let mut wake = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            Some(Clicked::Reminder(c)) = clicked.recv() => act(app, c, json).await?,
            _ = tokio::time::sleep_until(wake) => {
                let tick = clock.tick().await?;
                for r in &tick.told {
                    say(
                        json,
                        json!({"event": "told", "title": r.title, "body": r.body,
                               "record": r.record, "activity": r.activity}),
                        || format!("{} — {}", r.title, r.body),
                    );
                }
                wake = tokio::time::Instant::now() + clock.wait_after(&tick);
            }
        }
    }
    Ok(())
}

/// Snooze and Mark complete are done here; Open and Call need the window.
async fn act(app: &App, c: ReminderClicked, json: bool) -> Result<(), CliError> {
    let done = c.act(app).await?;
    say(
        json,
        json!({"event": "clicked", "action": c.action, "record": c.reminder.record,
               "activity": c.reminder.activity, "done": done}),
        || format!("{:?}: {}", c.action, c.reminder.title),
    );
    Ok(())
}
