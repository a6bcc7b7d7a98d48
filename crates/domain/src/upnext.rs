//! R4: the Up Next panel of one record — its active step, what comes after, what is done.

use crate::activity::{Activity, ActivityType};
use crate::commands::{self, Command};
use crate::error::DomainError;
use crate::ids::{CountingIds, UserId};
use crate::sequence::StepKind;
use crate::state::{Context, RecordState};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The button that fits the active step's type (R4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MainAction {
    Call,
    Email,
    Join,
    Open,
    TextMessage,
}

pub fn main_action(a: &Activity) -> MainAction {
    match a.kind {
        ActivityType::PhoneCall => MainAction::Call,
        ActivityType::Email => MainAction::Email,
        ActivityType::Meeting if a.is_teams_meeting() => MainAction::Join,
        ActivityType::Meeting | ActivityType::Task => MainAction::Open,
        ActivityType::TextMessage => MainAction::TextMessage,
    }
}

/// A step still to come, after the active one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingStep {
    pub index: u32,
    pub kind: StepKind,
    pub subject: String,
    /// The earliest it can start, if every step before it were closed now.
    pub earliest_start: DateTime<Utc>,
}

/// What the Up Next panel shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpNext {
    /// The active sequence step (R2), once any wait in front of it is over.
    pub active: Option<Activity>,
    /// The next step while it is still behind a wait (R2).
    pub waiting: Option<Activity>,
    /// Open activities outside the sequence, soonest first.
    pub manual: Vec<Activity>,
    pub upcoming: Vec<UpcomingStep>,
    /// Completed, skipped, cancelled and pending activities, newest first (R4).
    pub completed: Vec<Activity>,
}

pub fn up_next(state: &RecordState, now: DateTime<Utc>) -> UpNext {
    let open_step = state.open_step();
    let (active, waiting) = match open_step {
        Some(a) if a.starts_at <= now => (Some(a.clone()), None),
        Some(a) => (None, Some(a.clone())),
        None => (None, None),
    };
    let mut manual: Vec<Activity> = state
        .activities
        .iter()
        .filter(|a| a.step.is_none() && a.is_open())
        .cloned()
        .collect();
    manual.sort_by_key(|a| (a.due, a.id));
    let mut completed: Vec<Activity> = state
        .activities
        .iter()
        .filter(|a| !a.is_open())
        .cloned()
        .collect();
    completed.sort_by_key(|a| std::cmp::Reverse((a.closed_at, a.id)));

    let mut upcoming = Vec::new();
    if let (Some(seq), Some(current)) = (&state.sequence, open_step.and_then(|a| a.step)) {
        let mut at = open_step.map_or(now, |a| a.due.max(now));
        for (i, step) in seq
            .steps
            .iter()
            .enumerate()
            .skip(current.index as usize + 1)
        {
            if let StepKind::Wait { minutes } = step.kind {
                at += Duration::minutes(i64::from(minutes));
            }
            upcoming.push(UpcomingStep {
                index: i as u32,
                kind: step.kind.clone(),
                subject: step.subject.clone(),
                earliest_start: at,
            });
        }
    }
    UpNext {
        active,
        waiting,
        manual,
        upcoming,
        completed,
    }
}

/// The actions the panel offers on an activity. Each is checked by dry-running the very
/// command it would send, so what the UI offers and what the rules accept never disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ActivityAction {
    Complete,
    Skip,
    Snooze,
    Assign,
    AddNote,
}

pub fn availability(
    state: &RecordState,
    activity: &Activity,
    ctx: &Context<'_>,
) -> Vec<(ActivityAction, Result<(), DomainError>)> {
    let id = activity.id;
    let someone = ctx
        .directory
        .users
        .iter()
        .find(|u| u.role.is_some() && Some(u.id) != user_of(activity))
        .map(|u| u.id);
    let probes = [
        (
            ActivityAction::Complete,
            Command::Complete {
                activity: id,
                note: None,
            },
        ),
        (ActivityAction::Skip, Command::Skip { activity: id }),
        (
            ActivityAction::Snooze,
            Command::Snooze {
                activity: id,
                until: ctx.now + Duration::hours(1),
            },
        ),
        (
            ActivityAction::Assign,
            Command::Assign {
                activity: id,
                to: crate::activity::Assignee::User(someone.unwrap_or(ctx.actor.id())),
            },
        ),
        (
            ActivityAction::AddNote,
            Command::AddNote {
                activity: id,
                text: "probe".into(),
            },
        ),
    ];
    probes
        .into_iter()
        .map(|(action, cmd)| {
            let result = commands::run(state, &cmd, ctx, &mut CountingIds::default()).map(|_| ());
            (action, result)
        })
        .collect()
}

fn user_of(a: &Activity) -> Option<UserId> {
    match a.assignee {
        crate::activity::Assignee::User(u) => Some(u),
        crate::activity::Assignee::Team(_) => None,
    }
}
