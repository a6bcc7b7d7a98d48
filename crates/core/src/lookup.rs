//! Finding things by what people type: id prefixes, names, emails.

use crate::{App, CoreError, Result};
use nextline_domain::search::fold;
use nextline_domain::*;

impl App {
    /// The lead or opportunity whose contact has this phone number (an incoming caller's),
    /// when exactly one does; the number in any form the dial plan reads (E.164, national).
    pub async fn record_of_caller(&self, number: &str) -> Result<Option<RecordId>> {
        let settings = self.settings().await?;
        let digits: String = match dialplan::normalise(number, &settings.default_region) {
            Ok(n) => n
                .format()
                .mode(phonenumber::Mode::E164)
                .to_string()
                .trim_start_matches('+')
                .to_string(),
            Err(_) => return Ok(None),
        };
        let found = self.store().records_with_phone(&digits, 2).await?;
        Ok(match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
    }

    pub async fn find_record(&self, key: &str) -> Result<RecordId> {
        Ok(self.store().find_record(key).await?)
    }

    pub async fn find_activity(&self, key: &str) -> Result<ActivityId> {
        Ok(self.store().find_activity(key).await?)
    }

    /// A user by id (or unique id prefix), email, or name (whole or unique start; case and
    /// accents ignored).
    pub async fn find_user(&self, key: &str) -> Result<UserId> {
        let dir = self.directory().await?;
        find_user_in(&dir, key)
    }

    /// A user, or a team by name or id (prefix `team:` to insist on a team).
    pub async fn find_assignee(&self, key: &str) -> Result<Assignee> {
        let dir = self.directory().await?;
        let team_key = key.strip_prefix("team:");
        let k = fold(team_key.unwrap_or(key).trim());
        let team = dir.teams.iter().find(|t| {
            let id = t.id.to_string();
            fold(&t.name) == k || (k.len() >= 4 && id.starts_with(&k))
        });
        match (team, team_key) {
            (Some(t), _) => Ok(Assignee::Team(t.id)),
            (None, Some(_)) => Err(CoreError::UnknownAssignee(key.to_string())),
            (None, None) => find_user_in(&dir, key)
                .map(Assignee::User)
                .map_err(|e| match e {
                    CoreError::UnknownUser(_) => CoreError::UnknownAssignee(key.to_string()),
                    other => other,
                }),
        }
    }
}

fn find_user_in(dir: &Directory, key: &str) -> Result<UserId> {
    let k = fold(key.trim());
    if k.is_empty() {
        return Err(CoreError::UnknownUser(key.to_string()));
    }
    let exact: Vec<&User> = dir
        .users
        .iter()
        .filter(|u| u.id.to_string() == k || fold(&u.email) == k || fold(&u.name) == k)
        .collect();
    if let [u] = exact.as_slice() {
        return Ok(u.id);
    }
    let starts: Vec<&User> = dir
        .users
        .iter()
        .filter(|u| {
            (k.len() >= 4 && u.id.to_string().starts_with(&k))
                || fold(&u.name).starts_with(&k)
                || fold(&u.email).starts_with(&k)
                || fold(&u.name).split(' ').any(|w| w == k)
        })
        .collect();
    match starts.as_slice() {
        [u] => Ok(u.id),
        [] => Err(CoreError::UnknownUser(key.to_string())),
        _ => Err(CoreError::AmbiguousUser(key.to_string())),
    }
}
