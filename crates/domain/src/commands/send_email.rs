//! R15, R17: sending an email — now or at a scheduled time — creates an email activity on the
//! record. It is *pending* until it leaves (the activity clock or Dynamics sends it at its
//! time), then *completed*. Writing it for an Up Next email step completes that step.

use super::{new_activity, require_started, steps, workable_activity};
use crate::access;
use crate::activity::{ActivityState, ActivityType};
use crate::email::{
    EmailDetails, EmailRoute, MAX_BODY_BYTES, MAX_SUBJECT_CHARS, html_text, is_email_address,
};
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;
use chrono::{DateTime, Utc};

pub struct NewEmail<'a> {
    /// Chosen by the caller, so that a retried command never sends twice.
    pub id: ActivityId,
    pub for_activity: Option<ActivityId>,
    pub to: &'a [String],
    pub cc: &'a [String],
    pub subject: &'a str,
    pub body_html: &'a str,
    /// `None`: now. A time: scheduled (R17).
    pub send_at: Option<DateTime<Utc>>,
    pub route: EmailRoute,
}

fn clean_addresses(list: &[String]) -> Result<Vec<String>, DomainError> {
    let mut out: Vec<String> = Vec::new();
    for a in list.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        if !is_email_address(a) {
            return Err(DomainError::InvalidEmailAddress(a.to_string()));
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(a)) {
            out.push(a.to_string());
        }
    }
    Ok(out)
}

pub(super) fn run(
    state: &RecordState,
    email: NewEmail<'_>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    if state.activity(email.id).is_some() {
        return Ok(Outcome::default()); // sent already (a retry after a lost reply)
    }
    let to = clean_addresses(email.to)?;
    if to.is_empty() {
        return Err(DomainError::NoRecipient);
    }
    let cc = clean_addresses(email.cc)?;
    let subject = email.subject.trim();
    if subject.is_empty() {
        return Err(DomainError::EmailSubjectEmpty);
    }
    if subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(DomainError::EmailSubjectTooLong(MAX_SUBJECT_CHARS));
    }
    if html_text(email.body_html).is_empty() {
        return Err(DomainError::EmailBodyEmpty);
    }
    if email.body_html.len() > MAX_BODY_BYTES {
        return Err(DomainError::EmailBodyTooLarge);
    }
    if let Some(at) = email.send_at
        && at <= ctx.now
    {
        return Err(DomainError::SendTimeNotInFuture);
    }
    let send_at = email.send_at.unwrap_or(ctx.now);
    let step = match email.for_activity.and_then(|id| state.activity(id)) {
        Some(a) if a.is_open() && a.kind == ActivityType::Email => {
            let a = workable_activity(state, a.id, ctx)?;
            require_started(a, ctx.now)?;
            Some(a)
        }
        _ => None,
    };
    access::require_sales_role(ctx.actor)?;

    let mut activity = new_activity(email.id, state, ActivityType::Email, subject, ctx);
    activity.state = ActivityState::Pending;
    activity.due = send_at;
    activity.closed_at = Some(ctx.now);
    activity.closed_by = Some(ctx.actor.id());
    activity.email = Some(EmailDetails {
        to,
        cc,
        body_html: email.body_html.to_string(),
        send_at,
        scheduled: email.send_at.is_some(),
        route: email.route,
        sent_at: None,
        failure: None,
        attempts: 0,
        retry_at: None,
        for_activity: step.map(|s| s.id),
    });
    let mut out = Outcome::default();
    out.activities.push(activity);
    if email.send_at.is_some() {
        out.log(
            ids,
            state.record.id,
            ctx,
            TimelineEvent::EmailScheduled {
                activity: email.id,
                subject: subject.to_string(),
                at: send_at,
            },
        );
    }
    if let Some(step) = step {
        let mut after = state.clone();
        after.apply(&out);
        steps::close(&after, step, ActivityState::Completed, ctx, ids, &mut out);
    }
    Ok(out)
}
