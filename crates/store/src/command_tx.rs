//! One command, one transaction: read the record's state, let the rules decide, write every
//! change with its outbox rows and the work-list index — all of it, or none of it.

use crate::error::Result;
use crate::read;
use crate::write::{self, OutboxEntry};
use chrono::{DateTime, Utc};
use nextline_domain::*;
use serde_json::json;
use sqlx::{Sqlite, Transaction};

/// A write transaction (`BEGIN IMMEDIATE`: the write lock is taken up front, so a command
/// never fails half-way for lack of it). Dropped without `commit`, it rolls back.
pub struct CommandTx {
    pub(crate) tx: Transaction<'static, Sqlite>,
}

impl CommandTx {
    pub async fn directory(&mut self) -> Result<Directory> {
        read::directory(&mut self.tx).await
    }

    pub async fn record_state(&mut self, record: RecordId) -> Result<RecordState> {
        Ok(read::record_state(&mut self.tx, record).await?.1)
    }

    pub async fn record_of_activity(&mut self, activity: ActivityId) -> Result<RecordId> {
        read::record_of_activity(&mut self.tx, activity).await
    }

    /// Write a command's outcome. `before` is the state the command ran against.
    pub async fn apply(
        &mut self,
        before: &RecordState,
        outcome: &Outcome,
        directory: &Directory,
        settings: &Settings,
        ids: &mut (dyn NewIds + Send),
        now: DateTime<Utc>,
    ) -> Result<()> {
        let c = &mut *self.tx;
        let mut after = before.clone();
        after.apply(outcome);
        let rowid = rows_id(c, before.record.id).await?;
        if let Some(r) = &outcome.record {
            write::upsert_record(c, r, &settings.default_region).await?;
            write::append_outbox(
                c,
                OutboxEntry {
                    id: ids.new_id(),
                    entity: "record",
                    entity_id: r.id.to_string(),
                    operation: "update",
                    payload: json!({ "baseVersion": before.record.version, "record": r }),
                    created_at: now,
                },
            )
            .await?;
        }
        for a in &outcome.activities {
            write::upsert_activity(c, a).await?;
            let base = before.activity(a.id).map(|b| b.version);
            write::append_outbox(
                c,
                OutboxEntry {
                    id: ids.new_id(),
                    entity: "activity",
                    entity_id: a.id.to_string(),
                    operation: if base.is_some() { "update" } else { "create" },
                    payload: json!({ "baseVersion": base, "activity": a }),
                    created_at: now,
                },
            )
            .await?;
        }
        for n in &outcome.notes {
            write::insert_note(c, n).await?;
            write::append_outbox(
                c,
                OutboxEntry {
                    id: ids.new_id(),
                    entity: "note",
                    entity_id: n.id.to_string(),
                    operation: "create",
                    payload: json!({ "note": n }),
                    created_at: now,
                },
            )
            .await?;
        }
        for t in &outcome.timeline {
            write::insert_timeline(c, t).await?;
        }
        write::refresh_work_items(c, rowid, &after, directory).await?;
        Ok(())
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

async fn rows_id(c: &mut sqlx::SqliteConnection, record: RecordId) -> Result<i64> {
    Ok(read::record_row(c, record).await?.rowid)
}
