//! Text messages (SIP MESSAGE) both ways between the `Phone` and JsSIP in Chromium through
//! Kamailio: ours arrives with its text (Greek included), JsSIP's reply arrives as a
//! `PhoneEvent::Message`, and a message to nobody fails with the cause.

mod common;

use std::time::Duration;

use common::{Kamailio, free_port, interop_available, jssip_event, jssip_phone};
use nextline_phone::audio::{AudioSink, AudioSource};
use nextline_phone::audio_files::Silence;
use nextline_phone::sip::{Account, Cause};
use nextline_phone::{
    AudioChoice, MediaOptions, Phone, PhoneError, PhoneEvent, PhoneSettings, SipServer,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_messages_go_both_ways_with_jssip() {
    if !interop_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    let reply = "Καλημέρα! Yes, 3pm works.";
    let (_browser, mut js) = jssip_phone(port, &["--reply", reply]);
    jssip_event(&mut js, "registered").await;

    let (phone, mut events) = Phone::start(PhoneSettings {
        server: SipServer {
            url: format!("ws://127.0.0.1:{port}"),
            account: Account::new("alice", "127.0.0.1", &common::password("alice")),
            extra_roots_pem: None,
        },
        audio: AudioChoice::Custom(std::sync::Arc::new(|| {
            (
                Box::new(Silence) as Box<dyn AudioSource>,
                Box::new(Silence) as Box<dyn AudioSink>,
            )
        })),
        media: MediaOptions::loopback(),
    });
    tokio::time::timeout(Duration::from_secs(10), async {
        while !matches!(events.recv().await, Some(PhoneEvent::Registered)) {}
    })
    .await
    .expect("registered");

    let text = "Can we talk at 3pm? Ευχαριστώ — Alex";
    phone.send_message("bob", text).await.unwrap();
    let got = jssip_event(&mut js, "message").await;
    assert_eq!(got["body"], text);
    assert!(got["from"].as_str().unwrap().contains("alice"), "{got}");

    let (from, body) = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Some(PhoneEvent::Message { from, body }) = events.recv().await {
                return (from, body);
            }
        }
    })
    .await
    .expect("JsSIP's reply");
    assert_eq!(body, reply);
    assert!(from.contains("bob"), "{from}");

    // Nobody is registered as carol: refused, with the cause.
    match phone.send_message("carol", "hello?").await {
        Err(PhoneError::MessageRefused { code, cause }) => {
            assert_eq!((code, cause), (404, Cause::NotFound))
        }
        other => panic!("{other:?}"),
    }
}
