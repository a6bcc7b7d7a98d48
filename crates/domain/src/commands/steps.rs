//! Moving through a sequence (R2): closing a step makes the next one active, after any waits.

use crate::activity::{Activity, ActivityState, Assignee, StepRef};
use crate::ids::{ActivityId, NewIds};
use crate::sequence::{Sequence, StepKind, next_step_after};
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;
use chrono::{DateTime, Duration, Utc};

/// Close `activity` with `state` and, if it was a sequence step, start the next step.
pub(super) fn close(
    record_state: &RecordState,
    activity: &Activity,
    state: ActivityState,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
    out: &mut Outcome,
) {
    let mut closed = activity.clone();
    closed.state = state;
    closed.closed_at = Some(ctx.now);
    closed.closed_by = Some(ctx.actor.id());
    closed.version += 1;
    let record = record_state.record.id;
    let (kind, subject) = (closed.kind, closed.subject.clone());
    out.activities.push(closed);
    let event = match state {
        ActivityState::Completed => TimelineEvent::Completed {
            activity: activity.id,
            activity_type: kind,
            subject,
        },
        ActivityState::Skipped => TimelineEvent::Skipped {
            activity: activity.id,
            activity_type: kind,
            subject,
        },
        _ => TimelineEvent::Cancelled {
            activity: activity.id,
            activity_type: kind,
            subject,
        },
    };
    out.log(ids, record, ctx, event);

    if state == ActivityState::Completed && kind.contacts_customer() {
        let mut r = out
            .record
            .take()
            .unwrap_or_else(|| record_state.record.clone());
        r.last_contacted = Some(ctx.now);
        r.version += 1;
        out.record = Some(r);
    }

    if let (Some(step), Some(sequence)) = (activity.step, &record_state.sequence)
        && step.sequence == sequence.id
    {
        advance(
            record_state,
            sequence,
            Some(step.index as usize),
            ctx,
            ids,
            out,
        );
    }
}

/// Create the activity for the step after `index` (or the first step), assigned to the
/// record's current owner (R9, R10), starting once the waits in front of it have passed (R2).
fn advance(
    record_state: &RecordState,
    sequence: &Sequence,
    index: Option<usize>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
    out: &mut Outcome,
) {
    let record = record_state.record.id;
    match next_step_after(sequence, index) {
        Some((i, wait_minutes)) => {
            let starts_at = ctx.now + Duration::minutes(i64::from(wait_minutes));
            let a = step_activity(record_state, sequence, i, starts_at, ctx.now, ids);
            out.log(
                ids,
                record,
                ctx,
                TimelineEvent::StepStarted {
                    activity: a.id,
                    activity_type: a.kind,
                    subject: a.subject.clone(),
                    starts_at,
                },
            );
            out.activities.push(a);
        }
        None => out.log(ids, record, ctx, TimelineEvent::SequenceFinished),
    }
}

fn step_activity(
    record_state: &RecordState,
    sequence: &Sequence,
    index: usize,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    ids: &mut dyn NewIds,
) -> Activity {
    let step = &sequence.steps[index];
    let join_url = match &step.kind {
        StepKind::Meeting { join_url } => join_url.clone(),
        _ => None,
    };
    Activity {
        id: ActivityId(ids.new_id()),
        record: record_state.record.id,
        kind: step
            .kind
            .activity_type()
            .expect("next_step_after never returns a wait"),
        subject: step.subject.clone(),
        due: starts_at,
        starts_at,
        state: ActivityState::Open,
        assignee: Assignee::User(record_state.record.owner),
        step: Some(StepRef {
            sequence: sequence.id,
            index: index as u32,
        }),
        join_url,
        snoozed_until: None,
        created_at: now,
        closed_at: None,
        closed_by: None,
        call: None,
        email: None,
        text: None,
        meeting: None,
        version: 1,
    }
}

/// Connect a record to its sequence: the first step becomes active (R1, R2). Used by the demo
/// data and, later, by sync when a record is connected in the CRM.
pub fn start_sequence(
    record_state: &RecordState,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Outcome {
    let mut out = Outcome::default();
    if let Some(sequence) = &record_state.sequence
        && record_state.open_step().is_none()
    {
        advance(record_state, sequence, None, ctx, ids, &mut out);
    }
    out
}
