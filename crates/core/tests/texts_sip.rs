//! Text messages over the seller's phone account (SIP MESSAGE) through a real Kamailio to an
//! independent phone — JsSIP in headless Chromium, registered as the contact's number — and its
//! reply back into the record's conversation, announced for the desktop notification.

mod app_lab;

#[path = "../../phone/tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Kamailio, free_port, interop_available, jssip_event, jssip_phone_as};
use nextline_core::secrets::MemorySecrets;
use nextline_core::softphone::{
    AudioMode, PhoneAccount, Registration, Softphone, SoftphoneOptions,
};
use nextline_core::texts::{SendTextRequest, TextSettings, Texts};
use nextline_domain::dialplan::contact_numbers;
use nextline_domain::*;
use nextline_phone::audio::{AudioSink, AudioSource};
use nextline_phone::audio_files::Silence;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_reaches_the_contacts_phone_and_the_reply_lands_in_the_conversation() {
    if !interop_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let app = app_lab::empty_app(&dir.path().join("nextline.db")).await;
    app.seed_demo(7, 40).await.unwrap();
    // A record whose contact has a business number, and may be texted.
    let settings = app.settings().await.unwrap();
    let mut found = None;
    for id in app.store().record_ids().await.unwrap() {
        let s = app.store().record_state(id).await.unwrap();
        let c = &s.record.contact;
        if c.business_phone.is_some()
            && !c.do_not_text
            && let Ok(n) = contact_numbers(c, &settings)
        {
            found = Some((id, n[0].e164.clone()));
            break;
        }
    }
    let (record, number) = found.expect("a demo record to text");

    let port = free_port();
    let _server = Kamailio::start(port);
    let reply = "Ναι, Τρίτη στις 10 — see you then!";
    let (_browser, mut js) = jssip_phone_as(
        port,
        &number,
        &common::number_password(),
        &["--reply", reply],
    );
    jssip_event(&mut js, "registered").await;

    let secrets = Arc::new(MemorySecrets::default());
    let phone = Softphone::new(
        app.clone(),
        SoftphoneOptions {
            secrets: secrets.clone(),
            audio: AudioMode::Custom(Arc::new(|| {
                (
                    Box::new(Silence) as Box<dyn AudioSource>,
                    Box::new(Silence) as Box<dyn AudioSink>,
                )
            })),
            udp_addr: "127.0.0.1:0".into(),
        },
    );
    phone.start().await.unwrap();
    phone
        .save_account(
            PhoneAccount {
                server_url: format!("ws://127.0.0.1:{port}"),
                user: "alice".into(),
                domain: "127.0.0.1".into(),
                ..PhoneAccount::default()
            },
            Some(common::password("alice")),
            None,
        )
        .await
        .unwrap();
    let mut status = phone.subscribe();
    tokio::time::timeout(Duration::from_secs(20), async {
        while status.borrow_and_update().registration != Registration::Registered {
            status.changed().await.unwrap();
        }
    })
    .await
    .expect("registered");

    let texts = Texts::new(app.clone(), secrets, Some(phone.clone()));
    let view = texts.conversation(record).await.unwrap();
    assert_eq!(view.transport, None, "not set up yet");
    let refused = texts
        .send(&SendTextRequest {
            record,
            for_activity: None,
            from: String::new(),
            to: number.clone(),
            body: "hi".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "texts_not_set_up");
    texts
        .set_settings(
            &TextSettings {
                via: Some(TextTransport::Sip),
                twilio: None,
            },
            None,
        )
        .await
        .unwrap();
    let running = tokio::spawn(texts.clone().run());
    let mut arrived = texts.subscribe();
    let view = texts.conversation(record).await.unwrap();
    assert_eq!(view.from_numbers, vec!["sip:alice@127.0.0.1".to_string()]);

    let body = "Can we meet on Tuesday at 10? Ευχαριστώ — Alex";
    let done = texts
        .send(&SendTextRequest {
            record,
            for_activity: None,
            from: view.from_numbers[0].clone(),
            to: number.clone(),
            body: body.into(),
        })
        .await
        .unwrap();
    let got = jssip_event(&mut js, "message").await;
    assert_eq!(got["body"], body);
    assert!(got["from"].as_str().unwrap().contains("alice"), "{got}");

    let news = tokio::time::timeout(Duration::from_secs(15), arrived.recv())
        .await
        .expect("the reply arrived")
        .unwrap();
    assert_eq!(news.record, record, "on the contact's record");
    assert_eq!(news.body, reply);

    let messages = texts.conversation(record).await.unwrap().messages;
    assert_eq!(messages.len(), 2);
    let sent = messages[0].text.as_ref().unwrap();
    assert_eq!(messages[0].id, done.activities[0].id);
    assert_eq!(
        (sent.direction, sent.state),
        (TextDirection::Outgoing, TextState::Sent)
    );
    assert_eq!(sent.to, number);
    let got = messages[1].text.as_ref().unwrap();
    assert_eq!(
        (got.direction, got.state),
        (TextDirection::Incoming, TextState::Received)
    );
    assert_eq!(got.body, reply);
    assert_eq!(got.transport, TextTransport::Sip);
    let timeline = app.timeline(record, 20).await.unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| matches!(&e.event, TimelineEvent::TextSent { .. }))
    );
    assert!(
        timeline
            .iter()
            .any(|e| matches!(&e.event, TimelineEvent::TextReceived { .. }))
    );
    running.abort();
    phone.shut_down().await;
}
