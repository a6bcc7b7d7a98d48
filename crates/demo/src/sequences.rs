//! The demo's sequences, and each record's history on them.

use crate::{DemoData, SeededIds, spread_due};
use chrono::{DateTime, Duration, Utc};
use nextline_domain::*;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

fn step(kind: StepKind, subject: &str) -> Step {
    Step {
        kind,
        subject: subject.into(),
    }
}

fn teams_link(ids: &mut SeededIds<'_>) -> String {
    format!(
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_{}%40thread.v2/0",
        ids.new_id().simple()
    )
}

/// Three sequences that between them use every step type, waits included.
pub fn demo_sequences(ids: &mut SeededIds<'_>) -> Vec<Sequence> {
    let day = 24 * 60;
    vec![
        Sequence {
            id: SequenceId(ids.new_id()),
            name: "Inbound lead follow-up".into(),
            steps: vec![
                step(StepKind::PhoneCall, "Intro call"),
                step(StepKind::Wait { minutes: day }, "Wait 1 day"),
                step(StepKind::Email, "Send product overview"),
                step(StepKind::TextMessage, "Quick check-in text"),
                step(StepKind::Wait { minutes: 2 * day }, "Wait 2 days"),
                step(StepKind::PhoneCall, "Follow-up call"),
                step(StepKind::Task, "Update lead qualification"),
            ],
        },
        Sequence {
            id: SequenceId(ids.new_id()),
            name: "Ακολουθία νέων πελατών".into(),
            steps: vec![
                step(StepKind::Email, "Email καλωσορίσματος"),
                step(StepKind::PhoneCall, "Τηλεφώνημα γνωριμίας"),
                step(StepKind::Wait { minutes: 3 * day }, "Αναμονή 3 ημερών"),
                step(
                    StepKind::Meeting {
                        join_url: Some(teams_link(ids)),
                    },
                    "Παρουσίαση προϊόντος (Teams)",
                ),
                step(StepKind::Task, "Αποστολή προσφοράς"),
            ],
        },
        Sequence {
            id: SequenceId(ids.new_id()),
            name: "Opportunity close plan".into(),
            steps: vec![
                step(StepKind::Meeting { join_url: None }, "On-site demo"),
                step(StepKind::Email, "Send proposal"),
                step(StepKind::Wait { minutes: day }, "Wait 1 day"),
                step(StepKind::PhoneCall, "Negotiation call"),
                step(StepKind::TextMessage, "Confirm meeting by text"),
                step(StepKind::Task, "Prepare contract"),
            ],
        },
    ]
}

fn activity(
    ids: &mut SeededIds<'_>,
    record: RecordId,
    kind: ActivityType,
    subject: &str,
    due: DateTime<Utc>,
    assignee: Assignee,
    step: Option<StepRef>,
) -> Activity {
    Activity {
        id: ActivityId(ids.new_id()),
        record,
        kind,
        subject: subject.into(),
        due,
        starts_at: due.min(due - Duration::days(3)),
        state: ActivityState::Open,
        assignee,
        step,
        join_url: None,
        snoozed_until: None,
        created_at: due - Duration::days(5),
        closed_at: None,
        closed_by: None,
        version: 1,
        call: None,
        email: None,
        text: None,
        meeting: None,
    }
}

fn close(
    rng: &mut ChaCha8Rng,
    data: &mut DemoData,
    a: &mut Activity,
    state: ActivityState,
    at: DateTime<Utc>,
    by: UserId,
) {
    a.state = state;
    a.closed_at = Some(at);
    a.closed_by = Some(by);
    let mut ids = SeededIds(rng);
    let (activity, activity_type, subject) = (a.id, a.kind, a.subject.clone());
    let event = match state {
        ActivityState::Completed => TimelineEvent::Completed {
            activity,
            activity_type,
            subject,
        },
        ActivityState::Skipped => TimelineEvent::Skipped {
            activity,
            activity_type,
            subject,
        },
        _ => TimelineEvent::Cancelled {
            activity,
            activity_type,
            subject,
        },
    };
    data.timeline.push(TimelineEntry {
        id: TimelineId(ids.new_id()),
        record: a.record,
        at,
        author: by,
        event,
    });
    if state == ActivityState::Completed && rng.random_bool(0.35) {
        let text = *[
            "Interested; wants pricing for 50 seats.",
            "Left a voicemail.",
            "Ζήτησε προσφορά μέχρι την Παρασκευή.",
            "Θα μιλήσει με τον οικονομικό διευθυντή.",
            "Asked us to follow up after the trade show.",
        ]
        .get(rng.random_range(0..5))
        .expect("notes");
        let mut ids = SeededIds(rng);
        let note = Note {
            id: NoteId(ids.new_id()),
            record: a.record,
            activity: Some(a.id),
            author: by,
            text: text.into(),
            created_at: at,
        };
        data.timeline.push(TimelineEntry {
            id: TimelineId(ids.new_id()),
            record: a.record,
            at,
            author: by,
            event: TimelineEvent::NoteAdded {
                note: note.id,
                text: text.into(),
            },
        });
        data.notes.push(note);
    }
}

/// Give record `idx` a past on its sequence (closed steps, the open step) and some manual
/// activities outside any sequence.
pub fn history(rng: &mut ChaCha8Rng, data: &mut DemoData, idx: usize, now: DateTime<Utc>) {
    let me = data.current_user;
    let team = data.teams[0].id;
    let record = data.records[idx].record.clone();
    let owner = record.owner;
    // Who the open work goes to: the owner, or (R9) me or my team on someone else's record.
    let assignee = |rng: &mut ChaCha8Rng| {
        if owner != me && rng.random_bool(0.3) {
            Assignee::User(me)
        } else if rng.random_bool(0.06) {
            Assignee::Team(team)
        } else {
            Assignee::User(owner)
        }
    };
    let mut acts = Vec::new();
    if let Some(seq) = data.records[idx].sequence.clone() {
        let real: Vec<usize> = seq
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| !matches!(s.kind, StepKind::Wait { .. }))
            .map(|(i, _)| i)
            .collect();
        let done = rng.random_range(0..=real.len());
        let finished = done == real.len() && rng.random_bool(0.5);
        let done = if finished {
            done
        } else {
            done.min(real.len() - 1)
        };
        for (n, &i) in real.iter().take(done).enumerate() {
            let s = &seq.steps[i];
            let when = now
                - Duration::days((done - n) as i64 * 2)
                - Duration::minutes(rng.random_range(0..600));
            let mut ids = SeededIds(rng);
            let mut a = activity(
                &mut ids,
                record.id,
                s.kind.activity_type().expect("real step"),
                &s.subject,
                when,
                Assignee::User(owner),
                Some(StepRef {
                    sequence: seq.id,
                    index: i as u32,
                }),
            );
            a.join_url = join_url(&s.kind);
            let state = if rng.random_bool(0.8) {
                ActivityState::Completed
            } else {
                ActivityState::Skipped
            };
            close(rng, data, &mut a, state, when, owner);
            acts.push(a);
        }
        if !finished {
            let i = real[done];
            let s = &seq.steps[i];
            let after_wait = i > 0 && matches!(seq.steps[i - 1].kind, StepKind::Wait { .. });
            let who = assignee(rng);
            let mut ids = SeededIds(rng);
            let due = spread_due(ids.0, now);
            let mut a = activity(
                &mut ids,
                record.id,
                s.kind.activity_type().expect("real step"),
                &s.subject,
                due,
                who,
                Some(StepRef {
                    sequence: seq.id,
                    index: i as u32,
                }),
            );
            a.join_url = join_url(&s.kind);
            if after_wait && due > now && rng.random_bool(0.3) {
                a.starts_at = due; // still behind its wait (R2)
            } else {
                a.starts_at = a.starts_at.min(now - Duration::hours(1));
            }
            acts.push(a);
        }
    }
    let manual = if record.sequence.is_none() {
        rng.random_range(1..=2)
    } else {
        usize::from(rng.random_bool(0.3))
    };
    for _ in 0..manual {
        let who = assignee(rng);
        let mut ids = SeededIds(rng);
        let due = spread_due(ids.0, now);
        let (kind, subject, link) = match ids.0.random_range(0..10) {
            0..=3 => (
                ActivityType::Task,
                if record.contact.country.as_deref() == Some("GR") {
                    "Αποστολή καταλόγου"
                } else {
                    "Send brochure"
                },
                false,
            ),
            4..=5 => (ActivityType::PhoneCall, "Check-in call", false),
            6..=7 => (ActivityType::Meeting, "Quarterly review (Teams)", true),
            _ => (ActivityType::Meeting, "Coffee meeting", false),
        };
        let mut a = activity(&mut ids, record.id, kind, subject, due, who, None);
        if link {
            a.join_url = Some(teams_link(&mut ids));
        }
        a.starts_at = a.created_at;
        if rng.random_bool(0.15) {
            let at = now - Duration::days(rng.random_range(1..20));
            close(rng, data, &mut a, ActivityState::Completed, at, owner);
        }
        acts.push(a);
    }
    data.records[idx].activities = acts;
}

fn join_url(kind: &StepKind) -> Option<String> {
    match kind {
        StepKind::Meeting { join_url } => join_url.clone(),
        _ => None,
    }
}
