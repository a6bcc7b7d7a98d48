//! The work list (R3) from the `work_items` index: filters and sort in SQL, keyset pagination,
//! the same cards `nextline_domain::worklist::work_list` defines.

use crate::error::{Result, StoreError};
use crate::rows::*;
use chrono::{DateTime, Utc};
use nextline_domain::due::{DueBounds, DueBucket};
use nextline_domain::search::query_terms;
use nextline_domain::worklist::{GroupBy, OwnerFilter, SortKey, WorkListPage, WorkListQuery, card};
use nextline_domain::*;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, Row, SqliteConnection};
use std::collections::HashMap;

/// Where a page ended: the last card's group, sort value and record id.
#[derive(Serialize, Deserialize)]
struct Cursor {
    g: i64,
    k: serde_json::Value,
    r: String,
}

/// The largest page a caller may ask for.
pub const MAX_PAGE: u32 = 500;

struct Sql {
    text: String,
    args: SqliteArguments<'static>,
}

impl Sql {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn bind<T>(&mut self, v: T) -> Result<()>
    where
        T: 'static + Send + sqlx::Encode<'static, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    {
        self.args
            .add(v)
            .map_err(|e| StoreError::Database(sqlx::Error::Encode(e)))
    }
}

/// The groups, in display order, and the predicate that selects each one. Each is a due range
/// or one activity type, so every group's page is an index range scan.
fn groups(q: &WorkListQuery) -> Vec<(i64, String)> {
    match q.group_by {
        None => vec![(0, String::new())],
        Some(GroupBy::DueBucket) => DueBucket::ALL
            .iter()
            .map(|b| {
                let pred = match b {
                    DueBucket::Overdue => " AND w.due < ?1",
                    DueBucket::Today => " AND w.due >= ?1 AND w.due < ?2",
                    DueBucket::Tomorrow => " AND w.due >= ?2 AND w.due < ?3",
                    DueBucket::ThisWeek => " AND w.due >= ?3 AND w.due < ?4",
                    DueBucket::Later => " AND w.due >= ?4",
                };
                (*b as i64, pred.to_string())
            })
            .collect(),
        Some(GroupBy::ActivityType) => ActivityType::ALL
            .iter()
            .map(|t| {
                (
                    type_rank(*t),
                    format!(" AND w.activity_type = {}", type_rank(*t)),
                )
            })
            .collect(),
    }
}

fn key_expr(k: SortKey) -> &'static str {
    match k {
        SortKey::Due => "w.due",
        SortKey::Name => "w.name_key",
        SortKey::Score => "w.score",
        SortKey::RecordKind => "w.record_kind",
        SortKey::LastContacted => "w.last_contacted",
    }
}

/// The WHERE clause shared by the page and the count.
/// Parameters: ?1–?4 due bounds, ?5 me, ?6 the owner filtered on, ?7 the search expression.
fn filters(sql: &mut Sql, q: &WorkListQuery) {
    sql.push(" WHERE w.user_id = ?5");
    if !q.types.is_empty() {
        let list: Vec<String> = q.types.iter().map(|t| type_rank(*t).to_string()).collect();
        sql.push(&format!(" AND w.activity_type IN ({})", list.join(",")));
    }
    if !q.due.is_empty() {
        let parts: Vec<&str> = q
            .due
            .iter()
            .map(|b| match b {
                DueBucket::Overdue => "w.due < ?1",
                DueBucket::Today => "(w.due >= ?1 AND w.due < ?2)",
                DueBucket::Tomorrow => "(w.due >= ?2 AND w.due < ?3)",
                DueBucket::ThisWeek => "(w.due >= ?3 AND w.due < ?4)",
                DueBucket::Later => "w.due >= ?4",
            })
            .collect();
        sql.push(&format!(" AND ({})", parts.join(" OR ")));
    }
    if !q.record_kinds.is_empty() {
        let list: Vec<String> = q
            .record_kinds
            .iter()
            .map(|k| kind_rank(*k).to_string())
            .collect();
        sql.push(&format!(" AND w.record_kind IN ({})", list.join(",")));
    }
    match q.owner {
        OwnerFilter::Anyone => {}
        OwnerFilter::Me => sql.push(" AND w.owner_id = ?5"),
        OwnerFilter::NotMe => sql.push(" AND w.owner_id <> ?5"),
        OwnerFilter::User(_) => sql.push(" AND w.owner_id = ?6"),
    }
    if q.search
        .as_deref()
        .is_some_and(|s| !query_terms(s).is_empty())
    {
        sql.push(
            " AND w.record_rowid IN (SELECT rowid FROM record_search WHERE record_search MATCH ?7)",
        );
    }
}

fn base_args(me: UserId, q: &WorkListQuery, bounds: &DueBounds) -> Result<Sql> {
    let mut sql = Sql {
        text: String::new(),
        args: SqliteArguments::default(),
    };
    sql.bind(ms(bounds.now))?;
    sql.bind(ms(bounds.end_of_today))?;
    sql.bind(ms(bounds.end_of_tomorrow))?;
    sql.bind(ms(bounds.end_of_week))?;
    sql.bind(me.to_string())?;
    sql.bind(match q.owner {
        OwnerFilter::User(u) => u.to_string(),
        _ => String::new(),
    })?;
    let terms = q.search.as_deref().map(query_terms).unwrap_or_default();
    let fts: Vec<String> = terms.iter().map(|t| format!("\"{t}\"*")).collect();
    sql.bind(fts.join(" "))?;
    Ok(sql)
}

pub(crate) async fn work_list(
    c: &mut SqliteConnection,
    actor: &Actor,
    directory: &Directory,
    settings: &Settings,
    q: &WorkListQuery,
    now: DateTime<Utc>,
) -> Result<WorkListPage> {
    let me = actor.id();
    let bounds = DueBounds::at(now, settings.tz());
    let limit = q.limit.clamp(1, MAX_PAGE);
    let k = key_expr(q.sort);
    let dir = if q.descending { "DESC" } else { "ASC" };
    let cursor: Option<Cursor> = q
        .after
        .as_deref()
        .map(|a| serde_json::from_str(a).map_err(|_| StoreError::BadCursor))
        .transpose()?;

    // The page: group by group (each an index range scan), until it is full.
    let mut rows: Vec<(i64, sqlx::sqlite::SqliteRow)> = Vec::new();
    for (g, group_filter) in groups(q) {
        if cursor.as_ref().is_some_and(|c| g < c.g) {
            continue;
        }
        let wanted = limit as usize + 1 - rows.len();
        let mut sql = base_args(me, q, &bounds)?;
        sql.push(&format!(
            "SELECT w.record_id, w.activity_id, {k} AS k FROM work_items w"
        ));
        filters(&mut sql, q);
        sql.push(&group_filter);
        if let Some(cur) = cursor.as_ref().filter(|c| c.g == g) {
            let cmp = if q.descending { "<" } else { ">" };
            sql.push(&format!(
                " AND ({k} {cmp} ?8 OR ({k} = ?8 AND w.record_id {cmp} ?9))"
            ));
            match (q.sort, &cur.k) {
                (SortKey::Name, serde_json::Value::String(s)) => sql.bind(s.clone())?,
                (SortKey::Name, _) => return Err(StoreError::BadCursor),
                (_, v) => sql.bind(v.as_i64().ok_or(StoreError::BadCursor)?)?,
            }
            sql.bind(cur.r.clone())?;
        }
        sql.push(&format!(
            " ORDER BY {k} {dir}, w.record_id {dir} LIMIT {wanted}"
        ));
        for row in sqlx::query_with(&sql.text, sql.args)
            .fetch_all(&mut *c)
            .await?
        {
            rows.push((g, row));
        }
        if rows.len() > limit as usize {
            break;
        }
    }
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let rows: Vec<(i64, sqlx::sqlite::SqliteRow)> = rows;

    let next_cursor = if more {
        rows.last()
            .map(|(g, r)| {
                let k = if q.sort == SortKey::Name {
                    serde_json::Value::String(r.get("k"))
                } else {
                    serde_json::Value::from(r.get::<i64, _>("k"))
                };
                serde_json::to_string(&Cursor {
                    g: *g,
                    k,
                    r: r.get("record_id"),
                })
            })
            .transpose()?
    } else {
        None
    };

    // The cards of the page.
    let record_ids: Vec<String> = rows.iter().map(|(_, r)| r.get("record_id")).collect();
    let activity_ids: Vec<String> = rows.iter().map(|(_, r)| r.get("activity_id")).collect();
    let records = load_records(c, &record_ids).await?;
    let activities = load_activities(c, &activity_ids).await?;
    let mut cards = Vec::with_capacity(rows.len());
    for (rid, aid) in record_ids.iter().zip(&activity_ids) {
        let (Some(r), Some(a)) = (records.get(rid), activities.get(aid)) else {
            return Err(StoreError::corrupt("work list index out of step"));
        };
        cards.push(card(actor, directory, r, a, settings, &bounds));
    }

    Ok(WorkListPage { cards, next_cursor })
}

/// How many cards the query matches over all pages (a scan of the seller's index rows, so it
/// is a separate call: the first page never waits for it).
pub(crate) async fn count(
    c: &mut SqliteConnection,
    me: UserId,
    settings: &Settings,
    q: &WorkListQuery,
    now: DateTime<Utc>,
) -> Result<u32> {
    let bounds = DueBounds::at(now, settings.tz());
    let mut sql = base_args(me, q, &bounds)?;
    sql.push("SELECT count(*) FROM work_items w");
    filters(&mut sql, q);
    let n: i64 = sqlx::query_scalar_with(&sql.text, sql.args)
        .fetch_one(&mut *c)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The rows of `table` whose id is in `ids`.
async fn rows_by_id<R>(
    c: &mut SqliteConnection,
    columns: &str,
    table: &str,
    ids: &[String],
) -> Result<Vec<R>>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {columns} FROM {table} WHERE id IN ({})",
        vec!["?"; ids.len()].join(",")
    );
    let mut q = sqlx::query_as::<_, R>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(&mut *c).await?)
}

async fn load_records(c: &mut SqliteConnection, ids: &[String]) -> Result<HashMap<String, Record>> {
    rows_by_id::<RecordRow>(c, RECORD_COLUMNS, "records", ids)
        .await?
        .into_iter()
        .map(|row| row.into_record().map(|r| (r.id.to_string(), r)))
        .collect()
}

async fn load_activities(
    c: &mut SqliteConnection,
    ids: &[String],
) -> Result<HashMap<String, Activity>> {
    rows_by_id::<ActivityRow>(c, ACTIVITY_COLUMNS, "activities", ids)
        .await?
        .into_iter()
        .map(|row| row.into_activity().map(|a| (a.id.to_string(), a)))
        .collect()
}
