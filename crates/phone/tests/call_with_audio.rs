//! A real call with audio: two Nextline phones through Kamailio, WebRTC media between them
//! (ICE on loopback, DTLS-SRTP, Opus). Each side plays a tone; each hears the other's tone
//! and not its own.

mod common;

use std::time::Duration;

use common::{Kamailio, free_port, incoming, kamailio_available, next, phone, registered};
use nextline_phone::audio::{Recorder, Tone, tone_strength};
use nextline_phone::sip::UaEvent;
use nextline_phone::{MediaOptions, MediaSession};

fn loopback() -> MediaOptions {
    MediaOptions::loopback()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_phones_hear_each_other() {
    if !kamailio_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    let (alice, mut a) = phone(port, "alice");
    let (bob, mut b) = phone(port, "bob");
    registered(&mut a).await;
    registered(&mut b).await;

    let alice_hears = Recorder::default();
    let bob_hears = Recorder::default();
    let mut alice_media = MediaSession::new(loopback(), Box::new(alice_hears.clone()))
        .await
        .unwrap();
    let offer = alice_media.offer().await.unwrap();
    assert!(offer.contains("UDP/TLS/RTP/SAVPF"), "DTLS-SRTP profile");
    assert!(
        offer.contains("a=candidate:"),
        "candidates in the offer (no trickle)"
    );
    assert!(offer.contains("a=fingerprint:sha-256"));
    assert!(offer.contains("a=rtcp-mux"));
    assert!(offer.to_ascii_lowercase().contains("opus/48000/2"));

    let o = offer.clone();
    let call = alice
        .with(move |ua| ua.call("bob", &o))
        .await
        .unwrap()
        .unwrap();
    let (bob_call, _, their_offer) = incoming(&mut b).await;
    assert_eq!(their_offer, offer);
    let mut bob_media = MediaSession::new(loopback(), Box::new(bob_hears.clone()))
        .await
        .unwrap();
    let answer = bob_media.answer(&their_offer).await.unwrap();
    let bc = bob_call.clone();
    bob.with(move |ua| ua.answer(&bc, &answer))
        .await
        .unwrap()
        .unwrap();
    let answer = next(&mut a, "Answered", |e| match e {
        UaEvent::Answered { sdp, .. } => Some(sdp.clone()),
        UaEvent::Failed { code, reason, .. } => panic!("call failed: {code} {reason}"),
        _ => None,
    })
    .await;
    alice_media.accept_answer(&answer).await.unwrap();
    alice_media
        .connected(Duration::from_secs(10))
        .await
        .unwrap();
    bob_media.connected(Duration::from_secs(10)).await.unwrap();

    alice_media
        .start_sending(Box::new(Tone::new(440.0)))
        .await
        .unwrap();
    bob_media
        .start_sending(Box::new(Tone::new(1000.0)))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let (heard_by_bob, heard_by_alice) = (bob_hears.samples(), alice_hears.samples());
    assert!(
        heard_by_bob.len() >= 48_000 / 2,
        "Bob heard {} samples",
        heard_by_bob.len()
    );
    assert!(
        heard_by_alice.len() >= 48_000 / 2,
        "Alice heard {} samples",
        heard_by_alice.len()
    );
    // Skip the codec's first frames, then check the tones.
    let tail = |v: &[i16]| v[v.len() / 2..].to_vec();
    let (bob_440, bob_1000) = (
        tone_strength(&tail(&heard_by_bob), 440.0),
        tone_strength(&tail(&heard_by_bob), 1000.0),
    );
    let (alice_1000, alice_440) = (
        tone_strength(&tail(&heard_by_alice), 1000.0),
        tone_strength(&tail(&heard_by_alice), 440.0),
    );
    assert!(
        bob_440 > 0.5 && bob_1000 < 0.1,
        "Bob hears Alice's 440 Hz: {bob_440} vs {bob_1000}"
    );
    assert!(
        alice_1000 > 0.5 && alice_440 < 0.1,
        "Alice hears Bob's 1000 Hz: {alice_1000} vs {alice_440}"
    );
    let (received, sent) = alice_media.packets();
    assert!(
        received > 25 && sent > 25,
        "RTP both ways: {received} in, {sent} out"
    );
    // On loopback nothing is lost: the estimate is as good as it gets.
    let q = bob_media.quality().await;
    eprintln!("call quality on loopback: {q:?}");
    assert!(q.packets_received > 25, "{q:?}");
    assert_eq!(q.packets_lost, 0, "{q:?}");
    assert!(q.mos > 4.3, "MOS on a clean line: {q:?}");

    alice
        .with(move |ua| ua.hangup(&call))
        .await
        .unwrap()
        .unwrap();
    next(&mut b, "hang-up", |e| {
        matches!(e, UaEvent::Ended { .. }).then_some(())
    })
    .await;
    alice_media.close().await;
    bob_media.close().await;
}
