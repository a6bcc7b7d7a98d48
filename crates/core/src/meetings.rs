//! Joining a Teams meeting (R18): only `https://teams.microsoft.com/…` and `msteams:` links are
//! ever opened — a meeting's link comes from the CRM (or an email tracked from Outlook), and
//! anything else is refused with a message rather than handed to the system.

use nextline_domain::ActivityId;

use crate::{App, CoreError, Result};

/// The link to open for a meeting's join link, or why not.
pub fn teams_join_link(link: &str) -> Result<String> {
    let refused = || CoreError::JoinLinkRefused(link.to_string());
    let parsed = url::Url::parse(link.trim()).map_err(|_| refused())?;
    let allowed = match parsed.scheme() {
        "msteams" => true,
        "https" => {
            parsed.host_str() == Some("teams.microsoft.com")
                && parsed.username().is_empty()
                && parsed.password().is_none()
                && parsed.port().is_none()
        }
        _ => false,
    };
    if allowed {
        Ok(parsed.to_string())
    } else {
        Err(refused())
    }
}

impl App {
    /// The Teams link to open for a meeting activity.
    pub async fn join_link(&self, activity: ActivityId) -> Result<String> {
        let record = self.store().record_of_activity(activity).await?;
        let state = self.store().record_state(record).await?;
        let link = state
            .activities
            .iter()
            .find(|a| a.id == activity)
            .and_then(|a| a.join_url.clone())
            .ok_or(CoreError::NoJoinLink)?;
        teams_join_link(&link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_links_open() {
        let l = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d";
        assert_eq!(teams_join_link(l).unwrap(), l);
        assert!(teams_join_link("msteams:/l/meetup-join/19%3ameeting_abc").is_ok());
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "http://teams.microsoft.com/l/meetup-join/x",
            "https://teams.microsoft.com.evil.example/l/x",
            "https://evil.example/teams.microsoft.com",
            "https://user@teams.microsoft.com/l/x",
            "https://teams.microsoft.com:8443/l/x",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "teams.microsoft.com/l/x",
            "",
        ] {
            let e = teams_join_link(bad).unwrap_err();
            assert_eq!(e.code(), "join_link_refused", "{bad}");
        }
    }
}
