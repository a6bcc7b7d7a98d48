//! R18: a meeting created for a record — title, start, duration, attendees, location,
//! description, and for a Teams meeting its join link (only a Teams link is kept as one).

use super::new_activity;
use crate::activity::{ActivityType, is_teams_link};
use crate::email::is_email_address;
use crate::error::DomainError;
use crate::ids::{ActivityId, NewIds};
use crate::meeting::{MAX_MEETING_MINUTES, MAX_MEETING_TEXT, MeetingDetails};
use crate::state::{Context, Outcome, RecordState};
use crate::timeline::TimelineEvent;
use chrono::{DateTime, Duration, Utc};

pub struct NewMeeting<'a> {
    pub id: ActivityId,
    pub subject: &'a str,
    pub start: DateTime<Utc>,
    pub duration_minutes: u32,
    pub location: &'a str,
    pub attendees: &'a [String],
    pub description: &'a str,
    pub join_url: Option<&'a str>,
}

pub(super) fn run(
    state: &RecordState,
    m: NewMeeting<'_>,
    ctx: &Context<'_>,
    ids: &mut dyn NewIds,
) -> Result<Outcome, DomainError> {
    if state.activity(m.id).is_some() {
        return Ok(Outcome::default());
    }
    let subject = m.subject.trim();
    if subject.is_empty() {
        return Err(DomainError::MeetingSubjectEmpty);
    }
    if subject.chars().count() > MAX_MEETING_TEXT
        || m.location.trim().chars().count() > MAX_MEETING_TEXT
    {
        return Err(DomainError::MeetingTextTooLong(MAX_MEETING_TEXT));
    }
    if m.duration_minutes == 0 || m.duration_minutes > MAX_MEETING_MINUTES {
        return Err(DomainError::MeetingDuration(MAX_MEETING_MINUTES));
    }
    let join_url = m.join_url.map(str::trim).filter(|u| !u.is_empty());
    if let Some(url) = join_url
        && !is_teams_link(url)
    {
        return Err(DomainError::MeetingLinkNotTeams);
    }
    let mut attendees: Vec<String> = Vec::new();
    for a in m
        .attendees
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
    {
        if a.contains('@') && !is_email_address(a) {
            return Err(DomainError::InvalidEmailAddress(a.to_string()));
        }
        if !attendees.iter().any(|x| x.eq_ignore_ascii_case(a)) {
            attendees.push(a.to_string());
        }
    }
    let mut activity = new_activity(m.id, state, ActivityType::Meeting, subject, ctx);
    activity.due = m.start;
    activity.join_url = join_url.map(str::to_string);
    activity.meeting = Some(MeetingDetails {
        start: m.start,
        end: m.start + Duration::minutes(i64::from(m.duration_minutes)),
        location: m.location.trim().to_string(),
        attendees,
        description: m.description.trim().to_string(),
    });
    let mut out = Outcome::default();
    out.activities.push(activity);
    out.log(
        ids,
        state.record.id,
        ctx,
        TimelineEvent::MeetingCreated {
            activity: m.id,
            subject: subject.to_string(),
            start: m.start,
        },
    );
    Ok(out)
}
