//! R7: Snooze moves the due time to a later instant; a manual task cannot be snoozed.

use super::{open_activity, require_started, workable_activity};
use crate::activity::ActivityType;
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;
use chrono::{DateTime, Utc};

/// Whether snoozing is offered for this kind of activity (R7).
pub fn can_be_snoozed(kind: ActivityType) -> bool {
    kind != ActivityType::Task
}

pub(super) fn run(
    state: &RecordState,
    id: ActivityId,
    until: DateTime<Utc>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    if !can_be_snoozed(open_activity(state, id)?.kind) {
        return Err(DomainError::ManualTaskCannotBeSnoozed);
    }
    let activity = workable_activity(state, id, ctx)?;
    require_started(activity, ctx.now)?;
    if until <= ctx.now {
        return Err(DomainError::SnoozeTimeNotInFuture);
    }
    let mut snoozed = activity.clone();
    snoozed.due = until;
    snoozed.snoozed_until = Some(until);
    snoozed.version += 1;
    let mut out = Outcome::default();
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::Snoozed {
            activity: id,
            subject: snoozed.subject.clone(),
            until,
        },
    );
    out.activities.push(snoozed);
    Ok(out)
}
