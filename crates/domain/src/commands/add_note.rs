//! R8: + Note on an activity in progress (Save).

use super::{clean_note, open_activity};
use crate::access;
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::state::{Context, Outcome, RecordState};

pub(super) fn run(
    state: &RecordState,
    id: ActivityId,
    text: &str,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    let activity = open_activity(state, id)?;
    access::may_work_on(ctx.actor, &state.record, activity)?;
    let text = clean_note(text)?.ok_or(DomainError::NoteEmpty)?;
    let mut out = Outcome::default();
    out.note(ids, state.record.id, Some(id), ctx, text);
    Ok(out)
}
