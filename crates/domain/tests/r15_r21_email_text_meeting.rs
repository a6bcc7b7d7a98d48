//! R15–R21: emails (now and scheduled), text messages and meetings become activities on the
//! record's timeline; sending for an Up Next step completes the step.

mod common;

use chrono::Duration;
use common::*;
use nextline_domain::*;

fn email(
    w: &World,
    id: u128,
    for_activity: Option<ActivityId>,
    send_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Command {
    Command::SendEmail {
        email: ActivityId(uid(id)),
        record: w.state.record.id,
        for_activity,
        to: vec!["maria@acme.gr".into()],
        cc: vec![" ".into(), "boss@acme.gr".into(), "Boss@acme.gr".into()],
        subject: "  Proposal ".into(),
        body_html: "<p>Hi <b>Μαρία</b></p>".into(),
        send_at,
        route: EmailRoute::Smtp,
    }
}

/// Reach the email step (past the call and the 2-day wait).
fn at_email_step(w: &mut World) -> Activity {
    let call = w.open_step();
    w.run_as(
        w.ana,
        Command::Complete {
            activity: call.id,
            note: None,
        },
    )
    .unwrap();
    w.later(Duration::days(3));
    let step = w.open_step();
    assert_eq!(step.kind, ActivityType::Email);
    step
}

#[test]
fn r15_sending_now_creates_a_pending_email_that_completes_when_it_leaves() {
    let mut w = World::new();
    let out = w.run_as(w.ana, email(&w, 1, None, None)).unwrap();
    let a = &out.activities[0];
    assert_eq!(a.kind, ActivityType::Email);
    assert_eq!(a.state, ActivityState::Pending);
    assert_eq!(a.subject, "Proposal");
    let e = a.email.as_ref().unwrap();
    assert_eq!(e.cc, vec!["boss@acme.gr"], "blanks and repeats dropped");
    assert_eq!(e.send_at, w.now);
    assert!(!e.scheduled);
    // A retry with the same id changes nothing.
    assert!(
        w.run_as(w.ana, email(&w, 1, None, None))
            .unwrap()
            .is_empty()
    );

    w.later(Duration::seconds(2));
    let id = a.id;
    let failed = w
        .run_as(
            w.ana,
            Command::EmailFailed {
                activity: id,
                reason: "connection refused".into(),
            },
        )
        .unwrap();
    assert_eq!(failed.activities[0].state, ActivityState::Pending);
    assert_eq!(failed.activities[0].email.as_ref().unwrap().attempts, 1);
    let sent = w
        .run_as(w.ana, Command::EmailSent { activity: id })
        .unwrap();
    let a = &sent.activities[0];
    assert_eq!(a.state, ActivityState::Completed);
    assert_eq!(a.email.as_ref().unwrap().sent_at, Some(w.now));
    assert_eq!(a.email.as_ref().unwrap().failure, None);
    assert_eq!(sent.record.as_ref().unwrap().last_contacted, Some(w.now));
    assert!(
        matches!(sent.timeline[0].event, TimelineEvent::EmailSent { ref to, .. } if to == &vec!["maria@acme.gr".to_string()])
    );
    // Told twice: once is enough.
    assert!(
        w.run_as(w.ana, Command::EmailSent { activity: id })
            .unwrap()
            .is_empty()
    );
}

#[test]
fn r17_a_scheduled_email_waits_pending_and_from_up_next_completes_the_step() {
    let mut w = World::new();
    let step = at_email_step(&mut w);
    let at = w.now + Duration::hours(20);
    let out = w
        .run_as(w.ana, email(&w, 2, Some(step.id), Some(at)))
        .unwrap();
    let sent = out
        .activities
        .iter()
        .find(|a| a.id == ActivityId(uid(2)))
        .unwrap();
    assert_eq!(sent.state, ActivityState::Pending);
    assert_eq!(sent.due, at);
    assert!(sent.email.as_ref().unwrap().scheduled);
    let closed = out.activities.iter().find(|a| a.id == step.id).unwrap();
    assert_eq!(
        closed.state,
        ActivityState::Completed,
        "the Up Next email step is done"
    );
    assert_eq!(
        w.open_step().kind,
        ActivityType::Task,
        "the sequence moved on"
    );
    assert!(
        out.events()
            .any(|e| matches!(e, TimelineEvent::EmailScheduled { at: a, .. } if *a == at))
    );

    // The seller may call it off before it leaves; then it cannot be sent.
    w.run_as(w.ana, Command::CancelEmail { activity: sent.id })
        .unwrap();
    assert_eq!(
        w.state.activity(sent.id).unwrap().state,
        ActivityState::Cancelled
    );
    assert!(
        w.run_as(w.ana, Command::EmailSent { activity: sent.id })
            .unwrap()
            .is_empty()
    );
}

#[test]
fn r15_bad_emails_are_refused_with_specific_errors() {
    let mut w = World::new();
    let base = email(&w, 3, None, None);
    // The same email with one thing wrong.
    let with =
        |to: &[&str], subject: &str, body: &str, at: Option<chrono::DateTime<chrono::Utc>>| {
            let mut c = base.clone();
            if let Command::SendEmail {
                to: t,
                subject: s,
                body_html: b,
                send_at,
                ..
            } = &mut c
            {
                *t = to.iter().map(|x| x.to_string()).collect();
                *s = subject.into();
                *b = body.into();
                *send_at = at;
            }
            c
        };
    let ok = ["maria@acme.gr"];
    let past = w.now - Duration::minutes(1);
    let cases = [
        (with(&[], "Hi", "<p>x</p>", None), "no_recipient"),
        (
            with(&["maria at acme"], "Hi", "<p>x</p>", None),
            "invalid_email_address",
        ),
        (with(&ok, " ", "<p>x</p>", None), "email_subject_empty"),
        (with(&ok, "Hi", "<p><br></p>", None), "email_body_empty"),
        (
            with(&ok, "Hi", "<p>x</p>", Some(past)),
            "send_time_not_in_future",
        ),
    ];
    for (cmd, code) in cases {
        assert_eq!(w.run_as(w.ana, cmd).unwrap_err().code(), code);
    }
    let zoe = w.zoe;
    let good = with(&ok, "Hi", "<p>x</p>", None);
    assert_eq!(
        w.run_as(zoe, good.clone()).unwrap_err(),
        DomainError::SalesRoleRequired
    );
    assert!(w.run_as(w.ana, good).is_ok());
}

#[test]
fn r19_a_text_is_an_activity_whose_delivery_follows_the_transport() {
    let mut w = World::new();
    let out = w
        .run_as(
            w.ana,
            Command::SendText {
                text: ActivityId(uid(10)),
                record: w.state.record.id,
                for_activity: None,
                from: "+30 210 000 0000".into(),
                to: "691 234 5678".into(),
                body: " Running 10 minutes late ".into(),
                transport: TextTransport::Twilio,
            },
        )
        .unwrap();
    let a = &out.activities[0];
    assert_eq!(a.kind, ActivityType::TextMessage);
    let t = a.text.as_ref().unwrap();
    assert_eq!(
        (t.from.as_str(), t.to.as_str()),
        ("+302100000000", "+306912345678")
    );
    assert_eq!(t.state, TextState::Sending);
    assert_eq!(t.body, "Running 10 minutes late");
    assert!(matches!(
        out.timeline[0].event,
        TimelineEvent::TextSent { .. }
    ));

    let status = |state, sid: Option<&str>| Command::TextStatus {
        activity: ActivityId(uid(10)),
        state,
        provider_id: sid.map(str::to_string),
        failure: None,
    };
    w.run_as(w.ana, status(TextState::Sent, Some("SM1")))
        .unwrap();
    w.run_as(w.ana, status(TextState::Delivered, None)).unwrap();
    // A late "sent" does not step back.
    assert!(
        w.run_as(w.ana, status(TextState::Sent, None))
            .unwrap()
            .is_empty()
    );
    let t = w
        .state
        .activity(ActivityId(uid(10)))
        .unwrap()
        .text
        .clone()
        .unwrap();
    assert_eq!(
        (t.state, t.provider_id.as_deref()),
        (TextState::Delivered, Some("SM1"))
    );

    // Empty, too long and undialable are refused.
    let mut bad = |body: String, to: &str| {
        w.run_as(
            w.ana,
            Command::SendText {
                text: ActivityId(uid(11)),
                record: w.state.record.id,
                for_activity: None,
                from: "+302100000000".into(),
                to: to.into(),
                body,
                transport: TextTransport::Twilio,
            },
        )
        .unwrap_err()
        .code()
    };
    assert_eq!(bad("  ".into(), "+306912345678"), "text_empty");
    assert_eq!(bad("x".repeat(1001), "+306912345678"), "text_too_long");
    assert_eq!(bad("hi".into(), "12"), "invalid_phone_number");
}

#[test]
fn r21_a_reply_lands_once_on_the_record() {
    let mut w = World::new();
    let reply = |w: &World| Command::ReceiveText {
        text: ActivityId(uid(20)),
        record: w.state.record.id,
        from: "+306912345678".into(),
        to: "+302100000000".into(),
        body: "Ναι, στις 10 είναι καλά".into(),
        transport: TextTransport::Sip,
        provider_id: Some("abc".into()),
        at: w.now - Duration::seconds(5),
    };
    let out = w.run_as(w.ana, reply(&w)).unwrap();
    let a = &out.activities[0];
    assert_eq!(a.text.as_ref().unwrap().direction, TextDirection::Incoming);
    assert_eq!(a.text.as_ref().unwrap().state, TextState::Received);
    assert!(matches!(
        out.timeline[0].event,
        TimelineEvent::TextReceived { .. }
    ));
    assert!(
        w.run_as(w.ana, reply(&w)).unwrap().is_empty(),
        "polled twice, kept once"
    );
}

#[test]
fn r18_a_meeting_keeps_its_details_and_only_a_teams_link() {
    let mut w = World::new();
    let start = w.now + Duration::days(1);
    let meeting = |id: u128, url: Option<&str>, minutes: u32| Command::CreateMeeting {
        meeting: ActivityId(uid(id)),
        record: RecordId(uid(200)),
        subject: "Demo".into(),
        start,
        duration_minutes: minutes,
        location: "Acme, Athens".into(),
        attendees: vec![
            "maria@acme.gr".into(),
            "Nikos".into(),
            "maria@acme.gr".into(),
        ],
        description: "Show the fleet dashboard".into(),
        join_url: url.map(str::to_string),
    };
    let out = w
        .run_as(
            w.ana,
            meeting(30, Some("https://teams.microsoft.com/l/meetup-join/x"), 45),
        )
        .unwrap();
    let a = &out.activities[0];
    assert!(a.is_teams_meeting());
    assert_eq!(a.due, start);
    let m = a.meeting.as_ref().unwrap();
    assert_eq!(m.end, start + Duration::minutes(45));
    assert_eq!(m.attendees, vec!["maria@acme.gr", "Nikos"]);
    let plain = w.run_as(w.ana, meeting(31, None, 30)).unwrap();
    assert!(!plain.activities[0].is_teams_meeting());
    assert_eq!(
        w.run_as(
            w.ana,
            meeting(32, Some("https://evil.example/teams.microsoft.com/"), 30)
        )
        .unwrap_err(),
        DomainError::MeetingLinkNotTeams
    );
    assert_eq!(
        w.run_as(w.ana, meeting(33, None, 0)).unwrap_err().code(),
        "meeting_duration"
    );
}

#[test]
fn r19_a_text_from_up_next_completes_its_step_once_sent_not_when_it_fails() {
    let mut w = World::new();
    // Reach the text step: call, wait, email, task.
    for _ in 0..3 {
        let step = w.open_step();
        w.run_as(
            w.ana,
            Command::Complete {
                activity: step.id,
                note: None,
            },
        )
        .unwrap();
        w.later(Duration::days(3));
    }
    let step = w.open_step();
    assert_eq!(step.kind, ActivityType::TextMessage);
    let send = |w: &World, id: u128| Command::SendText {
        text: ActivityId(uid(id)),
        record: w.state.record.id,
        for_activity: Some(step.id),
        from: "sip:ana@pbx".into(),
        to: "+306912345678".into(),
        body: "See you at 10".into(),
        transport: TextTransport::Sip,
    };
    let status = |id: u128, state| Command::TextStatus {
        activity: ActivityId(uid(id)),
        state,
        provider_id: None,
        failure: (state == TextState::Failed).then(|| "not reachable".to_string()),
    };
    w.run_as(w.ana, send(&w, 40)).unwrap();
    assert!(
        w.state.activity(step.id).unwrap().is_open(),
        "not before it is sent"
    );
    w.run_as(w.ana, status(40, TextState::Failed)).unwrap();
    assert!(
        w.state.activity(step.id).unwrap().is_open(),
        "a failed text leaves the step"
    );
    // Send again: this one goes.
    w.run_as(w.ana, send(&w, 41)).unwrap();
    w.run_as(w.ana, status(41, TextState::Sent)).unwrap();
    assert_eq!(
        w.state.activity(step.id).unwrap().state,
        ActivityState::Completed
    );
    assert_eq!(
        w.open_step().kind,
        ActivityType::Meeting,
        "the sequence moved on"
    );
    // Delivered later changes nothing more.
    assert_eq!(
        w.run_as(w.ana, status(41, TextState::Delivered))
            .unwrap()
            .activities
            .len(),
        1
    );
}
