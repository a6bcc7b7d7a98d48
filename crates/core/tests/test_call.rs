//! The Test call from the app core, through a private PulseAudio with virtual devices: with the
//! devices the seller chose, their voice comes back in the headset a second later, and the
//! status carries the microphone's level while it runs.

mod app_lab;

#[path = "../../phone/tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{record, speak, start_pulse};
use nextline_core::secrets::MemorySecrets;
use nextline_core::softphone::{AudioMode, DeviceSelection, Softphone, SoftphoneOptions};
use nextline_phone::audio::tone_strength;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_test_call_plays_the_sellers_voice_back_and_shows_the_level() {
    let Some(_pulse) = start_pulse() else { return };
    let dir = tempfile::tempdir().unwrap();
    let app = app_lab::empty_app(&dir.path().join("cache.db")).await;
    let phone = Softphone::new(
        app,
        SoftphoneOptions {
            secrets: Arc::new(MemorySecrets::default()),
            audio: AudioMode::SoundCard,
            udp_addr: "127.0.0.1:0".into(),
        },
    );
    // The seller's headset: they speak into "voice" and hear through "headset".
    phone
        .set_audio_devices(DeviceSelection {
            microphone: Some("voice_mic".into()),
            speaker: Some("headset".into()),
        })
        .await
        .unwrap();
    assert_eq!(phone.status().test_call_level, None);
    let ear = record("headset_mic");
    let voice = speak("voice", 660.0);
    phone.start_test_call().await.unwrap();

    let mut status = phone.subscribe();
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if status.borrow_and_update().test_call_level.unwrap_or(0) > 0 {
                return;
            }
            status.changed().await.unwrap();
        }
    })
    .await
    .expect("the level meter moves while the seller talks");

    tokio::time::sleep(Duration::from_secs(4)).await;
    let heard = ear.2.samples();
    let best = heard
        .chunks(9600)
        .map(|w| tone_strength(w, 660.0))
        .fold(0.0, f32::max);
    assert!(
        best > 0.5,
        "the seller hears their own voice back: {best:.2}"
    );

    phone.stop_test_call();
    assert_eq!(phone.status().test_call_level, None);
    drop(voice);
}
