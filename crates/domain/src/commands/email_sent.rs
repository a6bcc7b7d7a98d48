//! R17: a pending email left (the SMTP server took it, or Dynamics was asked to send it): the
//! activity is *completed*. A failed try keeps it pending with the reason, to be tried again;
//! the seller may cancel a pending email before it leaves.

use crate::activity::{Activity, ActivityState, ActivityType};
use crate::email::retry_wait;
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;

fn pending_email(state: &RecordState, id: ActivityId) -> Result<&Activity, DomainError> {
    let a = state
        .activity(id)
        .ok_or_else(|| DomainError::ActivityNotFound(id.to_string()))?;
    if a.kind != ActivityType::Email || a.email.is_none() {
        return Err(DomainError::NotAnEmail);
    }
    Ok(a)
}

pub(super) fn sent(
    state: &RecordState,
    id: ActivityId,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    let a = pending_email(state, id)?;
    if a.state != ActivityState::Pending {
        return Ok(Outcome::default()); // told twice: once is enough
    }
    let mut done = a.clone();
    done.state = ActivityState::Completed;
    done.version += 1;
    let email = done.email.as_mut().expect("checked above");
    email.sent_at = Some(ctx.now);
    email.failure = None;
    email.retry_at = None;
    let to = email.to.clone();
    let mut out = Outcome::default();
    let mut r = state.record.clone();
    r.last_contacted = Some(ctx.now);
    r.version += 1;
    out.record = Some(r);
    out.activities.push(done);
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::EmailSent {
            activity: id,
            subject: a.subject.clone(),
            to,
        },
    );
    Ok(out)
}

pub(super) fn failed(
    state: &RecordState,
    id: ActivityId,
    reason: &str,
    ctx: &Context<'_>,
) -> Result<Outcome, DomainError> {
    let a = pending_email(state, id)?;
    if a.state != ActivityState::Pending {
        return Ok(Outcome::default());
    }
    let mut tried = a.clone();
    tried.version += 1;
    let email = tried.email.as_mut().expect("checked above");
    email.retry_at = Some(ctx.now + retry_wait(email.attempts));
    email.attempts += 1;
    email.failure = Some(reason.chars().take(500).collect());
    let mut out = Outcome::default();
    out.activities.push(tried);
    Ok(out)
}

pub(super) fn cancel(
    state: &RecordState,
    id: ActivityId,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    let a = pending_email(state, id)?;
    if a.state != ActivityState::Pending {
        return Err(DomainError::ActivityNotOpen(a.state));
    }
    if a.closed_by != Some(ctx.actor.id()) && !ctx.actor.is_manager() {
        return Err(DomainError::NotYourActivity);
    }
    let mut out = Outcome::default();
    let mut cancelled = a.clone();
    cancelled.state = ActivityState::Cancelled;
    cancelled.closed_at = Some(ctx.now);
    cancelled.version += 1;
    out.activities.push(cancelled);
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::Cancelled {
            activity: id,
            activity_type: ActivityType::Email,
            subject: a.subject.clone(),
        },
    );
    Ok(out)
}
