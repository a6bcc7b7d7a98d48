//! R10: when the owner changes, the active step stays with the previous owner and every later
//! step goes to the new owner. Later steps not yet created get the owner when they start
//! (see `steps`); a step already created but still behind a wait is a later step too.

use crate::access;
use crate::activity::Assignee;
use crate::error::DomainError;
use crate::ids::{NewIds, RecordId, UserId};
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;

pub(super) fn run(
    state: &RecordState,
    record: RecordId,
    to: UserId,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    if state.record.id != record {
        return Err(DomainError::RecordNotFound(record.to_string()));
    }
    access::may_change_owner(ctx.actor, &state.record)?;
    let user = ctx
        .directory
        .user(to)
        .ok_or_else(|| DomainError::UserNotFound(to.to_string()))?;
    if user.role.is_none() {
        return Err(DomainError::AssigneeHasNoSalesRole(user.name.clone()));
    }
    let mut out = Outcome::default();
    let from = state.record.owner;
    if from == to {
        return Ok(out);
    }
    let mut r = state.record.clone();
    r.owner = to;
    r.version += 1;
    out.record = Some(r);
    for a in &state.activities {
        let waiting_step = a.step.is_some() && a.is_open() && a.starts_at > ctx.now;
        if waiting_step && a.assignee == Assignee::User(from) {
            let mut later = a.clone();
            later.assignee = Assignee::User(to);
            later.version += 1;
            out.activities.push(later);
        }
    }
    out.log(ids, record, ctx, TimelineEvent::OwnerChanged { from, to });
    Ok(out)
}
