//! R3: the work list — one card per record with an open activity assigned to the seller,
//! showing that record's next activity. Filter, sort, group, search.
//!
//! This module is the definition. The store answers the same query from SQL indexes for speed;
//! a property test checks that both give the same cards.

use crate::access::is_assigned_to;
use crate::activity::{Activity, ActivityType};
use crate::calling_hours::{LocalTime, local_time};
use crate::due::{DueBounds, DueBucket};
use crate::ids::{ActivityId, RecordId, UserId};
use crate::record::{Record, RecordKind};
use crate::search;
use crate::settings::Settings;
use crate::state::RecordState;
use crate::user::{Actor, Directory};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    Due,
    Name,
    Score,
    RecordKind,
    LastContacted,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Due,
        SortKey::Name,
        SortKey::Score,
        SortKey::RecordKind,
        SortKey::LastContacted,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Due => "due",
            SortKey::Name => "name",
            SortKey::Score => "score",
            SortKey::RecordKind => "recordKind",
            SortKey::LastContacted => "lastContacted",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.replace(['-', '_'], "");
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(&s))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GroupBy {
    DueBucket,
    ActivityType,
}

/// Whose records to show, by record owner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum OwnerFilter {
    #[default]
    Anyone,
    Me,
    NotMe,
    User(UserId),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkListQuery {
    /// Empty = every type.
    pub types: Vec<ActivityType>,
    /// Empty = any due time.
    pub due: Vec<DueBucket>,
    /// Empty = leads and opportunities.
    pub record_kinds: Vec<RecordKind>,
    pub owner: OwnerFilter,
    pub search: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub group_by: Option<GroupBy>,
    pub limit: u32,
    /// Where the previous page ended (opaque; from `WorkListPage::next_cursor`).
    pub after: Option<String>,
}

impl Default for WorkListQuery {
    fn default() -> Self {
        WorkListQuery {
            types: vec![],
            due: vec![],
            record_kinds: vec![],
            owner: OwnerFilter::Anyone,
            search: None,
            sort: SortKey::Due,
            descending: false,
            group_by: None,
            limit: 50,
            after: None,
        }
    }
}

/// One card of the work list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkListCard {
    pub record_id: RecordId,
    pub record_kind: RecordKind,
    pub name: String,
    pub company: Option<String>,
    pub contact_name: String,
    pub activity_id: ActivityId,
    pub activity_type: ActivityType,
    pub teams_meeting: bool,
    pub subject: String,
    pub due: DateTime<Utc>,
    pub due_bucket: DueBucket,
    /// The activity is a step still behind a wait (R2): it shows, but cannot be worked yet.
    pub starts_later: bool,
    pub owner_id: UserId,
    pub owner_name: String,
    pub owned_by_me: bool,
    pub score: u8,
    pub last_contacted: Option<DateTime<Utc>>,
    pub local_time: Option<LocalTime>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkListPage {
    pub cards: Vec<WorkListCard>,
    /// Where the next page starts; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A record's next activity for this seller: the open activity assigned to them (or their
/// team) that is due soonest. A step still behind a wait counts, with its start as due time.
pub fn next_activity<'s>(actor: &Actor, state: &'s RecordState) -> Option<&'s Activity> {
    state
        .activities
        .iter()
        .filter(|a| a.is_open() && is_assigned_to(actor, a))
        .min_by(|a, b| (a.due, a.id).cmp(&(b.due, b.id)))
}

/// The order of cards: group first, then the sort key, then the record id.
pub fn compare(
    query: &WorkListQuery,
    bounds: &DueBounds,
    a: (&Record, &Activity),
    b: (&Record, &Activity),
) -> Ordering {
    let group = |(_, act): (&Record, &Activity)| match query.group_by {
        None => 0,
        Some(GroupBy::DueBucket) => bounds.bucket(act.due) as u8,
        Some(GroupBy::ActivityType) => act.kind as u8,
    };
    let by_key = sort_key(query.sort, a).cmp(&sort_key(query.sort, b));
    let by_key = by_key.then_with(|| a.0.id.cmp(&b.0.id));
    group(a).cmp(&group(b)).then(if query.descending {
        by_key.reverse()
    } else {
        by_key
    })
}

/// The sort value of a card, as the store also keeps it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortValue {
    Int(i64),
    Text(String),
}

pub fn sort_key(key: SortKey, (r, a): (&Record, &Activity)) -> SortValue {
    match key {
        SortKey::Due => SortValue::Int(a.due.timestamp_millis()),
        SortKey::Name => SortValue::Text(search::fold(&r.name)),
        SortKey::Score => SortValue::Int(i64::from(r.score)),
        SortKey::RecordKind => SortValue::Int(r.kind as i64),
        SortKey::LastContacted => {
            SortValue::Int(r.last_contacted.map_or(0, |t| t.timestamp_millis()))
        }
    }
}

pub fn owner_matches(filter: OwnerFilter, actor: &Actor, owner: UserId) -> bool {
    match filter {
        OwnerFilter::Anyone => true,
        OwnerFilter::Me => owner == actor.id(),
        OwnerFilter::NotMe => owner != actor.id(),
        OwnerFilter::User(u) => owner == u,
    }
}

/// The whole work list, every page, straight from the definition (no pagination).
pub fn work_list(
    actor: &Actor,
    directory: &Directory,
    states: &[RecordState],
    query: &WorkListQuery,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Vec<WorkListCard> {
    let bounds = DueBounds::at(now, settings.tz());
    let terms = query
        .search
        .as_deref()
        .map(search::query_terms)
        .unwrap_or_default();
    let mut rows: Vec<(&Record, &Activity)> = states
        .iter()
        .filter_map(|s| next_activity(actor, s).map(|a| (&s.record, a)))
        .filter(|(r, a)| {
            (query.types.is_empty() || query.types.contains(&a.kind))
                && (query.due.is_empty() || query.due.contains(&bounds.bucket(a.due)))
                && (query.record_kinds.is_empty() || query.record_kinds.contains(&r.kind))
                && owner_matches(query.owner, actor, r.owner)
                && (terms.is_empty()
                    || search::matches(&search::record_tokens(r, &settings.default_region), &terms))
        })
        .collect();
    rows.sort_by(|a, b| compare(query, &bounds, *a, *b));
    rows.into_iter()
        .map(|(r, a)| card(actor, directory, r, a, settings, &bounds))
        .collect()
}

/// Build the card for a record and its next activity.
pub fn card(
    actor: &Actor,
    directory: &Directory,
    r: &Record,
    a: &Activity,
    settings: &Settings,
    bounds: &DueBounds,
) -> WorkListCard {
    WorkListCard {
        record_id: r.id,
        record_kind: r.kind,
        name: r.name.clone(),
        company: r.contact.company.clone(),
        contact_name: r.contact.name.clone(),
        activity_id: a.id,
        activity_type: a.kind,
        teams_meeting: a.is_teams_meeting(),
        subject: a.subject.clone(),
        due: a.due,
        due_bucket: bounds.bucket(a.due),
        starts_later: a.starts_at > bounds.now,
        owner_id: r.owner,
        owner_name: directory
            .user(r.owner)
            .map_or_else(|| r.owner.to_string(), |u| u.name.clone()),
        owned_by_me: r.owner == actor.id(),
        score: r.score,
        last_contacted: r.last_contacted,
        local_time: local_time(&r.contact, settings, bounds.now),
    }
}
