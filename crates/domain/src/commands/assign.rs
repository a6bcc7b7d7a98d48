//! R9: the record owner (or a sales manager, R22) assigns one activity to a user or a team.

use super::open_activity;
use crate::access;
use crate::activity::Assignee;
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::settings::Feature;
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;

pub(super) fn run(
    state: &RecordState,
    id: ActivityId,
    to: Assignee,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    let activity = open_activity(state, id)?;
    if activity.step.is_some() {
        access::require_feature(ctx.settings, Feature::Sequences)?;
    }
    access::may_assign(ctx.actor, &state.record)?;
    match to {
        Assignee::User(u) => {
            let user = ctx
                .directory
                .user(u)
                .ok_or_else(|| DomainError::UserNotFound(u.to_string()))?;
            if user.role.is_none() {
                return Err(DomainError::AssigneeHasNoSalesRole(user.name.clone()));
            }
        }
        Assignee::Team(t) => {
            ctx.directory
                .team(t)
                .ok_or_else(|| DomainError::TeamNotFound(t.to_string()))?;
        }
    }
    let mut out = Outcome::default();
    if activity.assignee == to {
        return Ok(out);
    }
    let mut assigned = activity.clone();
    assigned.assignee = to;
    assigned.version += 1;
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::Assigned {
            activity: id,
            subject: assigned.subject.clone(),
            from: activity.assignee,
            to,
        },
    );
    out.activities.push(assigned);
    Ok(out)
}
