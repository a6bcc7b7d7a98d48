//! Commands: each a pure function of (record state, command, context) → outcome, or a typed
//! refusal. One command per file.

mod add_note;
mod assign;
mod change_owner;
mod complete;
mod create_meeting;
mod email_sent;
mod end_call;
mod log_call;
mod send_email;
mod send_text;
mod skip;
mod snooze;
pub use snooze::can_be_snoozed;
mod steps;

pub use steps::start_sequence;

use crate::access;
use crate::activity::{Activity, ActivityState, ActivityType, Assignee};
use crate::email::EmailRoute;
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds, RecordId, UserId};
use crate::phone_call::{CallDirection, CallOutcome, CallQualityScore};
use crate::settings::Feature;
use crate::state::{Context, Outcome, RecordState};
use crate::text_message::{TextState, TextTransport};
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
    /// R15, R17: an email to the record's contact, now or at `sendAt`, with the id the
    /// composer chose.
    SendEmail {
        email: ActivityId,
        record: RecordId,
        #[serde(rename = "forActivity")]
        for_activity: Option<ActivityId>,
        to: Vec<String>,
        cc: Vec<String>,
        subject: String,
        #[serde(rename = "bodyHtml")]
        body_html: String,
        #[serde(rename = "sendAt")]
        send_at: Option<DateTime<Utc>>,
        route: EmailRoute,
    },
    /// R17: a pending email left.
    EmailSent { activity: ActivityId },
    /// A try at sending a pending email failed; it stays pending.
    EmailFailed {
        activity: ActivityId,
        reason: String,
    },
    /// The seller called off a scheduled email before it left.
    CancelEmail { activity: ActivityId },
    /// R19–R21: a text message to the record's contact.
    SendText {
        text: ActivityId,
        record: RecordId,
        #[serde(rename = "forActivity")]
        for_activity: Option<ActivityId>,
        from: String,
        to: String,
        body: String,
        transport: TextTransport,
    },
    /// The transport's news about a text going out.
    TextStatus {
        activity: ActivityId,
        state: TextState,
        #[serde(rename = "providerId")]
        provider_id: Option<String>,
        failure: Option<String>,
    },
    /// R21: the customer's reply, with an id made from the transport's message id.
    ReceiveText {
        text: ActivityId,
        record: RecordId,
        from: String,
        to: String,
        body: String,
        transport: TextTransport,
        #[serde(rename = "providerId")]
        provider_id: Option<String>,
        at: DateTime<Utc>,
    },
    /// R18: a meeting for the record.
    CreateMeeting {
        meeting: ActivityId,
        record: RecordId,
        subject: String,
        start: DateTime<Utc>,
        #[serde(rename = "durationMinutes")]
        duration_minutes: u32,
        location: String,
        attendees: Vec<String>,
        description: String,
        #[serde(rename = "joinUrl")]
        join_url: Option<String>,
    },
}

impl Command {
    /// The record the command is about, when it names one rather than an activity.
    pub fn record(&self) -> Option<RecordId> {
        match self {
            Command::ChangeOwner { record, .. }
            | Command::LogCall { record, .. }
            | Command::SendEmail { record, .. }
            | Command::SendText { record, .. }
            | Command::ReceiveText { record, .. }
            | Command::CreateMeeting { record, .. } => Some(*record),
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
            | Command::EndCall { activity, .. }
            | Command::EmailSent { activity }
            | Command::EmailFailed { activity, .. }
            | Command::CancelEmail { activity }
            | Command::TextStatus { activity, .. } => Some(*activity),
            Command::ChangeOwner { .. }
            | Command::LogCall { .. }
            | Command::SendEmail { .. }
            | Command::SendText { .. }
            | Command::ReceiveText { .. }
            | Command::CreateMeeting { .. } => None,
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
        Command::SendEmail {
            email,
            record: _,
            for_activity,
            to,
            cc,
            subject,
            body_html,
            send_at,
            route,
        } => send_email::run(
            state,
            send_email::NewEmail {
                id: *email,
                for_activity: *for_activity,
                to,
                cc,
                subject,
                body_html,
                send_at: *send_at,
                route: *route,
            },
            ctx,
            ids,
        ),
        Command::EmailSent { activity } => email_sent::sent(state, *activity, ctx, ids),
        Command::EmailFailed { activity, reason } => {
            email_sent::failed(state, *activity, reason, ctx)
        }
        Command::CancelEmail { activity } => email_sent::cancel(state, *activity, ctx, ids),
        Command::SendText {
            text,
            record: _,
            for_activity,
            from,
            to,
            body,
            transport,
        } => send_text::send(
            state,
            send_text::NewText {
                id: *text,
                for_activity: *for_activity,
                from,
                to,
                body,
                transport: *transport,
            },
            ctx,
            ids,
        ),
        Command::TextStatus {
            activity,
            state: new_state,
            provider_id,
            failure,
        } => send_text::status(
            state,
            *activity,
            *new_state,
            provider_id.as_deref(),
            failure.as_deref(),
            ctx,
            ids,
        ),
        Command::ReceiveText {
            text,
            record: _,
            from,
            to,
            body,
            transport,
            provider_id,
            at,
        } => send_text::received(
            state,
            send_text::ReceivedText {
                id: *text,
                from,
                to,
                body,
                transport: *transport,
                provider_id: provider_id.as_deref(),
                at: *at,
            },
            ctx,
            ids,
        ),
        Command::CreateMeeting {
            meeting,
            record: _,
            subject,
            start,
            duration_minutes,
            location,
            attendees,
            description,
            join_url,
        } => create_meeting::run(
            state,
            create_meeting::NewMeeting {
                id: *meeting,
                subject,
                start: *start,
                duration_minutes: *duration_minutes,
                location,
                attendees,
                description,
                join_url: join_url.as_deref(),
            },
            ctx,
            ids,
        ),
    }
}

/// A new activity of the seller's on this record, open, due now; the command fills the rest.
fn new_activity(
    id: ActivityId,
    state: &RecordState,
    kind: ActivityType,
    subject: &str,
    ctx: &Context<'_>,
) -> Activity {
    Activity {
        id,
        record: state.record.id,
        kind,
        subject: subject.to_string(),
        due: ctx.now,
        starts_at: ctx.now,
        state: ActivityState::Open,
        assignee: Assignee::User(ctx.actor.id()),
        step: None,
        join_url: None,
        snoozed_until: None,
        created_at: ctx.now,
        closed_at: None,
        closed_by: None,
        version: 1,
        call: None,
        email: None,
        text: None,
        meeting: None,
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
