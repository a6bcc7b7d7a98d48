//! Two Nextline media sessions on loopback, offer and answer passed directly (no SIP server):
//! Opus when both ends take it; G.711 (PCMU or PCMA) when the offer is a PBX's that has no Opus
//! — two-way audio either way — and keypad digits sent as RFC 4733 telephone-events arrive as
//! the same digits, once each, whichever codec the call speaks.

use std::time::Duration;

use nextline_phone::audio::{AudioSink, AudioSource, Recorder, Tone, tone_strength};
use nextline_phone::voice_codec::VoiceCodec;
use nextline_phone::{MediaOptions, MediaSession};

/// What a PBX that speaks only G.711 would offer: our offer without Opus and without the
/// 48 kHz telephone-event, and `first` before the other G.711 law.
fn without_opus(offer: &str, first: u8) -> String {
    let drop = |l: &str| {
        ["a=rtpmap:", "a=fmtp:", "a=rtcp-fb:"].iter().any(|a| {
            l.strip_prefix(a)
                .and_then(|r| r.split(' ').next())
                .is_some_and(|pt| pt == "111" || pt == "110")
        })
    };
    offer
        .split("\r\n")
        .filter(|l| !drop(l))
        .map(|l| {
            if let Some(rest) = l.strip_prefix("m=audio ") {
                let parts: Vec<&str> = rest.split(' ').collect();
                let other = if first == 0 { "8" } else { "0" };
                format!("m=audio {} {} {first} {other} 101", parts[0], parts[1])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

struct End {
    media: MediaSession,
    hears: Recorder,
}

async fn end() -> End {
    let hears = Recorder::default();
    let media = MediaSession::new(
        MediaOptions::loopback(),
        Box::new(hears.clone()) as Box<dyn AudioSink>,
    )
    .await
    .expect("media");
    End { media, hears }
}

/// A call from alice (440 Hz) to bob (1000 Hz), the offer passed through `pbx`.
async fn call(pbx: impl Fn(&str) -> String) -> (End, End) {
    let (mut alice, mut bob) = (end().await, end().await);
    let offer = pbx(&alice.media.offer().await.expect("offer"));
    let answer = bob.media.answer(&offer).await.expect("answer");
    alice.media.accept_answer(&answer).await.expect("accept");
    for (e, hz) in [(&mut alice, 440.0), (&mut bob, 1000.0)] {
        e.media
            .connected(Duration::from_secs(10))
            .await
            .expect("connected");
        e.media
            .start_sending(Box::new(Tone::new(hz)) as Box<dyn AudioSource>)
            .await
            .expect("sending");
    }
    (alice, bob)
}

/// Each side hears the other's tone, clearly, in the last second.
fn two_way_audio(alice: &End, bob: &End) {
    for (who, e, hz) in [("alice", alice, 1000.0), ("bob", bob, 440.0)] {
        let s = e.hears.samples();
        assert!(
            s.len() > 48_000,
            "{who} received audio: {} samples",
            s.len()
        );
        let tail = &s[s.len() - 48_000..];
        let strength = tone_strength(tail, hz);
        assert!(strength > 0.5, "{who} hears {hz} Hz: {strength:.2}");
    }
}

/// Bob receives exactly `digits` from alice's keypad.
async fn keypad(alice: &End, bob: &mut End, digits: &str) {
    let mut received = bob.media.take_received_digits().expect("digits");
    for d in digits.chars() {
        assert!(alice.media.send_dtmf(d), "events were agreed");
    }
    let mut heard = String::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while heard.len() < digits.len() {
            match received.recv().await {
                Some(d) => heard.push(d),
                None => break,
            }
        }
    })
    .await;
    // Nothing more (the repeated end packets are the same event).
    tokio::time::sleep(Duration::from_millis(300)).await;
    while let Ok(d) = received.try_recv() {
        heard.push(d);
    }
    assert_eq!(heard, digits);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nextline_phones_speak_opus_and_send_keys_as_events() {
    let (alice, mut bob) = call(str::to_string).await;
    assert_eq!(alice.media.codec(), Some(VoiceCodec::Opus));
    assert_eq!(bob.media.codec(), Some(VoiceCodec::Opus));
    keypad(&alice, &mut bob, "1#9*").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    two_way_audio(&alice, &bob);
    alice.media.close().await;
    bob.media.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pbx_without_opus_gets_pcmu_with_two_way_audio_and_keys() {
    let (alice, mut bob) = call(|o| without_opus(o, 0)).await;
    assert_eq!(alice.media.codec(), Some(VoiceCodec::Pcmu));
    assert_eq!(bob.media.codec(), Some(VoiceCodec::Pcmu));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    two_way_audio(&alice, &bob);
    keypad(&alice, &mut bob, "42#").await;
    alice.media.close().await;
    bob.media.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pbx_that_prefers_a_law_gets_pcma() {
    let (alice, bob) = call(|o| without_opus(o, 8)).await;
    assert_eq!(alice.media.codec(), Some(VoiceCodec::Pcma));
    assert_eq!(bob.media.codec(), Some(VoiceCodec::Pcma));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    two_way_audio(&alice, &bob);
    alice.media.close().await;
    bob.media.close().await;
}
