//! R5: Mark complete, with an optional note ("Got it" saves it, R8).

use super::{clean_note, require_started, steps, workable_activity};
use crate::activity::ActivityState;
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
    Ok(out)
}
