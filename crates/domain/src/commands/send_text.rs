//! R19–R21: a text message sent from the conversation pane is an activity on the record;
//! its delivery state follows the transport; a customer's reply is one too.

use super::{new_activity, require_started, steps, workable_activity};
use crate::access;
use crate::activity::{ActivityState, ActivityType};
use crate::dialplan::{contact_region, normalise};
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::settings::Feature;
use crate::state::{Context, Outcome, RecordState};
use crate::text_message::{
    MAX_TEXT_CHARS, TextDetails, TextDirection, TextState, TextTransport, text_subject,
};
use crate::timeline::TimelineEvent;
use chrono::{DateTime, Utc};
use phonenumber::Mode;

pub struct NewText<'a> {
    pub id: ActivityId,
    pub for_activity: Option<ActivityId>,
    pub from: &'a str,
    pub to: &'a str,
    pub body: &'a str,
    pub transport: TextTransport,
}

fn e164(raw: &str, region: &str) -> Result<String, DomainError> {
    Ok(normalise(raw.trim(), region)?
        .format()
        .mode(Mode::E164)
        .to_string())
}

fn clean_body(body: &str) -> Result<String, DomainError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(DomainError::TextEmpty);
    }
    if body.chars().count() > MAX_TEXT_CHARS {
        return Err(DomainError::TextTooLong(MAX_TEXT_CHARS));
    }
    Ok(body.to_string())
}

pub(super) fn send(
    state: &RecordState,
    text: NewText<'_>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    access::require_feature(ctx.settings, Feature::TextMessages)?;
    if state.activity(text.id).is_some() {
        return Ok(Outcome::default());
    }
    let body = clean_body(text.body)?;
    let region = contact_region(&state.record.contact, ctx.settings);
    let to = e164(text.to, region)?;
    let from = match text.transport {
        // A SIP account sends from its own identity, which need not be a number.
        TextTransport::Sip | TextTransport::Other => text.from.trim().to_string(),
        TextTransport::Twilio => e164(text.from, &ctx.settings.default_region)?,
    };
    let step = match text.for_activity.and_then(|id| state.activity(id)) {
        Some(a) if a.is_open() && a.kind == ActivityType::TextMessage => {
            let a = workable_activity(state, a.id, ctx)?;
            require_started(a, ctx.now)?;
            Some(a)
        }
        _ => None,
    };
    let subject = text_subject(&body);
    let mut activity = new_activity(text.id, state, ActivityType::TextMessage, &subject, ctx);
    activity.state = ActivityState::Completed;
    activity.closed_at = Some(ctx.now);
    activity.closed_by = Some(ctx.actor.id());
    activity.text = Some(TextDetails {
        direction: TextDirection::Outgoing,
        from,
        to: to.clone(),
        body: body.clone(),
        state: TextState::Sending,
        transport: text.transport,
        provider_id: None,
        failure: None,
        for_activity: step.map(|s| s.id),
        at: ctx.now,
    });
    let mut out = Outcome::default();
    let mut r = state.record.clone();
    r.last_contacted = Some(ctx.now);
    r.version += 1;
    out.record = Some(r);
    out.activities.push(activity);
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::TextSent {
            activity: text.id,
            to,
            body,
        },
    );
    // The Up Next step it was written for closes once the text is sent (`status`), not
    // before: a text that fails leaves the step to do.
    Ok(out)
}

/// The transport's news about a message going out: sent, delivered, failed.
pub(super) fn status(
    state: &RecordState,
    id: ActivityId,
    new_state: TextState,
    provider_id: Option<&str>,
    failure: Option<&str>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    let a = state
        .activity(id)
        .ok_or_else(|| DomainError::ActivityNotFound(id.to_string()))?;
    let Some(t) = &a.text else {
        return Err(DomainError::NotATextMessage);
    };
    let rank = |s: TextState| match s {
        TextState::Sending => 0,
        TextState::Sent => 1,
        TextState::Delivered | TextState::Failed => 2,
        TextState::Received => 3,
    };
    // News arrives out of order (a poll after a callback): never step back.
    if t.direction != TextDirection::Outgoing || rank(new_state) < rank(t.state) {
        return Ok(Outcome::default());
    }
    let same = t.state == new_state
        && (provider_id.is_none() || t.provider_id.as_deref() == provider_id)
        && t.failure.as_deref() == failure;
    if same {
        return Ok(Outcome::default());
    }
    let mut changed = a.clone();
    changed.version += 1;
    let t = changed.text.as_mut().expect("checked above");
    t.state = new_state;
    if let Some(p) = provider_id {
        t.provider_id = Some(p.to_string());
    }
    t.failure = failure.map(|f| f.chars().take(500).collect());
    let for_activity = t.for_activity;
    let mut out = Outcome::default();
    out.activities.push(changed);
    // Sent: the Up Next text step it was written for is done (and the sequence moves on).
    if matches!(new_state, TextState::Sent | TextState::Delivered)
        && let Some(step) = for_activity.and_then(|s| state.activity(s))
        && step.is_open()
    {
        let mut after = state.clone();
        after.apply(&out);
        if let Ok(step) = workable_activity(&after, step.id, ctx)
            && require_started(step, ctx.now).is_ok()
        {
            steps::close(&after, step, ActivityState::Completed, ctx, ids, &mut out);
        }
    }
    Ok(out)
}

pub struct ReceivedText<'a> {
    /// Made from the transport's message id, so a message polled twice lands once.
    pub id: ActivityId,
    pub from: &'a str,
    pub to: &'a str,
    pub body: &'a str,
    pub transport: TextTransport,
    pub provider_id: Option<&'a str>,
    pub at: DateTime<Utc>,
}

pub(super) fn received(
    state: &RecordState,
    text: ReceivedText<'_>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    if state.activity(text.id).is_some() {
        return Ok(Outcome::default());
    }
    let body = text.body.trim();
    if body.is_empty() {
        return Err(DomainError::TextEmpty);
    }
    let body: String = body.chars().take(MAX_TEXT_CHARS).collect();
    let subject = text_subject(&body);
    let mut activity = new_activity(text.id, state, ActivityType::TextMessage, &subject, ctx);
    // On the record from when Nextline learnt of it (the conversation's order); the provider's
    // own time, often to the second only, stays with the message.
    activity.state = ActivityState::Completed;
    activity.closed_at = Some(ctx.now);
    activity.assignee = crate::activity::Assignee::User(state.record.owner);
    activity.text = Some(TextDetails {
        direction: TextDirection::Incoming,
        from: text.from.trim().to_string(),
        to: text.to.trim().to_string(),
        body: body.clone(),
        state: TextState::Received,
        transport: text.transport,
        provider_id: text.provider_id.map(str::to_string),
        failure: None,
        for_activity: None,
        at: text.at,
    });
    let mut out = Outcome::default();
    out.activities.push(activity);
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::TextReceived {
            activity: text.id,
            from: text.from.trim().to_string(),
            body,
        },
    );
    Ok(out)
}
