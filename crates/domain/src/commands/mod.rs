//! Commands: each a pure function of (record state, command, context) → outcome, or a typed
//! refusal. One command per file.

mod add_note;
mod assign;
mod change_owner;
mod complete;
mod end_call;
mod log_call;
mod skip;
mod snooze;
pub use snooze::can_be_snoozed;
mod steps;

pub use steps::start_sequence;

use crate::access;
use crate::activity::{Activity, Assignee};
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds, RecordId, UserId};
use crate::phone_call::{CallDirection, CallOutcome, CallQualityScore};
use crate::settings::Feature;
use crate::state::{Context, Outcome, RecordState};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Notes longer than this are refused (a note is not a document).
pub const MAX_NOTE_CHARS: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", tag = "command")]
pub enum Command {
    /// R5: mark complete, optionally with a note.
    Complete {
        activity: ActivityId,
        note: Option<String>,
    },
    /// R6: skip a step (or cancel a manual activity).
    Skip { activity: ActivityId },
    /// R7: move the due time to a later instant.
    Snooze {
        activity: ActivityId,
        until: DateTime<Utc>,
    },
    /// R9: give one activity to another user or a team.
    Assign { activity: ActivityId, to: Assignee },
    /// R8: a note on an activity in progress.
    AddNote { activity: ActivityId, text: String },
    /// R10: hand the record to another owner.
    ChangeOwner { record: RecordId, to: UserId },
    /// R14: a call was placed (or taken) for the record: its phone call activity, with the id
    /// the phone chose.
    LogCall {
        call: ActivityId,
        record: RecordId,
        number: String,
        to: String,
        direction: CallDirection,
        #[serde(rename = "forActivity")]
        for_activity: Option<ActivityId>,
        #[serde(rename = "placedBy")]
        placed_by: String,
    },
    /// R14: the call ended: how, how long, how it sounded.
    EndCall {
        activity: ActivityId,
        outcome: CallOutcome,
        #[serde(rename = "durationSecs")]
        duration_secs: Option<u32>,
        quality: Option<CallQualityScore>,
    },
}

impl Command {
    /// The record the command is about, when it names one rather than an activity.
    pub fn record(&self) -> Option<RecordId> {
        match self {
            Command::ChangeOwner { record, .. } | Command::LogCall { record, .. } => Some(*record),
            _ => None,
        }
    }

    /// The activity the command is about, when it is about one.
    pub fn activity(&self) -> Option<ActivityId> {
        match self {
            Command::Complete { activity, .. }
            | Command::Skip { activity }
            | Command::Snooze { activity, .. }
            | Command::Assign { activity, .. }
            | Command::AddNote { activity, .. }
            | Command::EndCall { activity, .. } => Some(*activity),
            Command::ChangeOwner { .. } | Command::LogCall { .. } => None,
        }
    }
}

/// Run a command against one record's state.
pub fn run(
    state: &RecordState,
    command: &Command,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    access::require_sales_role(ctx.actor)?;
    match command {
        Command::Complete { activity, note } => {
            complete::run(state, *activity, note.as_deref(), ctx, ids)
        }
        Command::Skip { activity } => skip::run(state, *activity, ctx, ids),
        Command::Snooze { activity, until } => snooze::run(state, *activity, *until, ctx, ids),
        Command::Assign { activity, to } => assign::run(state, *activity, *to, ctx, ids),
        Command::AddNote { activity, text } => add_note::run(state, *activity, text, ctx, ids),
        Command::ChangeOwner { record, to } => change_owner::run(state, *record, *to, ctx, ids),
        Command::LogCall {
            call,
            record: _,
            number,
            to,
            direction,
            for_activity,
            placed_by,
        } => log_call::run(
            state,
            log_call::NewCall {
                id: *call,
                number,
                to,
                direction: *direction,
                for_activity: *for_activity,
                placed_by,
            },
            ctx,
            ids,
        ),
        Command::EndCall {
            activity,
            outcome,
            duration_secs,
            quality,
        } => end_call::run(
            state,
            *activity,
            outcome,
            *duration_secs,
            *quality,
            ctx,
            ids,
        ),
    }
}

/// The activity a command acts on: it exists on this record and is still open.
fn open_activity(state: &RecordState, id: ActivityId) -> Result<&Activity, DomainError> {
    let a = state
        .activity(id)
        .ok_or_else(|| DomainError::ActivityNotFound(id.to_string()))?;
    if !a.is_open() {
        return Err(DomainError::ActivityNotOpen(a.state));
    }
    Ok(a)
}

/// The checks every command on an open activity shares: it is open, the actor may work on
/// it, sequence steps need the sequences feature (R22).
fn workable_activity<'s>(
    state: &'s RecordState,
    id: ActivityId,
    ctx: &Context<'_>,
) -> Result<&'s Activity, DomainError> {
    let a = open_activity(state, id)?;
    if a.step.is_some() {
        access::require_feature(ctx.settings, Feature::Sequences)?;
    }
    access::may_work_on(ctx.actor, &state.record, a)?;
    Ok(a)
}

/// A step behind a wait cannot be worked until the wait is over (R2).
fn require_started(a: &Activity, now: DateTime<Utc>) -> Result<(), DomainError> {
    if a.step.is_some() && a.starts_at > now {
        Err(DomainError::StepNotStarted(a.starts_at))
    } else {
        Ok(())
    }
}

/// Trim a note; an empty one is no note; an over-long one is refused.
fn clean_note(text: &str) -> Result<Option<String>, DomainError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > MAX_NOTE_CHARS {
        return Err(DomainError::NoteTooLong(MAX_NOTE_CHARS));
    }
    Ok(Some(t.to_string()))
}
