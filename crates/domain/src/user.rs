//! Users, teams and the acting user (R9, R22).

use crate::ids::{TeamId, UserId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The sales role a user holds (R22). A user without one may not use the sales features.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SalesRole {
    Seller,
    SalesManager,
}

impl SalesRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SalesRole::Seller => "seller",
            SalesRole::SalesManager => "salesManager",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Option<SalesRole>,
    /// The user's own phone numbers (E.164), to call or text from.
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub members: Vec<UserId>,
}

/// Everyone an activity can be assigned to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directory {
    pub users: Vec<User>,
    pub teams: Vec<Team>,
}

impl Directory {
    pub fn user(&self, id: UserId) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }
    pub fn team(&self, id: TeamId) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }
    /// The teams a user belongs to.
    pub fn teams_of(&self, user: UserId) -> Vec<TeamId> {
        self.teams
            .iter()
            .filter(|t| t.members.contains(&user))
            .map(|t| t.id)
            .collect()
    }
    /// The acting user, with their teams.
    pub fn actor(&self, user: UserId) -> Option<Actor> {
        self.user(user).map(|u| Actor {
            user: u.clone(),
            teams: self.teams_of(user),
        })
    }
}

/// The user on whose behalf a command runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user: User,
    pub teams: Vec<TeamId>,
}

impl Actor {
    pub fn id(&self) -> UserId {
        self.user.id
    }
    pub fn is_manager(&self) -> bool {
        self.user.role == Some(SalesRole::SalesManager)
    }
}
