//! R5: Mark complete, with an optional note ("Got it" saves it, R8).

use super::{clean_note, require_started, steps, workable_activity};
use crate::activity::{ActivityState, ActivityType};
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::state::{Context, Outcome, RecordState};

pub(super) fn run(
    state: &RecordState,
    id: ActivityId,
    note: Option<&str>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    let activity = workable_activity(state, id, ctx)?;
    require_started(activity, ctx.now)?;
    if activity.call.as_ref().is_some_and(|c| c.is_going_on()) {
        return Err(DomainError::CallGoingOn);
    }
    let note = note.map(clean_note).transpose()?.flatten();
    let mut out = Outcome::default();
    if let Some(text) = note {
        out.note(ids, state.record.id, Some(id), ctx, text);
    }
    steps::close(
        state,
        activity,
        ActivityState::Completed,
        ctx,
        ids,
        &mut out,
    );
    // R14: the call was made for an Up Next call; completing the call completes that too
    // (and moves the sequence on), when the seller may.
    let made_for = activity.call.as_ref().and_then(|c| c.for_activity);
    if let Some(step) = made_for.and_then(|f| state.activity(f)) {
        let mut after = state.clone();
        after.apply(&out);
        if step.kind == ActivityType::PhoneCall
            && let Ok(step) = workable_activity(&after, step.id, ctx)
            && require_started(step, ctx.now).is_ok()
        {
            steps::close(&after, step, ActivityState::Completed, ctx, ids, &mut out);
        }
    }
    Ok(out)
}
