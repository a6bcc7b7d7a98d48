//! The app's softphone against a real Kamailio and JsSIP in Chromium, on a real SQLite file: a
//! call from a record reaches the peer with audio both ways, the keypad's digits arrive, the
//! hang-up ends it, and the phone call activity (R14) is on the timeline with its outcome; a
//! busy business number offers the mobile next (R12); a call left open by a crash is closed
//! once at the next start; the SIP password is never written to the database.

mod app_lab;

#[path = "../../phone/tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Kamailio, free_port, interop_available, jssip_event, jssip_hears, jssip_phone};
use nextline_core::secrets::{MemorySecrets, SecretKey, SecretStore};
use nextline_core::softphone::{
    AccountProblem, AudioMode, CallPhase, CallRequest, PhoneAccount, PhoneStatus, Registration,
    Softphone, SoftphoneOptions,
};
use nextline_core::{App, CoreError};
use nextline_domain::dialplan::{ContactWarning, DialTarget, NumberKind};
use nextline_domain::worklist::{WorkListCard, WorkListQuery};
use nextline_domain::*;
use nextline_phone::audio::{AudioSink, AudioSource, Recorder, Tone, tone_strength};

async fn demo_app(dir: &tempfile::TempDir) -> App {
    let app = app_lab::empty_app(&dir.path().join("cache.db")).await;
    app.seed_demo(7, 120).await.unwrap();
    app
}

/// The top of the seller's work list.
async fn my_cards(app: &App) -> Vec<WorkListCard> {
    let query = WorkListQuery {
        limit: 200,
        ..WorkListQuery::default()
    };
    app.work_list(None, &query).await.unwrap().cards
}

/// A record whose Up Next is a call, with a business number, a mobile number and no
/// do-not-phone wish; and that Up Next activity.
async fn callable_record(app: &App) -> (RecordId, ActivityId) {
    for card in my_cards(app).await {
        let view = app.up_next(None, card.record_id).await.unwrap();
        let (Some(active), Some(plan)) = (&view.active, &view.dial_plan) else {
            continue;
        };
        if active.activity.kind == ActivityType::PhoneCall
            && plan.fallback.is_some()
            && plan.warnings.is_empty()
            && matches!(&plan.target, DialTarget::Number { number } if number.kind == NumberKind::Business)
        {
            return (card.record_id, active.activity.id);
        }
    }
    panic!("the demo data has no record to call");
}

async fn do_not_phone_record(app: &App) -> Option<RecordId> {
    for card in my_cards(app).await {
        let plan = app.dial_plan(card.record_id).await;
        if plan.is_ok_and(|p| p.warnings.contains(&ContactWarning::DoNotPhone)) {
            return Some(card.record_id);
        }
    }
    None
}

fn softphone(app: &App, secrets: Arc<MemorySecrets>, heard: Recorder, hz: f32) -> Softphone {
    Softphone::new(
        app.clone(),
        SoftphoneOptions {
            secrets,
            audio: AudioMode::Custom(Arc::new(move || {
                (
                    Box::new(Tone::new(hz)) as Box<dyn AudioSource>,
                    Box::new(heard.clone()) as Box<dyn AudioSink>,
                )
            })),
            udp_addr: "127.0.0.1:0".into(),
        },
    )
}

fn account(port: u16) -> PhoneAccount {
    PhoneAccount {
        server_url: format!("ws://127.0.0.1:{port}"),
        user: "alice".into(),
        domain: "127.0.0.1".into(),
        display_name: Some("Alex Morgan".into()),
        ..PhoneAccount::default()
    }
}

async fn status_until(
    phone: &Softphone,
    what: &str,
    ok: impl Fn(&PhoneStatus) -> bool,
) -> PhoneStatus {
    let mut rx = phone.subscribe();
    let wait = async {
        loop {
            let s = rx.borrow_and_update().clone();
            if ok(&s) {
                return s;
            }
            rx.changed().await.expect("the phone's status went away");
        }
    };
    tokio::time::timeout(Duration::from_secs(25), wait)
        .await
        .unwrap_or_else(|_| panic!("no {what}: {:?}", phone.status()))
}

async fn registered(phone: &Softphone) {
    status_until(phone, "registration", |s| {
        s.registration == Registration::Registered
    })
    .await;
}

fn phase_of(s: &PhoneStatus, id: &str) -> Option<CallPhase> {
    s.calls.iter().find(|c| c.id == id).map(|c| c.phase)
}

fn call_details(state: &RecordState, id: ActivityId) -> PhoneCallDetails {
    state
        .activity(id)
        .and_then(|a| a.call.clone())
        .expect("the phone call activity")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_from_up_next_reaches_the_peer_and_lands_on_the_timeline() {
    if !interop_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    let (_browser, mut js) = jssip_phone(port, &["--answer-after", "1500"]);
    jssip_event(&mut js, "registered").await;

    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir).await;
    let (record, step) = callable_record(&app).await;
    let step_subject = app
        .store()
        .record_state(record)
        .await
        .unwrap()
        .activity(step)
        .unwrap()
        .subject
        .clone();
    let secrets = Arc::new(MemorySecrets::default());
    let heard = Recorder::default();
    let phone = softphone(&app, secrets.clone(), heard.clone(), 440.0);
    phone.start().await.unwrap();
    assert_eq!(phone.status().registration, Registration::NotSetUp);
    let no_phone = phone
        .call(CallRequest {
            record: Some(record),
            number: None,
            for_activity: Some(step),
            do_not_phone_confirmed: false,
        })
        .await
        .unwrap_err();
    assert_eq!(no_phone.code(), "phone_not_set_up");

    let password = common::password("alice");
    phone
        .save_account(account(port), Some(password.clone()), None)
        .await
        .unwrap();
    registered(&phone).await;
    assert_eq!(phone.status().account.as_deref(), Some("alice@127.0.0.1"));

    // R13: a contact who asked not to be phoned is called only once the seller confirms.
    if let Some(shy) = do_not_phone_record(&app).await {
        let err = phone
            .call(CallRequest {
                record: Some(shy),
                number: None,
                for_activity: None,
                do_not_phone_confirmed: false,
            })
            .await
            .unwrap_err();
        assert_eq!(err.code(), "do_not_phone");
        let state = app.store().record_state(shy).await.unwrap();
        assert!(
            state.activities.iter().all(|a| a.call.is_none()),
            "nothing logged"
        );
    }

    let info = phone
        .call(CallRequest {
            record: Some(record),
            number: None,
            for_activity: Some(step),
            do_not_phone_confirmed: false,
        })
        .await
        .unwrap();
    let activity = info.activity.expect("a phone call activity");
    assert_eq!(info.subject.as_deref(), Some(step_subject.as_str()));
    assert!(
        info.number_display.starts_with('+') && info.number_display.contains(' '),
        "written for people: {}",
        info.number_display
    );
    // R14: logged when placed, before anyone answers.
    let placed = app.store().record_state(record).await.unwrap();
    let logged = placed.activity(activity).unwrap();
    assert_eq!(logged.subject, step_subject);
    let d = call_details(&placed, activity);
    assert!(d.number.starts_with('+'), "E.164: {}", d.number);
    assert_eq!(d.number, info.number);
    assert_eq!(d.direction, CallDirection::Outgoing);
    assert_eq!(d.from, app.current_user().await.unwrap());
    assert!(d.is_going_on());

    jssip_event(&mut js, "incoming").await;
    status_until(&phone, "ringing", |s| {
        phase_of(s, &info.id) == Some(CallPhase::Ringing)
    })
    .await;
    status_until(&phone, "connected", |s| {
        phase_of(s, &info.id) == Some(CallPhase::Connected)
    })
    .await;
    // Audio both ways: JsSIP hears the seller's 440 Hz, the seller hears JsSIP's 1000 Hz.
    jssip_hears(&mut js, 420, 460).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let samples = heard.samples();
    let best = samples
        .chunks(9600)
        .map(|w| tone_strength(w, 1000.0))
        .fold(0.0, f32::max);
    assert!(best > 0.5, "the seller hears JsSIP: {best}");

    // The keypad: JsSIP receives the digits.
    phone.send_keys(&info.id, "5#").await.unwrap();
    assert_eq!(jssip_event(&mut js, "dtmf").await["tone"], "5");
    assert_eq!(jssip_event(&mut js, "dtmf").await["tone"], "#");
    assert_eq!(
        phone.send_keys(&info.id, "x").await.unwrap_err().code(),
        "not_a_key"
    );
    assert!(
        status_until(&phone, "keys", |s| s
            .calls
            .iter()
            .any(|c| c.keys_sent == "5#"))
        .await
        .calls[0]
            .quality
            .is_some(),
        "quality measured during the call"
    );

    phone.hang_up(&info.id).await.unwrap();
    jssip_event(&mut js, "ended").await;
    let ended = status_until(&phone, "ended", |s| {
        phase_of(s, &info.id) == Some(CallPhase::Ended)
    })
    .await;
    let c = ended.calls.iter().find(|c| c.id == info.id).unwrap();
    assert_eq!(c.outcome, Some(CallOutcome::Answered));
    assert_eq!(
        c.next_number, None,
        "an answered call needs no other number"
    );

    // R14: updated when it ends — duration, outcome, quality — once.
    let after = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let s = app.store().record_state(record).await.unwrap();
            if !call_details(&s, activity).is_going_on() {
                return s;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the call's end is logged");
    let d = call_details(&after, activity);
    assert_eq!(d.outcome, Some(CallOutcome::Answered));
    assert!(d.duration_secs.is_some_and(|s| s >= 2), "{d:?}");
    let q = d.quality.expect("quality stored with the call");
    assert!(q.mos_x100 >= 400, "a clean loopback call: {q:?}");
    let timeline = app.timeline(record, 50).await.unwrap();
    let placed_events = timeline
        .iter()
        .filter(
            |t| matches!(&t.event, TimelineEvent::CallPlaced { activity: a, .. } if *a == activity),
        )
        .count();
    let ended_events = timeline
        .iter()
        .filter(|t| matches!(&t.event, TimelineEvent::CallEnded { activity: a, outcome: CallOutcome::Answered, .. } if *a == activity))
        .count();
    assert_eq!((placed_events, ended_events), (1, 1));

    // The seller marks the call complete: the Up Next call is done and the sequence moves on.
    app.run(
        None,
        Command::Complete {
            activity,
            note: Some("Wants a quote by Friday".into()),
        },
    )
    .await
    .unwrap();
    let done = app.store().record_state(record).await.unwrap();
    assert_eq!(
        done.activity(activity).unwrap().state,
        ActivityState::Completed
    );
    assert_eq!(done.activity(step).unwrap().state, ActivityState::Completed);

    // The password is in the keyring only — not in the SQLite file.
    assert_eq!(
        secrets
            .get(&SecretKey::SipPassword {
                account: "alice@127.0.0.1".into()
            })
            .unwrap()
            .as_deref(),
        Some(password.as_str())
    );
    phone.shut_down().await;
    drop(app);
    for f in ["cache.db", "cache.db-wal"] {
        if let Ok(bytes) = std::fs::read(dir.path().join(f)) {
            assert!(
                !bytes
                    .windows(password.len())
                    .any(|w| w == password.as_bytes()),
                "the SIP password is in {f}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_business_number_offers_the_mobile_next() {
    if !interop_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    let (_browser, mut js) = jssip_phone(port, &["--reject", "486"]);
    jssip_event(&mut js, "registered").await;
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir).await;
    let (record, step) = callable_record(&app).await;
    let plan = app.dial_plan(record).await.unwrap();
    let mobile = plan.fallback.clone().unwrap();
    let phone = softphone(
        &app,
        Arc::new(MemorySecrets::default()),
        Recorder::default(),
        440.0,
    );
    phone.start().await.unwrap();
    phone
        .save_account(account(port), Some(common::password("alice")), None)
        .await
        .unwrap();
    registered(&phone).await;

    let first = phone
        .call(CallRequest {
            record: Some(record),
            number: None,
            for_activity: Some(step),
            do_not_phone_confirmed: false,
        })
        .await
        .unwrap();
    let s = status_until(&phone, "busy", |s| {
        phase_of(s, &first.id) == Some(CallPhase::Ended)
    })
    .await;
    let c = s.calls.iter().find(|c| c.id == first.id).unwrap();
    assert_eq!(c.outcome, Some(CallOutcome::Busy));
    assert_eq!(c.outcome_text.as_deref(), Some("Busy"));
    assert_eq!(c.next_number.as_ref().map(|n| &n.e164), Some(&mobile.e164));

    // One click: the mobile number, logged as a second call of the same record.
    let second = phone.call_next_number(&first.id).await.unwrap();
    assert_eq!(second.number, mobile.e164);
    status_until(&phone, "second busy", |s| {
        phase_of(s, &second.id) == Some(CallPhase::Ended)
    })
    .await;
    let calls = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let s = app.store().record_state(record).await.unwrap();
            let calls: Vec<PhoneCallDetails> =
                s.activities.iter().filter_map(|a| a.call.clone()).collect();
            if calls.len() == 2 && calls.iter().all(|c| !c.is_going_on()) {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("both calls logged and ended");
    assert!(
        calls
            .iter()
            .all(|c| c.outcome == Some(CallOutcome::Busy) && c.duration_secs.is_none())
    );
    assert_eq!(
        calls.iter().filter(|c| c.number == mobile.e164).count(),
        1,
        "{calls:?}"
    );
    assert!(
        phone
            .status()
            .calls
            .iter()
            .all(|c| c.next_number.is_none() || c.id == first.id),
        "after the mobile there is nothing further to try"
    );
    phone.shut_down().await;
}

#[tokio::test]
async fn a_call_left_open_by_a_crash_is_closed_once_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir).await;
    let (record, step) = callable_record(&app).await;
    let call = ActivityId(uuid::Uuid::new_v4());
    // The app logged a call, then died before it ended.
    app.run(
        None,
        Command::LogCall {
            call,
            record,
            number: "+302101234567".into(),
            to: "Maria".into(),
            direction: CallDirection::Outgoing,
            for_activity: Some(step),
            placed_by: "app".into(),
        },
    )
    .await
    .unwrap();
    // A call the CLI is making right now is not the app's to close.
    let cli_call = ActivityId(uuid::Uuid::new_v4());
    app.run(
        None,
        Command::LogCall {
            call: cli_call,
            record,
            number: "+302101234567".into(),
            to: "Maria".into(),
            direction: CallDirection::Outgoing,
            for_activity: None,
            placed_by: "cli".into(),
        },
    )
    .await
    .unwrap();
    for _ in 0..2 {
        let phone = softphone(
            &app,
            Arc::new(MemorySecrets::default()),
            Recorder::default(),
            440.0,
        );
        phone.start().await.unwrap();
    }
    let state = app.store().record_state(record).await.unwrap();
    assert_eq!(
        call_details(&state, call).outcome,
        Some(CallOutcome::Interrupted)
    );
    assert!(call_details(&state, cli_call).is_going_on());
    let ends = app
        .timeline(record, 100)
        .await
        .unwrap()
        .iter()
        .filter(|t| matches!(t.event, TimelineEvent::CallEnded { .. }))
        .count();
    assert_eq!(ends, 1, "closed once, however often the app starts");
}

#[tokio::test]
async fn a_wrong_account_is_refused_field_by_field_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir).await;
    let secrets = Arc::new(MemorySecrets::default());
    let phone = softphone(&app, secrets.clone(), Recorder::default(), 440.0);
    phone.start().await.unwrap();
    let bad = PhoneAccount {
        server_url: "https://pbx.example.com".into(),
        user: "alice".into(),
        domain: String::new(),
        ..PhoneAccount::default()
    };
    match phone
        .save_account(bad, Some(common::made_up_password()), None)
        .await
    {
        Err(CoreError::PhoneAccountInvalid(p)) => {
            assert_eq!(p, vec![AccountProblem::ServerUrl, AccountProblem::Domain])
        }
        other => panic!("{other:?}"),
    }
    let msg = CoreError::PhoneAccountInvalid(vec![AccountProblem::ServerUrl]).message(Lang::En);
    assert!(msg.contains("wss://"), "{msg}");
    // No password yet and none given: asked for.
    let err = phone
        .save_account(account(5060), None, None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "phone_password_missing");
    assert!(!phone.account().await.unwrap().has_password);
    assert_eq!(
        phone.account().await.unwrap().account,
        PhoneAccount::default()
    );

    // A right account: the SIP and TURN passwords go to the keyring, the rest to the cache.
    let mut good = account(free_port());
    good.turn_server = Some("turn:127.0.0.1:3478?transport=udp".into());
    good.turn_user = Some("nextline".into());
    let turn_password = common::made_up_password();
    phone
        .save_account(
            good.clone(),
            Some(common::made_up_password()),
            Some(turn_password.clone()),
        )
        .await
        .unwrap();
    let view = phone.account().await.unwrap();
    assert_eq!(view.account, good);
    assert!(view.has_password && view.has_turn_password);
    let turn = SecretKey::TurnPassword {
        account: "nextline".into(),
    };
    assert_eq!(secrets.get(&turn).unwrap(), Some(turn_password));
    // Removing the account forgets its SIP password; the phone is not set up any more.
    phone.remove_account().await.unwrap();
    assert!(!phone.account().await.unwrap().has_password);
    assert_eq!(phone.status().registration, Registration::NotSetUp);
}

#[tokio::test]
async fn an_incoming_callers_number_finds_their_record() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir).await;
    let (record, _) = callable_record(&app).await;
    let plan = app.dial_plan(record).await.unwrap();
    let DialTarget::Number { number } = plan.target else {
        panic!("a number")
    };
    // However the caller's number arrives: E.164, or as people write it.
    assert_eq!(
        app.record_of_caller(&number.e164).await.unwrap(),
        Some(record)
    );
    assert_eq!(
        app.record_of_caller(&number.display).await.unwrap(),
        Some(record)
    );
    if let Some(mobile) = plan.fallback {
        assert_eq!(
            app.record_of_caller(&mobile.e164).await.unwrap(),
            Some(record)
        );
    }
    // Nobody has these.
    assert_eq!(app.record_of_caller("+998901234567").await.unwrap(), None);
    assert_eq!(app.record_of_caller("bob").await.unwrap(), None);
}
