//! R14: placing (or taking) a call creates a phone call activity on the lead or opportunity —
//! subject = the Up Next activity's name, from = the seller, to = the person called, the number
//! dialled, the direction, the start time. It stays open until the seller marks it complete.

use crate::access;
use crate::activity::{Activity, ActivityState, ActivityType, Assignee};
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::phone_call::{CallDirection, PhoneCallDetails};
use crate::settings::Feature;
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;

/// What the phone knows when a call starts.
pub struct NewCall<'a> {
    /// Chosen by the caller, so that a retried command never logs the call twice.
    pub id: ActivityId,
    pub number: &'a str,
    pub to: &'a str,
    pub direction: CallDirection,
    pub for_activity: Option<ActivityId>,
    pub placed_by: &'a str,
}

pub(super) fn run(
    state: &RecordState,
    call: NewCall<'_>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    access::require_feature(ctx.settings, Feature::Softphone)?;
    if state.activity(call.id).is_some() {
        // Logged already (a retry after a lost reply): once is enough.
        return Ok(Outcome::default());
    }
    let number = call.number.trim();
    if number.is_empty() {
        return Err(DomainError::InvalidPhoneNumber(String::new()));
    }
    // The Up Next activity the call is for: the one named if it is open, else the record's
    // open step when it is a call.
    let for_activity = call
        .for_activity
        .and_then(|id| state.activity(id))
        .filter(|a| a.is_open())
        .or_else(|| {
            state
                .open_step()
                .filter(|a| a.kind == ActivityType::PhoneCall && a.starts_at <= ctx.now)
        });
    let to = call.to.trim();
    let subject = match for_activity {
        Some(a) => a.subject.clone(),
        None if !to.is_empty() => to.to_string(),
        None => number.to_string(),
    };
    let activity = Activity {
        id: call.id,
        record: state.record.id,
        kind: ActivityType::PhoneCall,
        subject: subject.clone(),
        due: ctx.now,
        starts_at: ctx.now,
        state: ActivityState::Open,
        assignee: Assignee::User(ctx.actor.id()),
        step: None,
        join_url: None,
        snoozed_until: None,
        created_at: ctx.now,
        closed_at: None,
        closed_by: None,
        version: 1,
        call: Some(PhoneCallDetails {
            direction: call.direction,
            from: ctx.actor.id(),
            to: to.to_string(),
            number: number.to_string(),
            started_at: ctx.now,
            ended_at: None,
            duration_secs: None,
            outcome: None,
            quality: None,
            for_activity: for_activity.map(|a| a.id),
            placed_by: call.placed_by.to_string(),
        }),
        email: None,
        text: None,
        meeting: None,
    };
    let mut out = Outcome::default();
    out.activities.push(activity);
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::CallPlaced {
            activity: call.id,
            direction: call.direction,
            number: number.to_string(),
            subject,
        },
    );
    Ok(out)
}
