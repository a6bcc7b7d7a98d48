//! One test (or a few) per product rule, named after it.

mod common;

use chrono::Duration;
use common::*;
use nextline_domain::dialplan::{ContactWarning, DialTarget, NumberKind, dial_plan, text_number};
use nextline_domain::upnext::{ActivityAction, MainAction, availability, main_action, up_next};
use nextline_domain::*;

#[test]
fn r2_first_step_is_active_when_the_record_joins_the_sequence() {
    let w = World::new();
    let a = w.open_step();
    assert_eq!(a.subject, "Intro call");
    assert_eq!(a.step.unwrap().index, 0);
    assert_eq!(up_next(&w.state, w.now).active.unwrap().id, a.id);
}

#[test]
fn r2_a_wait_step_holds_the_next_step_until_its_delay_has_passed() {
    let mut w = World::new();
    let call = w.open_step();
    w.run_as(
        w.ana,
        Command::Complete {
            activity: call.id,
            note: None,
        },
    )
    .unwrap();
    let email = w.open_step();
    assert_eq!(email.subject, "Follow-up email");
    assert_eq!(email.starts_at, w.now + Duration::days(2));
    let view = up_next(&w.state, w.now);
    assert!(view.active.is_none(), "nothing is active during the wait");
    assert_eq!(view.waiting.unwrap().id, email.id);
    // Working it before the wait is over is refused with the start time.
    let err = w
        .run_as(
            w.ana,
            Command::Complete {
                activity: email.id,
                note: None,
            },
        )
        .unwrap_err();
    assert_eq!(err, DomainError::StepNotStarted(email.starts_at));
    w.later(Duration::days(2));
    assert_eq!(up_next(&w.state, w.now).active.unwrap().id, email.id);
    w.run_as(
        w.ana,
        Command::Complete {
            activity: email.id,
            note: None,
        },
    )
    .unwrap();
}

#[test]
fn r4_up_next_lists_upcoming_steps_and_the_completed_list_newest_first() {
    let mut w = World::new();
    let call = w.open_step();
    w.run_as(
        w.ana,
        Command::Complete {
            activity: call.id,
            note: None,
        },
    )
    .unwrap();
    w.later(Duration::days(2));
    let email = w.open_step();
    w.later(Duration::minutes(5));
    w.run_as(w.ana, Command::Skip { activity: email.id })
        .unwrap();
    let view = up_next(&w.state, w.now);
    assert_eq!(view.active.as_ref().unwrap().subject, "Prepare proposal");
    let upcoming: Vec<_> = view.upcoming.iter().map(|s| s.subject.as_str()).collect();
    assert_eq!(upcoming, ["Text reminder", "Demo meeting"]);
    let done: Vec<_> = view
        .completed
        .iter()
        .map(|a| (a.subject.as_str(), a.state))
        .collect();
    assert_eq!(
        done,
        [
            ("Follow-up email", ActivityState::Skipped),
            ("Intro call", ActivityState::Completed)
        ]
    );
}

#[test]
fn r4_main_action_fits_the_step_type() {
    let mut w = World::new();
    assert_eq!(main_action(&w.open_step()), MainAction::Call);
    let id = w.add_manual(ActivityType::Meeting, "Site visit");
    let a = w.state.activity(id).unwrap().clone();
    assert_eq!(main_action(&a), MainAction::Open);
    let mut teams = a.clone();
    teams.join_url = Some("https://teams.microsoft.com/l/meetup-join/x".into());
    assert_eq!(main_action(&teams), MainAction::Join);
}

#[test]
fn r5_mark_complete_with_a_note_files_it_and_activates_the_next_step() {
    let mut w = World::new();
    let call = w.open_step();
    let out = w
        .run_as(
            w.ana,
            Command::Complete {
                activity: call.id,
                note: Some("  Interested, call back in May ".into()),
            },
        )
        .unwrap();
    assert_eq!(out.notes.len(), 1);
    assert_eq!(out.notes[0].text, "Interested, call back in May");
    assert_eq!(out.notes[0].author, w.ana);
    let closed = w.state.activity(call.id).unwrap();
    assert_eq!(closed.state, ActivityState::Completed);
    assert_eq!(closed.closed_at, Some(w.now));
    assert_eq!(
        w.state.record.last_contacted,
        Some(w.now),
        "a completed call counts as contact"
    );
    assert_eq!(w.open_step().subject, "Follow-up email");
}

#[test]
fn r5_an_empty_note_is_no_note() {
    let mut w = World::new();
    let call = w.open_step();
    let out = w
        .run_as(
            w.ana,
            Command::Complete {
                activity: call.id,
                note: Some("   ".into()),
            },
        )
        .unwrap();
    assert!(out.notes.is_empty());
}

#[test]
fn r5_a_closed_activity_cannot_be_completed_again() {
    let mut w = World::new();
    let call = w.open_step();
    w.run_as(
        w.ana,
        Command::Complete {
            activity: call.id,
            note: None,
        },
    )
    .unwrap();
    let err = w
        .run_as(
            w.ana,
            Command::Complete {
                activity: call.id,
                note: None,
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "activity_not_open");
}

#[test]
fn r6_skip_in_a_sequence_activates_the_next_step_and_files_the_skipped_one() {
    let mut w = World::new();
    let call = w.open_step();
    w.run_as(w.ana, Command::Skip { activity: call.id })
        .unwrap();
    assert_eq!(
        w.state.activity(call.id).unwrap().state,
        ActivityState::Skipped
    );
    assert_eq!(w.open_step().subject, "Follow-up email");
    assert_eq!(
        w.state.record.last_contacted, None,
        "a skipped call is no contact"
    );
}

#[test]
fn r6_skipping_a_manual_task_outside_a_sequence_cancels_it() {
    let mut w = World::new();
    let task = w.add_manual(ActivityType::Task, "Send brochure");
    let before = w.open_step();
    w.run_as(w.ana, Command::Skip { activity: task }).unwrap();
    assert_eq!(
        w.state.activity(task).unwrap().state,
        ActivityState::Cancelled
    );
    assert_eq!(w.open_step(), before, "the sequence does not move");
}

#[test]
fn r6_skipping_the_last_step_finishes_the_sequence() {
    let mut w = World::new();
    for _ in 0..5 {
        let a = w.open_step();
        w.now = w.now.max(a.starts_at);
        w.run_as(w.ana, Command::Skip { activity: a.id }).unwrap();
    }
    assert!(w.state.open_step().is_none());
    assert_eq!(
        w.state
            .activities
            .iter()
            .filter(|a| a.state == ActivityState::Skipped)
            .count(),
        5
    );
}

#[test]
fn r7_snooze_moves_the_due_time() {
    let mut w = World::new();
    let call = w.open_step();
    let until = w.now + Duration::hours(6);
    let out = w
        .run_as(
            w.ana,
            Command::Snooze {
                activity: call.id,
                until,
            },
        )
        .unwrap();
    let a = w.state.activity(call.id).unwrap();
    assert_eq!(a.due, until);
    assert_eq!(a.snoozed_until, Some(until));
    assert!(matches!(
        out.timeline[0].event,
        TimelineEvent::Snoozed { .. }
    ));
}

#[test]
fn r7_a_manual_task_cannot_be_snoozed() {
    let mut w = World::new();
    let task = w.add_manual(ActivityType::Task, "Send brochure");
    let err = w
        .run_as(
            w.ana,
            Command::Snooze {
                activity: task,
                until: w.now + Duration::hours(1),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "manual_task_cannot_be_snoozed");
    assert!(err.message(Lang::En).contains("can't be snoozed"));
    assert!(err.message(Lang::El).contains("δεν αναβάλλονται"));
    // A task step of a sequence is a manual task too.
    let call = w.open_step();
    w.run_as(w.ana, Command::Skip { activity: call.id })
        .unwrap();
    w.later(Duration::days(2));
    let email = w.open_step();
    w.run_as(w.ana, Command::Skip { activity: email.id })
        .unwrap();
    let step_task = w.open_step();
    assert_eq!(step_task.kind, ActivityType::Task);
    let err = w
        .run_as(
            w.ana,
            Command::Snooze {
                activity: step_task.id,
                until: w.now + Duration::hours(1),
            },
        )
        .unwrap_err();
    assert_eq!(err, DomainError::ManualTaskCannotBeSnoozed);
}

#[test]
fn r7_snooze_must_be_in_the_future() {
    let mut w = World::new();
    let call = w.open_step();
    let err = w
        .run_as(
            w.ana,
            Command::Snooze {
                activity: call.id,
                until: w.now,
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "snooze_time_not_in_future");
}

#[test]
fn r8_a_note_on_an_activity_in_progress_goes_on_the_timeline_with_author_and_time() {
    let mut w = World::new();
    let call = w.open_step();
    let out = w
        .run_as(
            w.ana,
            Command::AddNote {
                activity: call.id,
                text: "Asked for pricing".into(),
            },
        )
        .unwrap();
    assert_eq!(out.notes[0].author, w.ana);
    assert_eq!(out.timeline[0].at, w.now);
    assert!(
        matches!(&out.timeline[0].event, TimelineEvent::NoteAdded { text, .. } if text == "Asked for pricing")
    );
    assert_eq!(
        w.state.activity(call.id).unwrap().state,
        ActivityState::Open
    );
    let err = w
        .run_as(
            w.ana,
            Command::AddNote {
                activity: call.id,
                text: " ".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "note_empty");
}

#[test]
fn r9_activities_default_to_the_owner_and_the_owner_can_assign_to_a_user_or_team() {
    let mut w = World::new();
    let call = w.open_step();
    assert_eq!(call.assignee, Assignee::User(w.ana));
    w.run_as(
        w.ana,
        Command::Assign {
            activity: call.id,
            to: Assignee::User(w.ben),
        },
    )
    .unwrap();
    assert_eq!(
        w.state.activity(call.id).unwrap().assignee,
        Assignee::User(w.ben)
    );
    w.run_as(
        w.ana,
        Command::Assign {
            activity: call.id,
            to: Assignee::Team(w.team),
        },
    )
    .unwrap();
    assert_eq!(
        w.state.activity(call.id).unwrap().assignee,
        Assignee::Team(w.team)
    );
}

#[test]
fn r9_r22_only_the_owner_or_a_sales_manager_may_assign() {
    let mut w = World::new();
    let call = w.open_step();
    let err = w
        .run_as(
            w.ben,
            Command::Assign {
                activity: call.id,
                to: Assignee::User(w.ben),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "only_owner_can_assign");
    w.run_as(
        w.mia,
        Command::Assign {
            activity: call.id,
            to: Assignee::User(w.ben),
        },
    )
    .unwrap();
    let err = w
        .run_as(
            w.mia,
            Command::Assign {
                activity: call.id,
                to: Assignee::User(w.zoe),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "assignee_has_no_sales_role");
}

#[test]
fn r10_owner_change_keeps_the_active_step_and_gives_later_steps_to_the_new_owner() {
    let mut w = World::new();
    let call = w.open_step();
    w.run_as(
        w.ana,
        Command::ChangeOwner {
            record: w.state.record.id,
            to: w.ben,
        },
    )
    .unwrap();
    assert_eq!(w.state.record.owner, w.ben);
    assert_eq!(
        w.state.activity(call.id).unwrap().assignee,
        Assignee::User(w.ana),
        "active step stays"
    );
    // Ana may still complete it: it is assigned to her.
    w.run_as(
        w.ana,
        Command::Complete {
            activity: call.id,
            note: None,
        },
    )
    .unwrap();
    assert_eq!(
        w.open_step().assignee,
        Assignee::User(w.ben),
        "the next step goes to the new owner"
    );
}

#[test]
fn r10_a_step_waiting_behind_a_wait_is_a_later_step() {
    let mut w = World::new();
    let call = w.open_step();
    w.run_as(
        w.ana,
        Command::Complete {
            activity: call.id,
            note: None,
        },
    )
    .unwrap();
    let waiting = w.open_step();
    assert_eq!(waiting.assignee, Assignee::User(w.ana));
    w.run_as(
        w.mia,
        Command::ChangeOwner {
            record: w.state.record.id,
            to: w.ben,
        },
    )
    .unwrap();
    assert_eq!(
        w.state.activity(waiting.id).unwrap().assignee,
        Assignee::User(w.ben)
    );
}

#[test]
fn r10_only_the_owner_or_a_manager_changes_the_owner() {
    let mut w = World::new();
    let err = w
        .run_as(
            w.ben,
            Command::ChangeOwner {
                record: w.state.record.id,
                to: w.ben,
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "only_owner_can_change_owner");
}

#[test]
fn r12_dial_business_then_mobile_then_the_dial_pad() {
    let w = World::new();
    let mut c = w.state.record.contact.clone();
    let plan = dial_plan(&c, &w.settings).unwrap();
    match plan.target {
        DialTarget::Number { number } => {
            assert_eq!(number.kind, NumberKind::Business);
            assert_eq!(number.e164, "+302101234567");
        }
        DialTarget::DialPad => panic!("expected the business number"),
    }
    assert_eq!(plan.fallback.unwrap().e164, "+306912345678");
    c.business_phone = None;
    let plan = dial_plan(&c, &w.settings).unwrap();
    assert!(
        matches!(plan.target, DialTarget::Number { number } if number.kind == NumberKind::Mobile)
    );
    c.mobile_phone = Some("  ".into());
    assert_eq!(
        dial_plan(&c, &w.settings).unwrap().target,
        DialTarget::DialPad
    );
}

#[test]
fn r12_numbers_are_read_in_the_contacts_country_and_bad_ones_are_an_error() {
    let w = World::new();
    let mut c = w.state.record.contact.clone();
    c.country = Some("GB".into());
    c.business_phone = Some("020 7946 0958".into());
    let plan = dial_plan(&c, &w.settings).unwrap();
    assert!(matches!(plan.target, DialTarget::Number { number } if number.e164 == "+442079460958"));
    c.business_phone = Some("12".into());
    let err = dial_plan(&c, &w.settings).unwrap_err();
    assert_eq!(err.code(), "invalid_phone_number");
}

#[test]
fn r13_do_not_phone_warns_before_dialling() {
    let w = World::new();
    let mut c = w.state.record.contact.clone();
    c.do_not_phone = true;
    assert_eq!(
        dial_plan(&c, &w.settings).unwrap().warnings,
        [ContactWarning::DoNotPhone]
    );
}

#[test]
fn r20_texts_go_to_the_business_number_before_the_personal_one() {
    let w = World::new();
    let mut c = w.state.record.contact.clone();
    let (n, warnings) = text_number(&c, &w.settings).unwrap();
    assert_eq!(n.unwrap().kind, NumberKind::Business);
    assert!(warnings.is_empty());
    c.business_phone = None;
    c.mobile_phone = None;
    c.do_not_text = true;
    let (n, warnings) = text_number(&c, &w.settings).unwrap();
    assert!(n.is_none());
    assert_eq!(
        warnings,
        [ContactWarning::NoNumberToText, ContactWarning::DoNotText]
    );
}

#[test]
fn r22_a_user_without_a_sales_role_is_refused_and_told_why() {
    let mut w = World::new();
    let call = w.open_step();
    let err = w
        .run_as(
            w.zoe,
            Command::Complete {
                activity: call.id,
                note: None,
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "sales_role_required");
}

#[test]
fn r22_a_switched_off_feature_names_the_switch() {
    let mut w = World::new();
    w.settings.features.sequences = false;
    let call = w.open_step();
    let err = w
        .run_as(w.ana, Command::Skip { activity: call.id })
        .unwrap_err();
    assert_eq!(err, DomainError::FeatureDisabled(Feature::Sequences));
    assert!(err.message(Lang::En).contains("Sequences is turned off"));
    // Manual activities are not sequence work.
    let task = w.add_manual(ActivityType::Task, "Send brochure");
    w.run_as(
        w.ana,
        Command::Complete {
            activity: task,
            note: None,
        },
    )
    .unwrap();
}

#[test]
fn r22_availability_matches_what_the_commands_accept() {
    let mut w = World::new();
    let task = w.add_manual(ActivityType::Task, "Send brochure");
    let a = w.state.activity(task).unwrap().clone();
    let ben = w.dir.actor(w.ben).unwrap();
    let ctx = Context {
        actor: &ben,
        directory: &w.dir,
        settings: &w.settings,
        now: w.now,
    };
    let avail = availability(&w.state, &a, &ctx);
    let get = |x: ActivityAction| avail.iter().find(|(act, _)| *act == x).unwrap().1.clone();
    assert_eq!(
        get(ActivityAction::Snooze).unwrap_err().code(),
        "manual_task_cannot_be_snoozed"
    );
    assert_eq!(
        get(ActivityAction::Assign).unwrap_err().code(),
        "only_owner_can_assign"
    );
    assert_eq!(
        get(ActivityAction::Complete).unwrap_err().code(),
        "not_your_activity"
    );
}

#[test]
fn team_members_may_work_on_team_activities() {
    let mut w = World::new();
    let call = w.open_step();
    w.run_as(
        w.ana,
        Command::Assign {
            activity: call.id,
            to: Assignee::Team(w.team),
        },
    )
    .unwrap();
    w.run_as(
        w.ben,
        Command::Complete {
            activity: call.id,
            note: None,
        },
    )
    .unwrap();
}
