//! Writing domain values into the cache. Every function takes the open transaction's connection.

use crate::error::Result;
use crate::rows::*;
use chrono::{DateTime, Utc};
use nextline_domain::search::{fold, record_tokens};
use nextline_domain::worklist::next_activity;
use nextline_domain::*;
use sqlx::SqliteConnection;

pub(crate) async fn upsert_user(c: &mut SqliteConnection, u: &User) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, name, email, role, phone) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email,
           role = excluded.role, phone = excluded.phone",
    )
    .bind(u.id.to_string())
    .bind(&u.name)
    .bind(&u.email)
    .bind(role_str(u.role))
    .bind(&u.phone)
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub(crate) async fn upsert_team(c: &mut SqliteConnection, t: &Team) -> Result<()> {
    sqlx::query("INSERT INTO teams (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name")
        .bind(t.id.to_string())
        .bind(&t.name)
        .execute(&mut *c)
        .await?;
    sqlx::query("DELETE FROM team_members WHERE team_id = ?")
        .bind(t.id.to_string())
        .execute(&mut *c)
        .await?;
    for m in &t.members {
        sqlx::query("INSERT INTO team_members (team_id, user_id) VALUES (?, ?)")
            .bind(t.id.to_string())
            .bind(m.to_string())
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

pub(crate) async fn upsert_sequence(c: &mut SqliteConnection, s: &Sequence) -> Result<()> {
    sqlx::query(
        "INSERT INTO sequences (id, name, steps) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, steps = excluded.steps",
    )
    .bind(s.id.to_string())
    .bind(&s.name)
    .bind(serde_json::to_string(&s.steps)?)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Update a record whose searchable fields (name, contact) did not change: no search rewrite.
pub(crate) async fn update_record_fields(c: &mut SqliteConnection, r: &Record) -> Result<()> {
    sqlx::query(
        "UPDATE records SET owner_id = ?, sequence_id = ?, score = ?, last_contacted = ?, version = ?
         WHERE id = ?",
    )
    .bind(r.owner.to_string())
    .bind(r.sequence.map(|s| s.to_string()))
    .bind(i64::from(r.score))
    .bind(r.last_contacted.map(ms))
    .bind(i64::from(r.version))
    .bind(r.id.to_string())
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Insert or update a record and its search words; returns its rowid.
pub(crate) async fn upsert_record(
    c: &mut SqliteConnection,
    r: &Record,
    default_region: &str,
) -> Result<i64> {
    let tokens = record_tokens(r, default_region).join(" ");
    let rowids = upsert_records_with_tokens(c, &[(r, tokens)]).await?;
    Ok(rowids[0])
}

pub(crate) async fn upsert_activity(c: &mut SqliteConnection, a: &Activity) -> Result<()> {
    upsert_activities(c, &[a]).await
}

/// Many activities in few statements (a sync page): one round trip per 100.
pub(crate) async fn upsert_activities(c: &mut SqliteConnection, all: &[&Activity]) -> Result<()> {
    for chunk in all.chunks(100) {
        let row = format!("({})", vec!["?"; 21].join(", "));
        let values = vec![row; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO activities (id, record_id, type, subject, due, starts_at, state, assignee_kind,
               assignee_id, step_sequence, step_index, join_url, snoozed_until, created_at, closed_at,
               closed_by, version, call, email, text, meeting)
             VALUES {values}
             ON CONFLICT(id) DO UPDATE SET type = excluded.type, subject = excluded.subject,
               due = excluded.due, starts_at = excluded.starts_at, state = excluded.state,
               assignee_kind = excluded.assignee_kind, assignee_id = excluded.assignee_id,
               step_sequence = excluded.step_sequence, step_index = excluded.step_index,
               join_url = excluded.join_url, snoozed_until = excluded.snoozed_until,
               closed_at = excluded.closed_at, closed_by = excluded.closed_by, version = excluded.version,
               call = excluded.call, email = excluded.email, text = excluded.text,
               meeting = excluded.meeting"
        );
        let mut q = sqlx::query(&sql);
        for a in chunk {
            let (assignee_kind, assignee_id) = assignee_parts(a.assignee);
            q = q
                .bind(a.id.to_string())
                .bind(a.record.to_string())
                .bind(a.kind.as_str())
                .bind(&a.subject)
                .bind(ms(a.due))
                .bind(ms(a.starts_at))
                .bind(a.state.as_str())
                .bind(assignee_kind)
                .bind(assignee_id)
                .bind(a.step.map(|s| s.sequence.to_string()))
                .bind(a.step.map(|s| i64::from(s.index)))
                .bind(&a.join_url)
                .bind(a.snoozed_until.map(ms))
                .bind(ms(a.created_at))
                .bind(a.closed_at.map(ms))
                .bind(a.closed_by.map(|u| u.to_string()))
                .bind(i64::from(a.version))
                .bind(a.call.as_ref().map(serde_json::to_string).transpose()?)
                .bind(a.email.as_ref().map(serde_json::to_string).transpose()?)
                .bind(a.text.as_ref().map(serde_json::to_string).transpose()?)
                .bind(a.meeting.as_ref().map(serde_json::to_string).transpose()?);
        }
        q.execute(&mut *c).await?;
    }
    Ok(())
}

/// A note (the CRM may send one again, edited: its text is updated).
pub(crate) async fn upsert_note(c: &mut SqliteConnection, n: &Note) -> Result<()> {
    sqlx::query(
        "INSERT INTO notes (id, record_id, activity_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET text = excluded.text",
    )
    .bind(n.id.to_string())
    .bind(n.record.to_string())
    .bind(n.activity.map(|a| a.to_string()))
    .bind(n.author.to_string())
    .bind(&n.text)
    .bind(ms(n.created_at))
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Several timeline entries in one statement.
pub(crate) async fn insert_timeline_many(
    c: &mut SqliteConnection,
    entries: &[TimelineEntry],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let values = vec!["(?, ?, ?, ?, ?, ?)"; entries.len()].join(", ");
    let sql =
        format!("INSERT INTO timeline (id, record_id, at, author_id, kind, event) VALUES {values}");
    let mut q = sqlx::query(&sql);
    for t in entries {
        q = q
            .bind(t.id.to_string())
            .bind(t.record.to_string())
            .bind(ms(t.at))
            .bind(t.author.to_string())
            .bind(t.event.kind())
            .bind(serde_json::to_string(&t.event)?);
    }
    q.execute(&mut *c).await?;
    Ok(())
}

pub(crate) async fn insert_timeline(c: &mut SqliteConnection, t: &TimelineEntry) -> Result<()> {
    sqlx::query(
        "INSERT INTO timeline (id, record_id, at, author_id, kind, event) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(t.id.to_string())
    .bind(t.record.to_string())
    .bind(ms(t.at))
    .bind(t.author.to_string())
    .bind(t.event.kind())
    .bind(serde_json::to_string(&t.event)?)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// One outbox row: what the sync must write to the CRM, exactly once.
pub(crate) struct OutboxEntry {
    pub id: uuid::Uuid,
    pub entity: &'static str,
    pub entity_id: String,
    pub operation: &'static str,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Outbox rows in one statement, in order.
pub(crate) async fn append_outbox(
    c: &mut SqliteConnection,
    entries: Vec<OutboxEntry>,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let values = vec!["(?, ?, ?, ?, ?, ?)"; entries.len()].join(", ");
    let sql = format!(
        "INSERT INTO outbox (id, entity, entity_id, operation, payload, created_at) VALUES {values}"
    );
    let mut q = sqlx::query(&sql);
    for e in entries {
        q = q
            .bind(e.id.to_string())
            .bind(e.entity)
            .bind(e.entity_id)
            .bind(e.operation)
            .bind(e.payload.to_string())
            .bind(ms(e.created_at));
    }
    q.execute(&mut *c).await?;
    Ok(())
}

/// Rebuild the work-list rows of one record: for each seller with open work on it (directly
/// or through a team), the record's next activity for them (R3, as `worklist::next_activity`
/// defines it).
pub(crate) async fn refresh_work_items(
    c: &mut SqliteConnection,
    rowid: i64,
    state: &RecordState,
    directory: &Directory,
) -> Result<()> {
    refresh_work_items_many(c, &[(rowid, state)], directory).await
}

/// One row of the work-list index.
struct WorkItem {
    user: UserId,
    rowid: i64,
    record: RecordId,
    activity: ActivityId,
    activity_type: i64,
    due: i64,
    record_kind: i64,
    owner: UserId,
    name_key: String,
    score: i64,
    last_contacted: i64,
}

fn work_items_of(rowid: i64, state: &RecordState, directory: &Directory) -> Vec<WorkItem> {
    let mut people: Vec<UserId> = Vec::new();
    for a in state.activities.iter().filter(|a| a.is_open()) {
        match a.assignee {
            Assignee::User(u) => people.push(u),
            Assignee::Team(t) => {
                if let Some(team) = directory.team(t) {
                    people.extend(team.members.iter().copied());
                }
            }
        }
    }
    people.sort();
    people.dedup();
    let r = &state.record;
    let name_key = fold(&r.name);
    let mut out = Vec::new();
    for user in people {
        let actor = Actor {
            user: directory.user(user).cloned().unwrap_or_else(|| User {
                id: user,
                name: String::new(),
                email: String::new(),
                role: None,
                phone: None,
            }),
            teams: directory.teams_of(user),
        };
        let Some(next) = next_activity(&actor, state) else {
            continue;
        };
        out.push(WorkItem {
            user,
            rowid,
            record: r.id,
            activity: next.id,
            activity_type: type_rank(next.kind),
            due: ms(next.due),
            record_kind: kind_rank(r.kind),
            owner: r.owner,
            name_key: name_key.clone(),
            score: i64::from(r.score),
            last_contacted: r.last_contacted.map_or(0, ms),
        });
    }
    out
}

/// Rebuild the work-list rows of many records in few statements (a sync's pages).
pub(crate) async fn refresh_work_items_many(
    c: &mut SqliteConnection,
    states: &[(i64, &RecordState)],
    directory: &Directory,
) -> Result<()> {
    for chunk in states.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!("DELETE FROM work_items WHERE record_rowid IN ({marks})");
        let mut q = sqlx::query(&sql);
        for (rowid, _) in chunk {
            q = q.bind(rowid);
        }
        q.execute(&mut *c).await?;
        let items: Vec<WorkItem> = chunk
            .iter()
            .flat_map(|(rowid, state)| work_items_of(*rowid, state, directory))
            .collect();
        for part in items.chunks(80) {
            let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; part.len()].join(", ");
            let sql = format!(
                "INSERT INTO work_items (user_id, record_rowid, record_id, activity_id, activity_type, due,
                   record_kind, owner_id, name_key, score, last_contacted) VALUES {values}"
            );
            let mut q = sqlx::query(&sql);
            for w in part {
                q = q
                    .bind(w.user.to_string())
                    .bind(w.rowid)
                    .bind(w.record.to_string())
                    .bind(w.activity.to_string())
                    .bind(w.activity_type)
                    .bind(w.due)
                    .bind(w.record_kind)
                    .bind(w.owner.to_string())
                    .bind(&w.name_key)
                    .bind(w.score)
                    .bind(w.last_contacted);
            }
            q.execute(&mut *c).await?;
        }
    }
    Ok(())
}

/// Many records in few statements, with their search tokens already made (a sync page makes
/// them on several threads: parsing phone numbers is the slow part): their rowids, in order.
pub(crate) async fn upsert_records_with_tokens(
    c: &mut SqliteConnection,
    records: &[(&Record, String)],
) -> Result<Vec<i64>> {
    let mut all = Vec::with_capacity(records.len());
    for chunk in records.chunks(100) {
        let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO records (id, kind, name, owner_id, sequence_id, score, last_contacted, contact, version)
             VALUES {values}
             ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
               owner_id = excluded.owner_id, sequence_id = excluded.sequence_id, score = excluded.score,
               last_contacted = excluded.last_contacted, contact = excluded.contact, version = excluded.version
             RETURNING id, rowid"
        );
        let mut q = sqlx::query(&sql);
        for (r, _) in chunk {
            q = q
                .bind(r.id.to_string())
                .bind(r.kind.as_str())
                .bind(&r.name)
                .bind(r.owner.to_string())
                .bind(r.sequence.map(|s| s.to_string()))
                .bind(i64::from(r.score))
                .bind(r.last_contacted.map(ms))
                .bind(serde_json::to_string(&r.contact)?)
                .bind(i64::from(r.version));
        }
        let rowids: std::collections::HashMap<String, i64> = q
            .fetch_all(&mut *c)
            .await?
            .into_iter()
            .map(|row| {
                use sqlx::Row;
                (row.get::<String, _>("id"), row.get::<i64, _>("rowid"))
            })
            .collect();
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!("DELETE FROM record_search WHERE rowid IN ({marks})");
        let mut q = sqlx::query(&sql);
        for (r, _) in chunk {
            q = q.bind(rowids.get(&r.id.to_string()).copied().unwrap_or(-1));
        }
        q.execute(&mut *c).await?;
        let values = vec!["(?, ?)"; chunk.len()].join(", ");
        let sql = format!("INSERT INTO record_search (rowid, tokens) VALUES {values}");
        let mut q = sqlx::query(&sql);
        for (r, tokens) in chunk {
            q = q
                .bind(rowids.get(&r.id.to_string()).copied().unwrap_or(-1))
                .bind(tokens);
        }
        q.execute(&mut *c).await?;
        all.extend(
            chunk
                .iter()
                .map(|(r, _)| rowids.get(&r.id.to_string()).copied().unwrap_or(-1)),
        );
    }
    Ok(all)
}
