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
    /// The rowid of the record read by `record_state`, for the work-list index.
    pub(crate) rowid: Option<(RecordId, i64)>,
}

impl CommandTx {
    pub async fn directory(&mut self) -> Result<Directory> {
        read::directory(&mut self.tx).await
    }

    pub async fn record_state(&mut self, record: RecordId) -> Result<RecordState> {
        let (rowid, state) = read::record_state(&mut self.tx, record).await?;
        self.rowid = Some((record, rowid));
        Ok(state)
    }

    /// The state of the record `activity` belongs to. `known`: sequences the caller holds.
    pub async fn record_state_of_activity(
        &mut self,
        activity: ActivityId,
        known: &[Sequence],
    ) -> Result<RecordState> {
        let (rowid, state) = read::record_state_of_activity(&mut self.tx, activity, known).await?;
        self.rowid = Some((state.record.id, rowid));
        Ok(state)
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
        let rowid = match self.rowid {
            Some((id, rowid)) if id == before.record.id => rowid,
            _ => {
                read::record_row(&mut self.tx, before.record.id)
                    .await?
                    .rowid
            }
        };
        let c = &mut *self.tx;
        let mut after = before.clone();
        after.apply(outcome);
        let mut outbox = Vec::new();
        if let Some(r) = &outcome.record {
            if r.name == before.record.name && r.contact == before.record.contact {
                write::update_record_fields(c, r).await?;
            } else {
                write::upsert_record(c, r, &settings.default_region).await?;
            }
            // The CRM version the change is based on (`If-Match`), and the record before it (an
            // update sends only what changed).
            let base_etag = crate::crm::etag(c, &r.id.to_string()).await?;
            outbox.push(OutboxEntry {
                id: ids.new_id(),
                entity: "record",
                entity_id: r.id.to_string(),
                operation: "update",
                payload: json!({
                    "baseVersion": before.record.version,
                    "baseEtag": base_etag,
                    "before": before.record,
                    "record": r,
                }),
                created_at: now,
            });
        }
        for a in &outcome.activities {
            write::upsert_activity(c, a).await?;
            let was = before.activity(a.id);
            let base = was.map(|b| b.version);
            let base_etag = crate::crm::etag(c, &a.id.to_string()).await?;
            outbox.push(OutboxEntry {
                id: ids.new_id(),
                entity: "activity",
                entity_id: a.id.to_string(),
                operation: if base.is_some() { "update" } else { "create" },
                payload: json!({
                    "baseVersion": base,
                    "baseEtag": base_etag,
                    "before": was,
                    "activity": a,
                    "recordKind": before.record.kind,
                }),
                created_at: now,
            });
        }
        for n in &outcome.notes {
            write::upsert_note(c, n).await?;
            outbox.push(OutboxEntry {
                id: ids.new_id(),
                entity: "note",
                entity_id: n.id.to_string(),
                operation: "create",
                payload: json!({ "note": n, "recordKind": before.record.kind }),
                created_at: now,
            });
        }
        write::append_outbox(c, outbox).await?;
        write::insert_timeline_many(c, &outcome.timeline).await?;
        write::refresh_work_items(c, rowid, &after, directory).await?;
        Ok(())
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}
