//! The far end vanishes mid-call — its machine crashes or loses the network, no BYE ever comes:
//! the seller's phone notices the media has stopped for good and ends the call as dropped,
//! instead of leaving a silent call open forever.

mod common;

use std::time::{Duration, Instant};

use common::{Kamailio, free_port, interop_available, jssip_event, jssip_phone};
use nextline_phone::audio::{AudioSink, AudioSource, Recorder, Tone};
use nextline_phone::sip::Account;
use nextline_phone::{
    AudioChoice, CallEnd, CallStatus, MediaOptions, Phone, PhoneEvent, PhoneSettings, SipServer,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_whose_far_end_vanishes_ends_as_dropped() {
    if !interop_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    let (alice, mut events) = Phone::start(PhoneSettings {
        server: SipServer {
            url: format!("ws://127.0.0.1:{port}"),
            account: Account::new("alice", "127.0.0.1", &common::password("alice")),
            extra_roots_pem: None,
        },
        audio: AudioChoice::Custom(std::sync::Arc::new(|| {
            (
                Box::new(Tone::new(440.0)) as Box<dyn AudioSource>,
                Box::new(Recorder::default()) as Box<dyn AudioSink>,
            )
        })),
        media: MediaOptions::loopback(),
    });
    tokio::time::timeout(Duration::from_secs(10), async {
        while !matches!(events.recv().await, Some(PhoneEvent::Registered)) {}
    })
    .await
    .expect("registered");
    // JsSIP (bob) calls the seller.
    let (mut browser, mut js) = jssip_phone(port, &["--call", "sip:alice@127.0.0.1"]);
    let incoming = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            if let Some(PhoneEvent::Call(v)) = events.recv().await
                && v.status == CallStatus::Incoming
            {
                return v.call;
            }
        }
    })
    .await
    .expect("JsSIP's call rings");
    alice.answer(&incoming).await.unwrap();
    jssip_event(&mut js, "confirmed").await;
    tokio::time::sleep(Duration::from_secs(2)).await;

    browser.vanish();
    let gone = Instant::now();
    let end = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            if let Some(PhoneEvent::Call(v)) = events.recv().await
                && v.call == incoming
                && v.status == CallStatus::Ended
            {
                return v.ended;
            }
        }
    })
    .await
    .expect("the call ends by itself");
    println!(
        "ended {:.1} s after the far end vanished: {end:?}",
        gone.elapsed().as_secs_f64()
    );
    assert!(matches!(end, Some(CallEnd::Trouble(_))), "{end:?}");
}
