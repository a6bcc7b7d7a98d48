//! R14: placing a call creates a phone call activity; ending it records how it went; completing
//! it completes the Up Next call it was made for.

mod common;

use chrono::Duration;
use common::*;
use nextline_domain::*;

fn log_call(
    w: &mut World,
    id: u128,
    for_activity: Option<ActivityId>,
) -> Result<Outcome, DomainError> {
    w.run_as(
        w.ana,
        Command::LogCall {
            call: ActivityId(uid(id)),
            record: w.state.record.id,
            number: "+302101234567".into(),
            to: "Maria Papadopoulou".into(),
            direction: CallDirection::Outgoing,
            for_activity,
            placed_by: "app".into(),
        },
    )
}

fn end_call(w: &mut World, id: u128, outcome: CallOutcome, secs: Option<u32>) -> Outcome {
    w.run_as(
        w.ana,
        Command::EndCall {
            activity: ActivityId(uid(id)),
            outcome,
            duration_secs: secs,
            quality: Some(CallQualityScore {
                mos_x100: 430,
                loss_permille: 5,
                jitter_ms: 12,
                round_trip_ms: 40,
            }),
        },
    )
    .unwrap()
}

#[test]
fn r14_placing_a_call_creates_an_open_phone_call_activity_named_after_up_next() {
    let mut w = World::new();
    let step = w.open_step();
    let out = log_call(&mut w, 1, Some(step.id)).unwrap();
    let call = w.state.activity(ActivityId(uid(1))).unwrap().clone();
    assert_eq!(call.kind, ActivityType::PhoneCall);
    assert_eq!(
        call.subject, "Intro call",
        "subject = the Up Next activity's name"
    );
    assert_eq!(call.state, ActivityState::Open);
    assert_eq!(call.record, w.state.record.id);
    assert_eq!(call.assignee, Assignee::User(w.ana));
    let d = call.call.unwrap();
    assert_eq!(d.from, w.ana, "call from = the seller");
    assert_eq!(d.to, "Maria Papadopoulou", "call to = the person called");
    assert_eq!(d.number, "+302101234567");
    assert_eq!(d.direction, CallDirection::Outgoing);
    assert_eq!(d.started_at, w.now);
    assert_eq!(d.for_activity, Some(step.id));
    assert!(d.is_going_on());
    assert!(matches!(
        out.timeline[0].event,
        TimelineEvent::CallPlaced { .. }
    ));
    // The Up Next step itself is untouched until the seller marks the call complete.
    assert!(w.state.activity(step.id).unwrap().is_open());
}

#[test]
fn r14_a_call_is_logged_once_even_when_the_command_is_repeated() {
    let mut w = World::new();
    log_call(&mut w, 1, None).unwrap();
    let again = log_call(&mut w, 1, None).unwrap();
    assert!(again.is_empty() && again.timeline.is_empty());
    let calls = w
        .state
        .activities
        .iter()
        .filter(|a| a.call.is_some())
        .count();
    assert_eq!(calls, 1);
}

#[test]
fn r14_without_an_up_next_call_the_subject_is_the_person_called() {
    let mut w = World::new();
    let step = w.open_step();
    // Complete the intro call: the next step waits two days, so there is no Up Next call.
    w.run_as(
        w.ana,
        Command::Complete {
            activity: step.id,
            note: None,
        },
    )
    .unwrap();
    log_call(&mut w, 1, None).unwrap();
    let call = w.state.activity(ActivityId(uid(1))).unwrap();
    assert_eq!(call.subject, "Maria Papadopoulou");
    assert_eq!(call.call.as_ref().unwrap().for_activity, None);
}

#[test]
fn r14_ending_records_outcome_duration_and_quality_and_only_once() {
    let mut w = World::new();
    log_call(&mut w, 1, None).unwrap();
    w.later(Duration::minutes(3));
    let out = end_call(&mut w, 1, CallOutcome::Answered, Some(172));
    let d = w
        .state
        .activity(ActivityId(uid(1)))
        .unwrap()
        .call
        .clone()
        .unwrap();
    assert_eq!(d.ended_at, Some(w.now));
    assert_eq!(d.duration_secs, Some(172));
    assert_eq!(d.outcome, Some(CallOutcome::Answered));
    assert_eq!(d.quality.unwrap().mos_x100, 430);
    assert!(matches!(
        out.timeline[0].event,
        TimelineEvent::CallEnded {
            duration_secs: Some(172),
            ..
        }
    ));
    // A second end (the phone's report after a crash sweep) changes nothing.
    let again = end_call(&mut w, 1, CallOutcome::Interrupted, Some(9));
    assert!(again.is_empty());
    let d = w
        .state
        .activity(ActivityId(uid(1)))
        .unwrap()
        .call
        .clone()
        .unwrap();
    assert_eq!(d.outcome, Some(CallOutcome::Answered));
}

#[test]
fn r14_an_unanswered_call_has_no_duration() {
    let mut w = World::new();
    log_call(&mut w, 1, None).unwrap();
    end_call(&mut w, 1, CallOutcome::Busy, Some(20));
    let d = w
        .state
        .activity(ActivityId(uid(1)))
        .unwrap()
        .call
        .clone()
        .unwrap();
    assert_eq!(d.duration_secs, None);
    assert!(d.outcome.unwrap().try_next_number());
}

#[test]
fn r14_completing_the_call_completes_the_up_next_call_and_moves_the_sequence_on() {
    let mut w = World::new();
    let step = w.open_step();
    log_call(&mut w, 1, Some(step.id)).unwrap();
    let early = w.run_as(
        w.ana,
        Command::Complete {
            activity: ActivityId(uid(1)),
            note: None,
        },
    );
    assert_eq!(early.unwrap_err(), DomainError::CallGoingOn);
    end_call(&mut w, 1, CallOutcome::Answered, Some(60));
    w.run_as(
        w.ana,
        Command::Complete {
            activity: ActivityId(uid(1)),
            note: Some("Wants a quote".into()),
        },
    )
    .unwrap();
    assert_eq!(
        w.state.activity(ActivityId(uid(1))).unwrap().state,
        ActivityState::Completed
    );
    assert_eq!(
        w.state.activity(step.id).unwrap().state,
        ActivityState::Completed
    );
    let next = w.open_step();
    assert_eq!(next.subject, "Follow-up email");
    assert_eq!(w.state.record.last_contacted, Some(w.now));
}

#[test]
fn r14_r22_calls_need_the_softphone_feature() {
    let mut w = World::new();
    w.settings.features.softphone = false;
    assert_eq!(
        log_call(&mut w, 1, None).unwrap_err(),
        DomainError::FeatureDisabled(Feature::Softphone)
    );
}

#[test]
fn r14_only_phone_calls_can_be_ended() {
    let mut w = World::new();
    let step = w.open_step();
    let err = w
        .run_as(
            w.ana,
            Command::EndCall {
                activity: step.id,
                outcome: CallOutcome::Answered,
                duration_secs: None,
                quality: None,
            },
        )
        .unwrap_err();
    assert_eq!(err, DomainError::NotAPhoneCall);
}
