//! The sync's side of the cache: each CRM row's ETag and columns, where each table's sync
//! continues, a page of CRM rows written in one transaction, and the outbox's progress.
//!
//! A page never overwrites an entity with a change still waiting in the outbox: the seller's
//! change wins locally, and the push settles it with the server (the 412 rule).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use nextline_domain::*;
use serde_json::{Map, Value};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use crate::error::Result;
use crate::read;
use crate::rows::{self, ACTIVITY_COLUMNS, ActivityRow, RECORD_COLUMNS, RecordRow, ms};
use crate::write;
use crate::{OutboxRow, Store};

/// A CRM row as last read or written.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmShadow {
    pub id: Uuid,
    pub set: String,
    pub etag: Option<String>,
    pub columns: Map<String, Value>,
}

/// Where a table's sync continues.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrmCursor {
    /// The next page of a read in progress.
    pub next_link: Option<String>,
    /// The next delta, once a read has finished.
    pub delta_link: Option<String>,
    pub synced_at: Option<DateTime<Utc>>,
    /// The org has no such table.
    pub missing: bool,
}

/// One page of CRM rows, mapped to Nextline's model, written in one transaction with the
/// table's cursor.
#[derive(Debug, Default)]
pub struct CrmPage {
    pub set: String,
    pub shadows: Vec<CrmShadow>,
    pub users: Vec<User>,
    /// Owners the cache may not know yet (added, never overwritten).
    pub owners: Vec<User>,
    pub teams: Vec<Team>,
    pub records: Vec<Record>,
    pub activities: Vec<Activity>,
    pub notes: Vec<Note>,
    pub deleted: Vec<Uuid>,
    /// Where the table's sync continues after this page (`None`: a single row read again).
    pub cursor: Option<CrmCursor>,
}

/// What writing a page did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CrmApplied {
    pub written: usize,
    /// Entities left as they are because a local change waits for them in the outbox.
    pub kept_local: usize,
    pub deleted: usize,
}

pub(crate) async fn etag(c: &mut SqliteConnection, id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT etag FROM crm_rows WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
        .flatten())
}

async fn upsert_shadow(c: &mut SqliteConnection, s: &CrmShadow) -> Result<()> {
    upsert_shadows(c, std::slice::from_ref(s)).await
}

/// CRM rows in few statements (one round trip per 200).
async fn upsert_shadows(c: &mut SqliteConnection, all: &[CrmShadow]) -> Result<()> {
    for chunk in all.chunks(200) {
        let values = vec!["(?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO crm_rows (id, entity_set, etag, columns) VALUES {values}
             ON CONFLICT(id) DO UPDATE SET entity_set = excluded.entity_set, etag = excluded.etag,
               columns = excluded.columns, seen = 1"
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            q = q
                .bind(s.id.to_string())
                .bind(&s.set)
                .bind(&s.etag)
                .bind(Value::Object(s.columns.clone()).to_string());
        }
        q.execute(&mut *c).await?;
    }
    Ok(())
}

/// Entities with a change waiting (pending, failed or in conflict): a page leaves them alone.
async fn waiting_entities(c: &mut SqliteConnection) -> Result<HashSet<String>> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT entity_id FROM outbox WHERE state != 'done'")
            .fetch_all(&mut *c)
            .await?
            .into_iter()
            .collect(),
    )
}

/// The search tokens of `records`, made on two threads.
fn search_tokens(records: &[&Record], default_region: &str) -> Vec<String> {
    let make = |part: &[&Record]| -> Vec<String> {
        part.iter()
            .map(|r| nextline_domain::search::record_tokens(r, default_region).join(" "))
            .collect()
    };
    if records.len() < 64 {
        return make(records);
    }
    let (a, b) = records.split_at(records.len() / 2);
    std::thread::scope(|s| {
        let second = s.spawn(|| make(b));
        let mut out = make(a);
        out.extend(second.join().expect("search tokens"));
        out
    })
}

/// Which of `ids` the cache has.
async fn existing_records(c: &mut SqliteConnection, ids: &[RecordId]) -> Result<HashSet<RecordId>> {
    let mut unique: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    unique.sort();
    unique.dedup();
    let mut out = HashSet::new();
    for chunk in unique.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!("SELECT id FROM records WHERE id IN ({marks})");
        let mut q = sqlx::query_scalar::<_, String>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        for id in q.fetch_all(&mut *c).await? {
            out.insert(RecordId(rows::id(&id)?));
        }
    }
    Ok(out)
}

/// Deletes what the CRM deleted: an activity, a note, or a record with everything on it.
async fn delete_entity(c: &mut SqliteConnection, id: Uuid) -> Result<bool> {
    let id = id.to_string();
    let mut gone = 0;
    for sql in [
        "DELETE FROM notes WHERE id = ?",
        "DELETE FROM activities WHERE id = ?",
    ] {
        gone += sqlx::query(sql)
            .bind(&id)
            .execute(&mut *c)
            .await?
            .rows_affected();
    }
    let rowid: Option<i64> = sqlx::query_scalar("SELECT rowid FROM records WHERE id = ?")
        .bind(&id)
        .fetch_optional(&mut *c)
        .await?;
    if let Some(rowid) = rowid {
        for sql in [
            "DELETE FROM work_items WHERE record_rowid = ?1",
            "DELETE FROM record_search WHERE rowid = ?1",
        ] {
            sqlx::query(sql).bind(rowid).execute(&mut *c).await?;
        }
        for sql in [
            "DELETE FROM timeline WHERE record_id = ?1",
            "DELETE FROM notes WHERE record_id = ?1",
            "DELETE FROM activities WHERE record_id = ?1",
            "DELETE FROM records WHERE id = ?1",
        ] {
            gone += sqlx::query(sql)
                .bind(&id)
                .execute(&mut *c)
                .await?
                .rows_affected();
        }
    }
    sqlx::query("DELETE FROM crm_rows WHERE id = ?")
        .bind(&id)
        .execute(&mut *c)
        .await?;
    Ok(gone > 0)
}

pub(crate) fn outbox_row(r: sqlx::sqlite::SqliteRow) -> Result<OutboxRow> {
    Ok(OutboxRow {
        seq: r.get("seq"),
        id: r.get("id"),
        entity: r.get("entity"),
        entity_id: r.get("entity_id"),
        operation: r.get("operation"),
        payload: serde_json::from_str(r.get::<&str, _>("payload"))?,
        created_at: rows::time(r.get("created_at"))?,
        attempts: r.get("attempts"),
        state: r.get("state"),
        last_error: r.get("last_error"),
    })
}

pub(crate) const OUTBOX_COLUMNS: &str =
    "seq, id, entity, entity_id, operation, payload, created_at, attempts, state, last_error";

impl Store {
    /// Writes one page of CRM rows and the table's cursor, in one transaction.
    pub async fn apply_crm_page(&self, page: &CrmPage, default_region: &str) -> Result<CrmApplied> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let c = &mut *tx;
        let waiting = waiting_entities(c).await?;
        let mut done = CrmApplied::default();
        upsert_shadows(c, &page.shadows).await?;
        let mut owners: Vec<&User> = page.owners.iter().collect();
        owners.sort_by_key(|u| u.id);
        owners.dedup_by_key(|u| u.id);
        for chunk in owners.chunks(300) {
            let values = vec!["(?, ?, '', NULL, NULL)"; chunk.len()].join(", ");
            let sql = format!(
                "INSERT OR IGNORE INTO users (id, name, email, role, phone) VALUES {values}"
            );
            let mut q = sqlx::query(&sql);
            for u in chunk {
                q = q.bind(u.id.to_string()).bind(&u.name);
            }
            q.execute(&mut *c).await?;
        }
        for u in &page.users {
            write::upsert_user(c, u).await?;
        }
        for t in &page.teams {
            write::upsert_team(c, t).await?;
        }
        let mut touched: Vec<RecordId> = Vec::new();
        let records: Vec<&Record> = page
            .records
            .iter()
            .filter(|r| !waiting.contains(&r.id.to_string()))
            .collect();
        done.kept_local += page.records.len() - records.len();
        let with_tokens: Vec<(&Record, String)> = records
            .iter()
            .copied()
            .zip(search_tokens(&records, default_region))
            .collect();
        write::upsert_records_with_tokens(c, &with_tokens).await?;
        touched.extend(records.iter().map(|r| r.id));
        done.written += records.len();
        let wanted: Vec<RecordId> = page
            .activities
            .iter()
            .map(|a| a.record)
            .chain(page.notes.iter().map(|n| n.record))
            .collect();
        let have = existing_records(c, &wanted).await?;
        let mut activities = Vec::new();
        for a in &page.activities {
            if waiting.contains(&a.id.to_string()) {
                done.kept_local += 1;
                continue;
            }
            if !have.contains(&a.record) {
                continue; // about a record the seller does not have (closed, someone else's)
            }
            activities.push(a);
            touched.push(a.record);
        }
        write::upsert_activities(c, &activities).await?;
        done.written += activities.len();
        for n in &page.notes {
            if waiting.contains(&n.id.to_string()) || !have.contains(&n.record) {
                continue;
            }
            write::upsert_note(c, n).await?;
            done.written += 1;
        }
        for id in &page.deleted {
            if waiting.contains(&id.to_string()) {
                done.kept_local += 1;
                continue;
            }
            let record: Option<String> =
                sqlx::query_scalar("SELECT record_id FROM activities WHERE id = ?")
                    .bind(id.to_string())
                    .fetch_optional(&mut *c)
                    .await?;
            if delete_entity(c, *id).await? {
                done.deleted += 1;
            }
            if let Some(r) = record.and_then(|r| r.parse().ok()) {
                touched.push(RecordId(r));
            }
        }
        touched.sort();
        touched.dedup();
        // The work list is rebuilt once per record at the end of the pull.
        for chunk in touched.chunks(500) {
            let values = vec!["(?)"; chunk.len()].join(", ");
            let sql = format!("INSERT OR IGNORE INTO crm_dirty (record_id) VALUES {values}");
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q.bind(r.to_string());
            }
            q.execute(&mut *c).await?;
        }
        if let Some(cur) = &page.cursor {
            sqlx::query(
            "INSERT INTO crm_cursors (entity_set, next_link, delta_link, synced_at, missing) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT(entity_set) DO UPDATE SET next_link = excluded.next_link, delta_link = excluded.delta_link,
               synced_at = excluded.synced_at, missing = excluded.missing",
        )
        .bind(&page.set)
        .bind(&cur.next_link)
        .bind(&cur.delta_link)
        .bind(cur.synced_at.map(ms))
        .bind(cur.missing)
        .execute(&mut *c)
        .await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Rebuilds the work-list rows of the records sync pages changed, 500 records per
    /// transaction (their records and activities read in two queries). Returns how many.
    pub async fn refresh_dirty_records(&self) -> Result<usize> {
        sqlx::query("DELETE FROM crm_dirty WHERE record_id NOT IN (SELECT id FROM records)")
            .execute(&self.pool)
            .await?;
        let mut total = 0;
        loop {
            let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            let c = &mut *tx;
            let ids: Vec<String> = sqlx::query_scalar("SELECT record_id FROM crm_dirty LIMIT 500")
                .fetch_all(&mut *c)
                .await?;
            if ids.is_empty() {
                return Ok(total);
            }
            let directory = read::directory(c).await?;
            let sequences = read::sequences(c).await?;
            let marks = vec!["?"; ids.len()].join(",");
            let sql = format!("SELECT {RECORD_COLUMNS} FROM records WHERE id IN ({marks})");
            let mut q = sqlx::query_as::<_, RecordRow>(&sql);
            for id in &ids {
                q = q.bind(id);
            }
            let records = q.fetch_all(&mut *c).await?;
            let sql = format!(
                "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE record_id IN ({marks}) ORDER BY created_at, rowid"
            );
            let mut q = sqlx::query_as::<_, ActivityRow>(&sql);
            for id in &ids {
                q = q.bind(id);
            }
            let mut activities: HashMap<RecordId, Vec<Activity>> = HashMap::new();
            for a in q.fetch_all(&mut *c).await? {
                let a = a.into_activity()?;
                activities.entry(a.record).or_default().push(a);
            }
            let mut states = Vec::new();
            for row in records {
                let rowid = row.rowid;
                let record = row.into_record()?;
                states.push((
                    rowid,
                    RecordState {
                        sequence: record
                            .sequence
                            .and_then(|s| sequences.iter().find(|k| k.id == s).cloned()),
                        activities: activities.remove(&record.id).unwrap_or_default(),
                        record,
                    },
                ));
            }
            let refs: Vec<(i64, &RecordState)> = states.iter().map(|(r, s)| (*r, s)).collect();
            write::refresh_work_items_many(c, &refs, &directory).await?;
            let sql = format!("DELETE FROM crm_dirty WHERE record_id IN ({marks})");
            let mut q = sqlx::query(&sql);
            for id in &ids {
                q = q.bind(id);
            }
            q.execute(&mut *c).await?;
            tx.commit().await?;
            total += ids.len();
        }
    }

    /// Removes everything the cache holds about sellers' work — records, activities, notes,
    /// timelines, the outbox, users, teams, sequences, what it knew of a CRM — keeping the
    /// settings (the phone account, the devices). For leaving the demo data behind when a real
    /// org is connected: the demo's changes were never real.
    pub async fn forget_local_data(&self) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for sql in [
            "DELETE FROM work_items",
            "DELETE FROM record_search",
            "DELETE FROM timeline",
            "DELETE FROM notes",
            "DELETE FROM email_drafts",
            "DELETE FROM email_sending",
            "DELETE FROM activities",
            "DELETE FROM records",
            "DELETE FROM sequences",
            "DELETE FROM team_members",
            "DELETE FROM teams",
            "DELETE FROM users",
            "DELETE FROM outbox",
            "DELETE FROM crm_rows",
            "DELETE FROM crm_cursors",
            "DELETE FROM crm_dirty",
            "DELETE FROM settings WHERE key IN ('demo', 'current_user')",
        ] {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A full read of `set` starts: its rows are unseen until a page brings them.
    pub async fn begin_full_read(&self, set: &str) -> Result<()> {
        sqlx::query("UPDATE crm_rows SET seen = 0 WHERE entity_set = ?")
            .bind(set)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The rows of `set` a finished full read did not see: deleted in the org.
    pub async fn unseen_rows(&self, set: &str) -> Result<Vec<Uuid>> {
        sqlx::query_scalar::<_, String>("SELECT id FROM crm_rows WHERE entity_set = ? AND seen = 0")
            .bind(set)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|s| rows::id(s))
            .collect()
    }

    pub async fn crm_cursor(&self, set: &str) -> Result<Option<CrmCursor>> {
        let row = sqlx::query("SELECT next_link, delta_link, synced_at, missing FROM crm_cursors WHERE entity_set = ?")
            .bind(set)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(CrmCursor {
                next_link: r.get("next_link"),
                delta_link: r.get("delta_link"),
                synced_at: r
                    .get::<Option<i64>, _>("synced_at")
                    .map(rows::time)
                    .transpose()?,
                missing: r.get("missing"),
            })
        })
        .transpose()
    }

    /// Forget where every table's sync was (a full resync; the rows and the outbox stay).
    pub async fn reset_crm_cursors(&self, set: Option<&str>) -> Result<()> {
        match set {
            Some(s) => {
                sqlx::query("DELETE FROM crm_cursors WHERE entity_set = ?")
                    .bind(s)
                    .execute(&self.pool)
                    .await?
            }
            None => {
                sqlx::query("DELETE FROM crm_cursors")
                    .execute(&self.pool)
                    .await?
            }
        };
        Ok(())
    }

    pub async fn crm_shadows(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, CrmShadow>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql =
                format!("SELECT id, entity_set, etag, columns FROM crm_rows WHERE id IN ({marks})");
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.to_string());
            }
            for r in q.fetch_all(&self.pool).await? {
                let id: Uuid = rows::id(r.get::<&str, _>("id"))?;
                let columns = match serde_json::from_str(r.get::<&str, _>("columns"))? {
                    Value::Object(m) => m,
                    _ => Map::new(),
                };
                out.insert(
                    id,
                    CrmShadow {
                        id,
                        set: r.get("entity_set"),
                        etag: r.get("etag"),
                        columns,
                    },
                );
            }
        }
        Ok(out)
    }

    /// Rows of `set` whose lookup `column` points at one of `targets` (the opportunities of
    /// changed contacts).
    pub async fn crm_rows_pointing_at_any(
        &self,
        set: &str,
        column: &str,
        targets: &[Uuid],
    ) -> Result<Vec<Uuid>> {
        let mut out = Vec::new();
        let path = format!("$.\"{column}\"");
        for chunk in targets.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT id FROM crm_rows WHERE entity_set = ? AND json_extract(columns, ?) IN ({marks})"
            );
            let mut q = sqlx::query_scalar::<_, String>(&sql).bind(set).bind(&path);
            for t in chunk {
                q = q.bind(t.to_string());
            }
            for id in q.fetch_all(&self.pool).await? {
                out.push(rows::id(&id)?);
            }
        }
        Ok(out)
    }

    pub async fn records_by_ids(&self, ids: &[RecordId]) -> Result<HashMap<RecordId, Record>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!("SELECT {RECORD_COLUMNS} FROM records WHERE id IN ({marks})");
            let mut q = sqlx::query_as::<_, RecordRow>(&sql);
            for id in chunk {
                q = q.bind(id.to_string());
            }
            for r in q.fetch_all(&self.pool).await? {
                let r = r.into_record()?;
                out.insert(r.id, r);
            }
        }
        Ok(out)
    }

    pub async fn activities_by_ids(
        &self,
        ids: &[ActivityId],
    ) -> Result<HashMap<ActivityId, Activity>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!("SELECT {ACTIVITY_COLUMNS} FROM activities WHERE id IN ({marks})");
            let mut q = sqlx::query_as::<_, ActivityRow>(&sql);
            for id in chunk {
                q = q.bind(id.to_string());
            }
            for a in q.fetch_all(&self.pool).await? {
                let a = a.into_activity()?;
                out.insert(a.id, a);
            }
        }
        Ok(out)
    }

    /// Changes still to send after `seq`, oldest first.
    pub async fn pending_outbox_after(&self, seq: i64, limit: u32) -> Result<Vec<OutboxRow>> {
        sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?"
        ))
        .bind(seq)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(outbox_row)
        .collect()
    }

    /// Changes not landed yet (pending, failed, in conflict), oldest first: the visible outbox.
    pub async fn unsent_outbox(&self, limit: u32) -> Result<Vec<OutboxRow>> {
        sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state != 'done' ORDER BY seq LIMIT ?"
        ))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(outbox_row)
        .collect()
    }

    /// The failed or conflicting changes of one record (its activities, notes, itself).
    pub async fn outbox_problems_of(&self, record: &str) -> Result<Vec<OutboxRow>> {
        sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state IN ('failed', 'conflict')
               AND (entity_id = ?1 OR json_extract(payload, '$.activity.record') = ?1
                    OR json_extract(payload, '$.note.record') = ?1)
             ORDER BY seq"
        ))
        .bind(record)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(outbox_row)
        .collect()
    }

    pub async fn outbox_entry(&self, seq: i64) -> Result<Option<OutboxRow>> {
        sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE seq = ?"
        ))
        .bind(seq)
        .fetch_optional(&self.pool)
        .await?
        .map(outbox_row)
        .transpose()
    }

    /// The change landed: marked done with the row's new ETag, in one transaction (a crash
    /// between the two would send it again, and the upsert rules make that harmless).
    pub async fn outbox_landed(
        &self,
        seq: i64,
        shadow: Option<&CrmShadow>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if let Some(s) = shadow {
            upsert_shadow(&mut tx, s).await?;
        }
        sqlx::query("UPDATE outbox SET state = 'done', sent_at = ?, last_error = NULL, attempts = attempts + 1 WHERE seq = ?")
            .bind(ms(now))
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps what Nextline knows a row now holds (after an action changed it).
    pub async fn remember_shadow(&self, shadow: &CrmShadow) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        upsert_shadow(&mut tx, shadow).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A try that did not land: `state` stays 'pending' (try again later), or becomes
    /// 'failed' or 'conflict' (the seller decides).
    pub async fn outbox_not_landed(&self, seq: i64, state: &str, error: &str) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = ?, last_error = ?, attempts = attempts + 1 WHERE seq = ?",
        )
        .bind(state)
        .bind(error)
        .bind(seq)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Send a failed or conflicting change again; `force`: over whatever the CRM has now.
    pub async fn outbox_retry(&self, seq: i64, force: bool) -> Result<()> {
        let sql = if force {
            "UPDATE outbox SET state = 'pending', payload = json_set(payload, '$.force', json('true')) WHERE seq = ? AND state != 'done'"
        } else {
            "UPDATE outbox SET state = 'pending' WHERE seq = ? AND state != 'done'"
        };
        sqlx::query(sql).bind(seq).execute(&self.pool).await?;
        Ok(())
    }

    /// Take the CRM's version instead of a conflicting change: the change is closed as
    /// settled (kept in the outbox for the record) and the next sync brings the CRM's row.
    pub async fn outbox_take_theirs(&self, seq: i64, entity_id: &str) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("UPDATE outbox SET state = 'done', last_error = 'settled: kept the version in Dynamics 365' WHERE seq = ?")
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        // The row must be read again in full: forget its ETag so nothing stale is compared.
        sqlx::query("UPDATE crm_rows SET etag = NULL WHERE id = ?")
            .bind(entity_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// (pending, failed, conflicts).
    pub async fn outbox_counts(&self) -> Result<(u32, u32, u32)> {
        let r = sqlx::query(
            "SELECT sum(state = 'pending') AS p, sum(state = 'failed') AS f, sum(state = 'conflict') AS c FROM outbox",
        )
        .fetch_one(&self.pool)
        .await?;
        let n = |k: &str| r.get::<Option<i64>, _>(k).unwrap_or(0) as u32;
        Ok((n("p"), n("f"), n("c")))
    }
}
