//! What can go wrong in the cache, with stable codes.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data could not be read ({0})")]
    Corrupt(String),
    #[error("no {kind} matches {key:?}")]
    NotFound { kind: &'static str, key: String },
    #[error("{key:?} matches more than one {kind}; type more of it")]
    Ambiguous { kind: &'static str, key: String },
    #[error("the page cursor is not valid")]
    BadCursor,
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Database(e) if is_busy(e) => "database_busy",
            StoreError::Database(_) => "database_error",
            StoreError::Migrate(_) => "database_migration_failed",
            StoreError::Corrupt(_) => "database_corrupt",
            StoreError::NotFound { .. } => "not_found",
            StoreError::Ambiguous { .. } => "ambiguous_id",
            StoreError::BadCursor => "bad_cursor",
        }
    }

    pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(what.to_string())
    }
}

fn is_busy(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.message().contains("locked") || d.message().contains("busy"))
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
