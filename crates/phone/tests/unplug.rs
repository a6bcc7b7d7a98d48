//! The seller's headset missing or unplugged, through a private PulseAudio ("spare" is the
//! system's default): a call placed while the chosen headset is not plugged in goes through the
//! default devices and the phone says so; a headset unplugged mid-call (its sink unloaded) does
//! not end the call — it carries on through the default speaker. (PulseAudio moves the stream
//! itself; where the sound system reports the device gone instead — ALSA hardware, WASAPI, Core
//! Audio — the phone moves the call to the default devices itself, see `Controls::device_gone`.)

mod common;

use std::process::Command;
use std::time::Duration;

use common::{Kamailio, free_port, kamailio_available, record, start_pulse};
use nextline_phone::audio::{AudioSink, AudioSource, Recorder, Tone, tone_strength};
use nextline_phone::sip::{Account, CallRef};
use nextline_phone::sound_card::DeviceChoice;
use nextline_phone::{
    AudioChoice, CallStatus, MediaOptions, Phone, PhoneEvent, PhoneSettings, SipServer,
};
use tokio::sync::mpsc::UnboundedReceiver;

fn pactl(args: &[&str]) -> String {
    let out = Command::new("pactl").args(args).output().expect("pactl");
    assert!(out.status.success(), "pactl {args:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn phone(port: u16, user: &str, audio: AudioChoice) -> (Phone, UnboundedReceiver<PhoneEvent>) {
    Phone::start(PhoneSettings {
        server: SipServer {
            url: format!("ws://127.0.0.1:{port}"),
            account: Account::new(user, "127.0.0.1", &common::password(user)),
            extra_roots_pem: None,
        },
        audio,
        media: MediaOptions::loopback(),
    })
}

async fn until(
    events: &mut UnboundedReceiver<PhoneEvent>,
    what: &str,
    ok: impl Fn(&PhoneEvent) -> bool,
) -> PhoneEvent {
    tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            let e = events.recv().await.expect("the phone stopped");
            if let PhoneEvent::Call(v) = &e {
                assert_ne!(v.status, CallStatus::Ended, "the call ended: {v:?}");
            }
            if ok(&e) {
                return e;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {what}"))
}

/// Bob's phone rings with alice's `call`; bob answers; alice's side connects.
async fn answered_by_bob(
    call: &CallRef,
    a: &mut UnboundedReceiver<PhoneEvent>,
    bob: &Phone,
    b: &mut UnboundedReceiver<PhoneEvent>,
) {
    let PhoneEvent::Call(incoming) = until(
        b,
        "bob's phone rings",
        |e| matches!(e, PhoneEvent::Call(v) if v.status == CallStatus::Incoming),
    )
    .await
    else {
        unreachable!()
    };
    bob.answer(&incoming.call).await.unwrap();
    until(a, "connected", |e| {
        matches!(e, PhoneEvent::Call(v) if v.call == *call && v.status == CallStatus::Connected)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_call_carries_on_through_the_default_devices_when_the_headset_goes() {
    let Some(_pulse) = start_pulse() else { return };
    if !kamailio_available() {
        return;
    }
    pactl(&["set-default-sink", "spare"]);
    pactl(&["set-default-source", "spare.monitor"]);
    let port = free_port();
    let _server = Kamailio::start(port);
    // The seller chose a USB headset that is not plugged in today.
    let (alice, mut a) = phone(
        port,
        "alice",
        AudioChoice::SoundCard(DeviceChoice {
            microphone: Some("voice_mic".into()),
            speaker: Some("usb-headset".into()),
        }),
    );
    // The customer says 1000 Hz.
    let (bob, mut b) = phone(
        port,
        "bob",
        AudioChoice::Custom(std::sync::Arc::new(|| {
            (
                Box::new(Tone::new(1000.0)) as Box<dyn AudioSource>,
                Box::new(Recorder::default()) as Box<dyn AudioSink>,
            )
        })),
    );
    until(&mut a, "alice registered", |e| {
        matches!(e, PhoneEvent::Registered)
    })
    .await;
    until(&mut b, "bob registered", |e| {
        matches!(e, PhoneEvent::Registered)
    })
    .await;
    let call = alice.dial("bob").await.unwrap();
    // The chosen headset is not there: the phone says so, and uses the system's devices.
    let gone = until(&mut a, "the missing headset reported", |e| {
        matches!(e, PhoneEvent::AudioDevicesGone { .. })
    })
    .await;
    assert_eq!(gone, PhoneEvent::AudioDevicesGone { moved: true });
    answered_by_bob(&call, &mut a, &bob, &mut b).await;
    let ear = record("spare_mic");
    tokio::time::sleep(Duration::from_secs(4)).await;
    let heard = |ear: &common::Listening| {
        ear.2
            .samples()
            .chunks(9600)
            .map(|w| tone_strength(w, 1000.0))
            .fold(0.0, f32::max)
    };
    let best = heard(&ear);
    assert!(
        best > 0.5,
        "the customer is heard through the default speaker: {best:.2}"
    );
    drop(ear);
    alice.hangup(&call).await.unwrap();
    // That call's end, on both sides, is not what the rest waits for.
    tokio::time::sleep(Duration::from_secs(1)).await;
    while a.try_recv().is_ok() {}
    while b.try_recv().is_ok() {}

    // The headset is found and chosen; mid-call it is unplugged.
    alice
        .set_devices(DeviceChoice {
            microphone: Some("voice_mic".into()),
            speaker: Some("headset".into()),
        })
        .await
        .unwrap();
    let call = alice.dial("bob").await.unwrap();
    answered_by_bob(&call, &mut a, &bob, &mut b).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let modules = pactl(&["list", "short", "modules"]);
    let headset = modules
        .lines()
        .find(|l| l.contains("sink_name=headset"))
        .and_then(|l| l.split_whitespace().next())
        .expect("the headset's module")
        .to_string();
    let ear = record("spare_mic");
    pactl(&["unload-module", &headset]);
    tokio::time::sleep(Duration::from_secs(4)).await;
    let best = heard(&ear);
    assert!(
        best > 0.5,
        "after the unplugging, the customer is heard through the default speaker: {best:.2}"
    );
    // Still connected: no end reported.
    while let Ok(e) = a.try_recv() {
        if let PhoneEvent::Call(v) = e {
            assert_ne!(v.status, CallStatus::Ended, "the call ended: {v:?}");
        }
    }
    alice.hangup(&call).await.unwrap();
}
