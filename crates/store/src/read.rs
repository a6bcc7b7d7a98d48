//! Reading domain values back out of the cache.

use crate::error::{Result, StoreError};
use crate::rows::*;
use nextline_domain::*;
use sqlx::{Row, SqliteConnection};

pub(crate) async fn directory(c: &mut SqliteConnection) -> Result<Directory> {
    let users = sqlx::query("SELECT id, name, email, role, phone FROM users ORDER BY name")
        .fetch_all(&mut *c)
        .await?
        .into_iter()
        .map(|r| {
            Ok(User {
                id: id(r.get::<&str, _>("id"))?,
                name: r.get("name"),
                email: r.get("email"),
                role: parse_role(r.get::<Option<&str>, _>("role"))?,
                phone: r.get("phone"),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut teams = Vec::new();
    for r in sqlx::query("SELECT id, name FROM teams ORDER BY name")
        .fetch_all(&mut *c)
        .await?
    {
        let team_id: String = r.get("id");
        let members = sqlx::query_scalar::<_, String>(
            "SELECT user_id FROM team_members WHERE team_id = ? ORDER BY user_id",
        )
        .bind(&team_id)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(|m| id(m))
        .collect::<Result<Vec<_>>>()?;
        teams.push(Team {
            id: id(&team_id)?,
            name: r.get("name"),
            members,
        });
    }
    Ok(Directory { users, teams })
}

pub(crate) async fn record_row(c: &mut SqliteConnection, record: RecordId) -> Result<RecordRow> {
    sqlx::query_as::<_, RecordRow>(&format!(
        "SELECT {RECORD_COLUMNS} FROM records WHERE id = ?"
    ))
    .bind(record.to_string())
    .fetch_optional(&mut *c)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        kind: "record",
        key: record.to_string(),
    })
}

pub(crate) async fn sequence(c: &mut SqliteConnection, s: SequenceId) -> Result<Option<Sequence>> {
    let row = sqlx::query("SELECT id, name, steps FROM sequences WHERE id = ?")
        .bind(s.to_string())
        .fetch_optional(&mut *c)
        .await?;
    row.map(|r| {
        Ok(Sequence {
            id: s,
            name: r.get("name"),
            steps: serde_json::from_str(r.get::<&str, _>("steps"))?,
        })
    })
    .transpose()
}

pub(crate) async fn sequences(c: &mut SqliteConnection) -> Result<Vec<Sequence>> {
    sqlx::query("SELECT id, name, steps FROM sequences ORDER BY name")
        .fetch_all(&mut *c)
        .await?
        .into_iter()
        .map(|r| {
            Ok(Sequence {
                id: id(r.get::<&str, _>("id"))?,
                name: r.get("name"),
                steps: serde_json::from_str(r.get::<&str, _>("steps"))?,
            })
        })
        .collect()
}

pub(crate) async fn activities_of(
    c: &mut SqliteConnection,
    record: RecordId,
) -> Result<Vec<Activity>> {
    sqlx::query_as::<_, ActivityRow>(&format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE record_id = ? ORDER BY created_at, rowid"
    ))
    .bind(record.to_string())
    .fetch_all(&mut *c)
    .await?
    .into_iter()
    .map(ActivityRow::into_activity)
    .collect()
}

/// Phone calls not ended yet, placed by `placed_by` ("app", "cli"): going on, or left open by
/// a crash.
pub(crate) async fn calls_going_on(
    c: &mut SqliteConnection,
    placed_by: &str,
) -> Result<Vec<Activity>> {
    let sql = format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activities
         WHERE call IS NOT NULL AND json_extract(call, '$.endedAt') IS NULL
           AND json_extract(call, '$.placedBy') = ?
         ORDER BY created_at"
    );
    sqlx::query_as::<_, ActivityRow>(&sql)
        .bind(placed_by)
        .fetch_all(&mut *c)
        .await?
        .into_iter()
        .map(ActivityRow::into_activity)
        .collect()
}

/// The record an activity belongs to, with its sequence and activities, and its rowid.
pub(crate) async fn record_state_of_activity(
    c: &mut SqliteConnection,
    activity: ActivityId,
    known: &[Sequence],
) -> Result<(i64, RecordState)> {
    let row = sqlx::query_as::<_, RecordRow>(&format!(
        "SELECT {RECORD_COLUMNS} FROM records WHERE id = (SELECT record_id FROM activities WHERE id = ?)"
    ))
    .bind(activity.to_string())
    .fetch_optional(&mut *c)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        kind: "activity",
        key: activity.to_string(),
    })?;
    state_of_row(c, row, known).await
}

/// One record with its sequence and activities, and its rowid.
pub(crate) async fn record_state(
    c: &mut SqliteConnection,
    record: RecordId,
) -> Result<(i64, RecordState)> {
    let row = record_row(c, record).await?;
    state_of_row(c, row, &[]).await
}

/// `known`: sequences the caller already has (they never change between imports).
async fn state_of_row(
    c: &mut SqliteConnection,
    row: RecordRow,
    known: &[Sequence],
) -> Result<(i64, RecordState)> {
    let rowid = row.rowid;
    let record = row.into_record()?;
    let sequence = match record.sequence {
        Some(s) => match known.iter().find(|k| k.id == s) {
            Some(k) => Some(k.clone()),
            None => sequence(c, s).await?,
        },
        None => None,
    };
    let activities = activities_of(c, record.id).await?;
    Ok((
        rowid,
        RecordState {
            record,
            sequence,
            activities,
        },
    ))
}

pub(crate) async fn record_of_activity(
    c: &mut SqliteConnection,
    a: ActivityId,
) -> Result<RecordId> {
    let r: Option<String> = sqlx::query_scalar("SELECT record_id FROM activities WHERE id = ?")
        .bind(a.to_string())
        .fetch_optional(&mut *c)
        .await?;
    id(&r.ok_or_else(|| StoreError::NotFound {
        kind: "activity",
        key: a.to_string(),
    })?)
}

pub(crate) async fn timeline(
    c: &mut SqliteConnection,
    record: RecordId,
    limit: u32,
) -> Result<Vec<TimelineEntry>> {
    sqlx::query("SELECT id, record_id, at, author_id, event FROM timeline WHERE record_id = ? ORDER BY at DESC, seq DESC LIMIT ?")
        .bind(record.to_string())
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?
        .into_iter()
        .map(|r| {
            Ok(TimelineEntry {
                id: id(r.get::<&str, _>("id"))?,
                record: id(r.get::<&str, _>("record_id"))?,
                at: time(r.get("at"))?,
                author: id(r.get::<&str, _>("author_id"))?,
                event: serde_json::from_str(r.get::<&str, _>("event"))?,
            })
        })
        .collect()
}

/// Find an id by a unique prefix of it (like git does), so people can type `3f2a`.
pub(crate) async fn resolve_prefix(
    c: &mut SqliteConnection,
    table: &'static str,
    kind: &'static str,
    prefix: &str,
) -> Result<String> {
    let p = prefix.trim().to_ascii_lowercase();
    let not_found = || StoreError::NotFound {
        kind,
        key: prefix.to_string(),
    };
    if p.len() < 4 || !p.chars().all(|ch| ch.is_ascii_hexdigit() || ch == '-') {
        return Err(not_found());
    }
    let hits: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 2"
    ))
    .bind(&p)
    .bind(format!("{p}\u{7f}"))
    .fetch_all(&mut *c)
    .await?;
    match hits.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(not_found()),
        _ => Err(StoreError::Ambiguous {
            kind,
            key: prefix.to_string(),
        }),
    }
}
