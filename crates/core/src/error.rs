//! The app core's errors: the rules' refusals, the cache's failures, and a few of its own —
//! each with a stable code and a message for sellers in English and Greek.

use nextline_domain::{DomainError, Lang};
use nextline_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    Rule(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the database already holds data")]
    AlreadyHasData,
    #[error("no user matches {0:?}")]
    UnknownUser(String),
    #[error("{0:?} matches more than one user")]
    AmbiguousUser(String),
    #[error("no user or team matches {0:?}")]
    UnknownAssignee(String),
    #[error("no current user is set")]
    NoCurrentUser,
}

impl CoreError {
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Rule(e) => e.code(),
            CoreError::Store(StoreError::NotFound {
                kind: "activity", ..
            }) => "activity_not_found",
            CoreError::Store(StoreError::NotFound { kind: "record", .. }) => "record_not_found",
            CoreError::Store(e) => e.code(),
            CoreError::AlreadyHasData => "already_has_data",
            CoreError::UnknownUser(_) => "user_not_found",
            CoreError::AmbiguousUser(_) => "ambiguous_user",
            CoreError::UnknownAssignee(_) => "assignee_not_found",
            CoreError::NoCurrentUser => "no_current_user",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CoreError::Rule(e), _) => e.message(lang),
            (CoreError::Store(StoreError::NotFound { kind, key }), Lang::En) => {
                format!("No {kind} matches \"{key}\". Check the id (at least 4 characters of it).")
            }
            (CoreError::Store(StoreError::NotFound { kind, key }), Lang::El) => format!(
                "Δεν βρέθηκε {} για «{key}». Ελέγξτε το αναγνωριστικό (τουλάχιστον 4 χαρακτήρες).",
                greek_kind(kind)
            ),
            (CoreError::Store(StoreError::Ambiguous { key, .. }), Lang::En) => {
                format!("\"{key}\" matches more than one item. Type more of the id.")
            }
            (CoreError::Store(StoreError::Ambiguous { key, .. }), Lang::El) => {
                format!("Το «{key}» ταιριάζει σε περισσότερα από ένα. Πληκτρολογήστε περισσότερο από το αναγνωριστικό.")
            }
            (CoreError::Store(e), Lang::En) if e.code() == "database_busy" => {
                "Another Nextline is busy with the data. Try again in a moment.".into()
            }
            (CoreError::Store(e), Lang::El) if e.code() == "database_busy" => {
                "Ένα άλλο Nextline χρησιμοποιεί τα δεδομένα. Δοκιμάστε ξανά σε λίγο.".into()
            }
            (CoreError::Store(e), Lang::En) => {
                format!("Nextline couldn't read or save its data ({e}). Nothing was changed.")
            }
            (CoreError::Store(e), Lang::El) => {
                format!("Το Nextline δεν μπόρεσε να διαβάσει ή να αποθηκεύσει τα δεδομένα ({e}). Δεν άλλαξε τίποτα.")
            }
            (CoreError::AlreadyHasData, Lang::En) => {
                "This database already holds data; demo data goes only into an empty one.".into()
            }
            (CoreError::AlreadyHasData, Lang::El) => {
                "Η βάση δεδομένων έχει ήδη δεδομένα· τα δεδομένα επίδειξης μπαίνουν μόνο σε κενή.".into()
            }
            (CoreError::UnknownUser(u), Lang::En) => format!("No user matches \"{u}\"."),
            (CoreError::UnknownUser(u), Lang::El) => format!("Δεν βρέθηκε χρήστης για «{u}»."),
            (CoreError::AmbiguousUser(u), Lang::En) => {
                format!("\"{u}\" matches more than one user. Use the full name or email.")
            }
            (CoreError::AmbiguousUser(u), Lang::El) => {
                format!("Το «{u}» ταιριάζει σε περισσότερους χρήστες. Δώστε όλο το όνομα ή το email.")
            }
            (CoreError::UnknownAssignee(u), Lang::En) => format!("No user or team matches \"{u}\"."),
            (CoreError::UnknownAssignee(u), Lang::El) => {
                format!("Δεν βρέθηκε χρήστης ή ομάδα για «{u}».")
            }
            (CoreError::NoCurrentUser, Lang::En) => {
                "No seller is signed in. Seed the demo data or choose a user with --as.".into()
            }
            (CoreError::NoCurrentUser, Lang::El) => {
                "Δεν έχει συνδεθεί πωλητής. Φορτώστε τα δεδομένα επίδειξης ή επιλέξτε χρήστη με --as.".into()
            }
        }
    }

    /// What crosses the IPC boundary to the window.
    pub fn payload(&self, lang: Lang) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_string(),
            message: self.message(lang),
        }
    }
}

fn greek_kind(kind: &str) -> &'static str {
    match kind {
        "activity" => "δραστηριότητα",
        "record" => "εγγραφή",
        _ => "στοιχείο",
    }
}

/// An error as the window sees it: a stable code to branch on and a message to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
