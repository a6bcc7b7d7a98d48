//! The whole softphone as the app uses it (`Phone`): the seller's headset (a virtual one in a
//! private PulseAudio) → WebRTC → Kamailio → JsSIP in Chromium, and back. Ringback while JsSIP
//! rings, JsSIP hears the seller's voice, the seller hears JsSIP, quality is reported, mute,
//! hold and resume reach the far end, another headset chosen mid-call carries the call on, and
//! the hang-up ends it on both sides.

mod common;

use std::time::Duration;

use common::{
    Kamailio, free_port, interop_available, jssip_event, jssip_hears, jssip_phone, play_tone,
    record, start_pulse,
};
use nextline_phone::audio::{FRAME, tone_strength};
use nextline_phone::sip::{Account, EndReason};
use nextline_phone::sound_card::DeviceChoice;
use nextline_phone::{
    AudioChoice, CallEnd, CallStatus, CallView, MediaOptions, Phone, PhoneEvent, PhoneSettings,
    SipServer,
};
use tokio::sync::mpsc::UnboundedReceiver;

async fn call_event(
    events: &mut UnboundedReceiver<PhoneEvent>,
    what: &str,
    pick: impl Fn(&CallView) -> bool,
) -> CallView {
    let wait = async {
        loop {
            match events.recv().await.expect("the phone stopped") {
                PhoneEvent::Call(v) if pick(&v) => return v,
                PhoneEvent::Call(v) if v.status == CallStatus::Ended => {
                    panic!("the call ended: {v:?}")
                }
                _ => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .unwrap_or_else(|_| panic!("no {what}"))
}

/// The strongest 200 ms of `hz` in `samples`.
fn best(samples: &[i16], hz: f32) -> f32 {
    samples
        .chunks(10 * FRAME)
        .map(|w| tone_strength(w, hz))
        .fold(0.0, f32::max)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seller_calls_jssip_from_a_headset() {
    let Some(_pulse) = start_pulse() else { return };
    if !interop_available() {
        return;
    }
    let port = free_port();
    let _server = Kamailio::start(port);
    // JsSIP rings for 6.5 s (ringback bursts at 0 s and 5 s), then answers with 1000 Hz.
    let (_browser, mut js) = jssip_phone(port, &["--answer-after", "6500"]);
    jssip_event(&mut js, "registered").await;

    // The seller's voice: 660 Hz into the "voice" sink, whose monitor is the microphone; what
    // the seller hears: the headset's monitor, recorded all along.
    let talker = play_tone("voice", 660.0);
    let ear = record("headset_mic");
    let heard = ear.2.clone();

    let mut account = Account::new("alice", "127.0.0.1", &common::password("alice"));
    account.display_name = Some("Alex Morgan".into());
    let (phone, mut events) = Phone::start(PhoneSettings {
        server: SipServer {
            url: format!("ws://127.0.0.1:{port}"),
            account,
            extra_roots_pem: None,
        },
        audio: AudioChoice::SoundCard(DeviceChoice {
            microphone: Some("voice_mic".into()),
            speaker: Some("headset".into()),
        }),
        media: MediaOptions::loopback(),
    });
    let registered = async {
        loop {
            match events.recv().await {
                Some(PhoneEvent::Registered) => return,
                Some(PhoneEvent::NotRegistered { reason }) => panic!("not registered: {reason}"),
                _ => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), registered)
        .await
        .expect("registered");

    let call = phone.dial("bob").await.unwrap();
    call_event(&mut events, "Dialing", |v| v.status == CallStatus::Dialing).await;
    call_event(&mut events, "Ringing", |v| v.status == CallStatus::Ringing).await;
    let ringing_from = heard.samples().len();
    jssip_event(&mut js, "incoming").await;
    call_event(&mut events, "Connected", |v| {
        v.status == CallStatus::Connected
    })
    .await;
    let connected_at = heard.samples().len();
    let ringing = heard.samples()[ringing_from..connected_at].to_vec();
    let ringback = best(&ringing, 425.0);
    assert!(
        ringback > 0.5,
        "ringback (425 Hz) while JsSIP rang: {ringback}"
    );

    // JsSIP hears the seller's 660 Hz; the seller hears JsSIP's 1000 Hz.
    jssip_hears(&mut js, 640, 680).await;
    let q = call_event(&mut events, "quality", |v| {
        v.quality.is_some_and(|q| q.packets_received > 25)
    })
    .await;
    assert!(q.quality.unwrap().mos > 4.0, "{:?}", q.quality);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let talking = heard.samples()[connected_at..].to_vec();
    let far_end = best(&talking, 1000.0);
    assert!(far_end > 0.5, "the seller hears JsSIP (1000 Hz): {far_end}");

    // Another headset mid-call: the call carries on through it.
    phone
        .set_devices(DeviceChoice {
            microphone: Some("voice_mic".into()),
            speaker: Some("spare".into()),
        })
        .await
        .unwrap();
    let spare = record("spare_mic");
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let spare_heard = spare.2.clone();
    drop(spare);
    let on_spare = best(&spare_heard.samples(), 1000.0);
    assert!(
        on_spare > 0.5,
        "after switching, the seller hears JsSIP on the new headset: {on_spare}"
    );
    jssip_hears(&mut js, 640, 680).await;

    phone.mute(&call, true).await.unwrap();
    call_event(&mut events, "muted", |v| v.muted).await;
    phone.mute(&call, false).await.unwrap();

    phone.hold(&call, true).await.unwrap();
    jssip_event(&mut js, "hold").await;
    phone.hold(&call, false).await.unwrap();
    jssip_event(&mut js, "unhold").await;

    phone.hangup(&call).await.unwrap();
    let ended = call_event(&mut events, "Ended", |v| v.status == CallStatus::Ended).await;
    assert_eq!(ended.ended, Some(CallEnd::Hangup(EndReason::LocalHangup)));
    assert!(
        ended.quality.is_some(),
        "the quality is kept with the ended call"
    );
    jssip_event(&mut js, "ended").await;
    drop((talker, ear));
}
