//! Notice changes committed by any process — another window, the CLI, later the sync — so the
//! window can update without the seller refreshing. SQLite's `data_version` changes whenever
//! another connection commits; the outbox says which records changed.

use crate::error::Result;
use crate::rows;
use nextline_domain::RecordId;
use sqlx::{Row, SqliteConnection};

pub struct ChangeFeed {
    conn: SqliteConnection,
    data_version: i64,
    last_seq: i64,
}

impl ChangeFeed {
    pub(crate) async fn new(mut conn: SqliteConnection) -> Result<ChangeFeed> {
        let data_version = data_version(&mut conn).await?;
        let last_seq: i64 = sqlx::query_scalar("SELECT coalesce(max(seq), 0) FROM outbox")
            .fetch_one(&mut conn)
            .await?;
        Ok(ChangeFeed {
            conn,
            data_version,
            last_seq,
        })
    }

    /// `None` when nothing was committed since the last call; otherwise the records changed
    /// (empty when the change touched no record through the outbox, e.g. a bulk import: then
    /// everything may have changed).
    pub async fn poll(&mut self) -> Result<Option<Vec<RecordId>>> {
        let v = data_version(&mut self.conn).await?;
        if v == self.data_version {
            return Ok(None);
        }
        self.data_version = v;
        let rows = sqlx::query(
            "SELECT seq, coalesce(json_extract(payload, '$.activity.record'),
                                  json_extract(payload, '$.note.record'),
                                  json_extract(payload, '$.record.id')) AS record
             FROM outbox WHERE seq > ? ORDER BY seq",
        )
        .bind(self.last_seq)
        .fetch_all(&mut self.conn)
        .await?;
        let mut records: Vec<RecordId> = Vec::new();
        for r in rows {
            self.last_seq = self.last_seq.max(r.get::<i64, _>("seq"));
            if let Some(id) = r.get::<Option<String>, _>("record") {
                let id: RecordId = rows::id(&id)?;
                if !records.contains(&id) {
                    records.push(id);
                }
            }
        }
        Ok(Some(records))
    }
}

async fn data_version(c: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(c)
        .await?)
}
