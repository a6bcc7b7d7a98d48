//! The seller's desktop preferences: the window closes to the tray (on unless turned off),
//! Nextline starts at login, and the activity clock's notification preferences (quiet hours,
//! meeting reminder lead, do not disturb).

use nextline_domain::reminders::NotifyPrefs;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_clock::PREFS_KEY as NOTIFY_KEY;
use crate::{App, Result};

const KEY: &str = "desktop.prefs";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DesktopPrefs {
    /// Closing the window keeps Nextline running in the tray.
    pub close_to_tray: bool,
    pub start_at_login: bool,
    pub notify: NotifyPrefs,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WindowPrefs {
    close_to_tray: bool,
    start_at_login: bool,
}

impl Default for WindowPrefs {
    fn default() -> Self {
        WindowPrefs {
            close_to_tray: true,
            start_at_login: false,
        }
    }
}

impl App {
    pub async fn desktop_prefs(&self) -> Result<DesktopPrefs> {
        let w: WindowPrefs = self.store().get(KEY).await?.unwrap_or_default();
        Ok(DesktopPrefs {
            close_to_tray: w.close_to_tray,
            start_at_login: w.start_at_login,
            notify: self.store().get(NOTIFY_KEY).await?.unwrap_or_default(),
        })
    }

    pub async fn set_desktop_prefs(&self, prefs: &DesktopPrefs) -> Result<()> {
        self.store()
            .set(
                KEY,
                &WindowPrefs {
                    close_to_tray: prefs.close_to_tray,
                    start_at_login: prefs.start_at_login,
                },
            )
            .await?;
        self.store().set(NOTIFY_KEY, &prefs.notify).await?;
        Ok(())
    }
}
