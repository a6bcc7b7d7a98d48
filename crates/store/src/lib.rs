//! Nextline's local cache: SQLite through sqlx. WAL, foreign keys, one transaction per
//! command, an outbox row for every local change, a work-list index and full-text search.

mod change_feed;
mod command_tx;
mod crm;
mod email;
mod error;
mod import;
mod read;
mod reminders;
mod rows;
mod worklist;
mod write;

pub use change_feed::ChangeFeed;
pub use command_tx::CommandTx;
pub use crm::{CrmApplied, CrmCursor, CrmPage, CrmShadow};
pub use email::STALE_CLAIM;
pub use error::{Result, StoreError};
pub use import::Import;
pub use reminders::Owner;
pub use worklist::MAX_PAGE;

use chrono::{DateTime, Utc};
use nextline_domain::worklist::{WorkListPage, WorkListQuery};
use nextline_domain::*;
use serde::{Serialize, de::DeserializeOwned};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

/// Settings keys.
pub mod keys {
    /// The domain's `Settings` (features, calling hours, region, time zone).
    pub const SETTINGS: &str = "settings";
    /// The user the app runs as.
    pub const CURRENT_USER: &str = "current_user";
    /// Set when the data is the built-in demo data.
    pub const DEMO: &str = "demo";
}

/// The cache on disk.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// One pending change in the outbox.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxRow {
    pub seq: i64,
    pub id: String,
    pub entity: String,
    pub entity_id: String,
    pub operation: String,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub state: String,
    pub last_error: Option<String>,
}

impl Store {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    ///
    /// `synchronous = FULL`: a committed command survives a crash of the app *and* of the
    /// machine (the WAL is synced at every commit).
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool })
    }

    /// A feed of changes committed by any connection or process, on its own connection.
    pub async fn change_feed(&self) -> Result<ChangeFeed> {
        ChangeFeed::new(self.pool.acquire().await?.detach()).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Start a command's write transaction.
    pub async fn begin(&self) -> Result<CommandTx> {
        Ok(CommandTx {
            tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
            rowid: None,
        })
    }

    /// Load a batch of data (demo data, or the CRM's initial sync) in one transaction.
    pub async fn import(&self, data: &Import<'_>, settings: &Settings) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        import::import(&mut tx, data, settings).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn record_count(&self) -> Result<u32> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM records")
            .fetch_one(&self.pool)
            .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    pub async fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        v.map(|v| serde_json::from_str(&v).map_err(StoreError::from))
            .transpose()
    }

    pub async fn set<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(serde_json::to_string(value)?)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn delete(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM settings WHERE key = ?")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn directory(&self) -> Result<Directory> {
        let mut c = self.pool.acquire().await?;
        read::directory(&mut c).await
    }

    /// Every sequence definition.
    pub async fn sequences(&self) -> Result<Vec<Sequence>> {
        let mut c = self.pool.acquire().await?;
        read::sequences(&mut c).await
    }

    pub async fn record_state(&self, record: RecordId) -> Result<RecordState> {
        let mut c = self.pool.acquire().await?;
        Ok(read::record_state(&mut c, record).await?.1)
    }

    /// Records whose contact has this phone number (digits of its international or national
    /// form, as the search index keeps them), at most `limit`.
    pub async fn records_with_phone(&self, digits: &str, limit: u32) -> Result<Vec<RecordId>> {
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Ok(Vec::new());
        }
        let mut c = self.pool.acquire().await?;
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM records WHERE rowid IN
               (SELECT rowid FROM record_search WHERE record_search MATCH ?) LIMIT ?",
        )
        .bind(format!("tokens:\"{digits}\""))
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?;
        ids.iter().map(|i| rows::id(i)).collect()
    }

    /// Phone calls placed by `placed_by` ("app", "cli") that have not ended.
    pub async fn calls_going_on(&self, placed_by: &str) -> Result<Vec<Activity>> {
        let mut c = self.pool.acquire().await?;
        read::calls_going_on(&mut c, placed_by).await
    }

    pub async fn record_of_activity(&self, activity: ActivityId) -> Result<RecordId> {
        let mut c = self.pool.acquire().await?;
        read::record_of_activity(&mut c, activity).await
    }

    pub async fn timeline(&self, record: RecordId, limit: u32) -> Result<Vec<TimelineEntry>> {
        let mut c = self.pool.acquire().await?;
        read::timeline(&mut c, record, limit).await
    }

    /// A page of the work list (R3) for `actor`.
    pub async fn work_list(
        &self,
        actor: &Actor,
        directory: &Directory,
        settings: &Settings,
        query: &WorkListQuery,
        now: DateTime<Utc>,
    ) -> Result<WorkListPage> {
        let mut c = self.pool.acquire().await?;
        worklist::work_list(&mut c, actor, directory, settings, query, now).await
    }

    /// How many cards `query` matches over all pages (ignores `limit` and `after`).
    pub async fn work_list_count(
        &self,
        actor: &Actor,
        settings: &Settings,
        query: &WorkListQuery,
        now: DateTime<Utc>,
    ) -> Result<u32> {
        let mut c = self.pool.acquire().await?;
        worklist::count(&mut c, actor.id(), settings, query, now).await
    }

    /// Resolve a full id or a unique prefix of at least 4 characters.
    pub async fn find_record(&self, key: &str) -> Result<RecordId> {
        let mut c = self.pool.acquire().await?;
        rows::id(&read::resolve_prefix(&mut c, "records", "record", key).await?)
    }

    pub async fn find_activity(&self, key: &str) -> Result<ActivityId> {
        let mut c = self.pool.acquire().await?;
        rows::id(&read::resolve_prefix(&mut c, "activities", "activity", key).await?)
    }

    /// The outbox, oldest first.
    pub async fn outbox(&self, limit: u32) -> Result<Vec<OutboxRow>> {
        sqlx::query(&format!(
            "SELECT {} FROM outbox ORDER BY seq LIMIT ?",
            crm::OUTBOX_COLUMNS
        ))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(crm::outbox_row)
        .collect()
    }

    /// `PRAGMA integrity_check` and foreign keys: `Ok(())` when the file is whole.
    pub async fn check_integrity(&self) -> Result<()> {
        let r: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?;
        if r != "ok" {
            return Err(StoreError::Corrupt(r));
        }
        let fk: Vec<sqlx::sqlite::SqliteRow> = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&self.pool)
            .await?;
        if !fk.is_empty() {
            return Err(StoreError::corrupt(format!(
                "{} foreign key violations",
                fk.len()
            )));
        }
        Ok(())
    }

    /// Every record's id, in the order they were stored.
    pub async fn record_ids(&self) -> Result<Vec<RecordId>> {
        sqlx::query_scalar::<_, String>("SELECT id FROM records ORDER BY rowid")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|s| rows::id(s))
            .collect()
    }

    /// For tests and tools: run a read-only SQL query returning one integer.
    pub async fn count(&self, sql: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(sql).fetch_one(&self.pool).await?)
    }
}
