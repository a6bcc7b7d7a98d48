//! R6: Skip. In a sequence the next step takes the skipped one's place and the skipped one is
//! filed as *skipped*; an activity outside any sequence (a manual task) is *cancelled*.

use super::{require_started, steps, workable_activity};
use crate::activity::ActivityState;
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::state::{Context, Outcome, RecordState};

pub(super) fn run(
    state: &RecordState,
    id: ActivityId,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    let activity = workable_activity(state, id, ctx)?;
    require_started(activity, ctx.now)?;
    let closed_as = if activity.step.is_some() {
        ActivityState::Skipped
    } else {
        ActivityState::Cancelled
    };
    let mut out = Outcome::default();
    steps::close(state, activity, closed_as, ctx, ids, &mut out);
    Ok(out)
}
