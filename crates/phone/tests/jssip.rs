//! Interop with an independent WebRTC phone: JsSIP 3.13 in Debian's headless Chromium
//! (tests/interop/jssip-phone.mjs), both registered to a real Kamailio. Nextline calls it; it
//! answers with a 1000 Hz tone; each side must hear the other's tone over the WebRTC media
//! (ICE, DTLS-SRTP, Opus); Nextline hangs up and JsSIP sees the call end. And the other way:
//! JsSIP calls Nextline, puts it on hold and takes it off hold (re-INVITEs renegotiating the
//! WebRTC media), and the audio flows again after the hold.
//!
//! Needs Kamailio, /usr/bin/chromium and `npm ci` in tests/interop (scripts/setup --test).

mod common;

use std::time::Duration;

use common::{
    Kamailio, free_port, interop_available, jssip_event, jssip_hears, jssip_phone, next, phone,
    registered,
};
use nextline_phone::audio::{Recorder, Tone, tone_strength};
use nextline_phone::sip::UaEvent;
use nextline_phone::{MediaOptions, MediaSession};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nextline_calls_jssip_in_chromium_and_they_hear_each_other() {
    if !interop_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    let (_browser, mut js) = jssip_phone(port, &[]);
    jssip_event(&mut js, "registered").await;
    let (alice, mut a) = phone(port, "alice");
    registered(&mut a).await;

    let hears = Recorder::default();
    let mut media = MediaSession::new(MediaOptions::loopback(), Box::new(hears.clone()))
        .await
        .unwrap();
    let offer = media.offer().await.unwrap();
    let call = alice
        .with(move |ua| ua.call("bob", &offer))
        .await
        .unwrap()
        .unwrap();
    jssip_event(&mut js, "incoming").await;
    let answer = next(&mut a, "Answered", |e| match e {
        UaEvent::Answered { sdp, .. } => Some(sdp.clone()),
        UaEvent::Failed { code, reason, .. } => panic!("JsSIP refused the call: {code} {reason}"),
        _ => None,
    })
    .await;
    media.accept_answer(&answer).await.unwrap();
    media.connected(Duration::from_secs(10)).await.unwrap();
    jssip_event(&mut js, "confirmed").await;
    media
        .start_sending(Box::new(Tone::new(440.0)))
        .await
        .unwrap();

    // Chromium hears our 440 Hz (its FFT bins are ~6 Hz wide at 48 kHz).
    let heard = loop {
        let v = jssip_event(&mut js, "heard").await;
        let hz = v["hz"].as_i64().unwrap_or(0);
        if (420..=460).contains(&hz) {
            break hz;
        }
    };
    assert!((420..=460).contains(&heard));
    // And we hear its 1000 Hz.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let samples = hears.samples();
    assert!(samples.len() > 24_000, "heard {} samples", samples.len());
    let tail = &samples[samples.len() / 2..];
    let (s1000, s440) = (tone_strength(tail, 1000.0), tone_strength(tail, 440.0));
    assert!(
        s1000 > 0.5 && s440 < 0.1,
        "Nextline hears JsSIP's 1000 Hz: {s1000} vs {s440}"
    );

    alice
        .with(move |ua| ua.hangup(&call))
        .await
        .unwrap()
        .unwrap();
    jssip_event(&mut js, "ended").await;
    media.close().await;
}

async fn offer(a: &mut tokio::sync::mpsc::UnboundedReceiver<UaEvent>) -> String {
    next(a, "a new offer", |e| match e {
        UaEvent::Offer { sdp, .. } => Some(sdp.clone()),
        _ => None,
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jssip_calls_nextline_and_holds_and_resumes() {
    if !interop_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    let (alice, mut a) = phone(port, "alice");
    registered(&mut a).await;
    let (_browser, mut js) = jssip_phone(
        port,
        &[
            "--call",
            "sip:alice@127.0.0.1",
            "--hold-at",
            "1500",
            "--unhold-at",
            "3500",
        ],
    );
    let (call, from, their_offer) = common::incoming(&mut a).await;
    assert_eq!(from, "sip:bob@127.0.0.1");
    let hears = Recorder::default();
    let mut media = MediaSession::new(MediaOptions::loopback(), Box::new(hears.clone()))
        .await
        .unwrap();
    let answer = media.answer(&their_offer).await.unwrap();
    let c = call.clone();
    alice
        .with(move |ua| ua.answer(&c, &answer))
        .await
        .unwrap()
        .unwrap();
    jssip_event(&mut js, "confirmed").await;
    media.connected(Duration::from_secs(10)).await.unwrap();
    media
        .start_sending(Box::new(Tone::new(440.0)))
        .await
        .unwrap();
    jssip_hears(&mut js, 420, 460).await;

    // Hold: JsSIP offers sendonly, Nextline answers recvonly.
    let hold = offer(&mut a).await;
    assert!(hold.contains("a=sendonly"), "{hold}");
    let answer = media.answer(&hold).await.unwrap();
    assert!(answer.contains("a=recvonly"), "{answer}");
    let c = call.clone();
    alice
        .with(move |ua| ua.accept_offer(&c, &answer))
        .await
        .unwrap()
        .unwrap();
    jssip_event(&mut js, "hold").await;
    assert!(
        !media.is_sending(),
        "nothing is sent to a party that holds the call"
    );

    // Resume: sendrecv again, and the audio is back both ways.
    let resume = offer(&mut a).await;
    assert!(resume.contains("a=sendrecv"), "{resume}");
    let answer = media.answer(&resume).await.unwrap();
    assert!(answer.contains("a=sendrecv"), "{answer}");
    let c = call.clone();
    alice
        .with(move |ua| ua.accept_offer(&c, &answer))
        .await
        .unwrap()
        .unwrap();
    jssip_event(&mut js, "unhold").await;
    assert!(media.is_sending());
    let before = hears.samples().len();
    jssip_hears(&mut js, 420, 460).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let samples = hears.samples();
    let after_resume = &samples[before..];
    assert!(
        after_resume.len() > 24_000,
        "heard {} samples after resuming",
        after_resume.len()
    );
    let s1000 = tone_strength(&after_resume[after_resume.len() / 2..], 1000.0);
    assert!(
        s1000 > 0.5,
        "Nextline hears JsSIP's 1000 Hz after the hold: {s1000}"
    );

    alice
        .with(move |ua| ua.hangup(&call))
        .await
        .unwrap()
        .unwrap();
    jssip_event(&mut js, "ended").await;
    media.close().await;
}
