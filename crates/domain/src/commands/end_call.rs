//! R14: when a call ends, its activity gets the duration, the outcome (answered, busy, no
//! answer, failed with the SIP cause) and the quality. Ending a call twice changes nothing.

use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::phone_call::{CallOutcome, CallQualityScore};
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;

pub(super) fn run(
    state: &RecordState,
    id: ActivityId,
    outcome: &CallOutcome,
    duration_secs: Option<u32>,
    quality: Option<CallQualityScore>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    let activity = state
        .activity(id)
        .ok_or_else(|| DomainError::ActivityNotFound(id.to_string()))?;
    let Some(details) = &activity.call else {
        return Err(DomainError::NotAPhoneCall);
    };
    if !details.is_going_on() {
        return Ok(Outcome::default());
    }
    let mut ended = activity.clone();
    let call = ended.call.as_mut().expect("checked above");
    call.ended_at = Some(ctx.now);
    call.duration_secs = call_duration(outcome, duration_secs);
    call.outcome = Some(outcome.clone());
    call.quality = quality;
    ended.version += 1;
    let mut out = Outcome::default();
    out.activities.push(ended);
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::CallEnded {
            activity: id,
            outcome: outcome.clone(),
            duration_secs: call_duration(outcome, duration_secs),
        },
    );
    Ok(out)
}

fn call_duration(outcome: &CallOutcome, secs: Option<u32>) -> Option<u32> {
    matches!(outcome, CallOutcome::Answered | CallOutcome::Interrupted)
        .then_some(secs)
        .flatten()
}
