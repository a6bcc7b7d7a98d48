//! The sound card path through a real PulseAudio (Debian's, private to the test, stopped by
//! pid) with virtual devices: null sinks stand in for headsets, their monitors for microphones.
//! cpal opens them through ALSA's pulse plugin, as the app does on a desktop: the test's own
//! `.asoundrc` names one ALSA device per virtual device.

mod common;

use std::time::Duration;

use common::{play_tone, record, start_pulse};

use nextline_phone::audio::{AudioSink, AudioSource, FRAME, Tone, tone_strength};
use nextline_phone::sound_card::{DeviceChoice, SoundCard, devices};
use nextline_phone::test_call::TestCall;

fn choice(mic: &str, speaker: &str) -> DeviceChoice {
    DeviceChoice {
        microphone: Some(mic.into()),
        speaker: Some(speaker.into()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_headset_plays_records_mutes_and_echoes_a_test_call() {
    let Some(_pulse) = start_pulse() else { return };
    let (inputs, outputs) = devices();
    assert!(outputs.iter().any(|d| d.id == "headset"), "{outputs:?}");
    assert!(inputs.iter().any(|d| d.id == "headset_mic"), "{inputs:?}");
    let missing = SoundCard::open(&choice("unplugged-usb-headset", "headset"))
        .err()
        .unwrap();
    assert_eq!(missing.code(), "audio_device_not_found");

    // What the call sends to the speaker comes out of it (heard on its monitor), level shown.
    let (_card, mut mic, mut speaker, controls) =
        SoundCard::open(&choice("headset_mic", "headset")).unwrap();
    let mut tone = Tone::new(440.0);
    let mut frame = [0i16; FRAME];
    let mut heard = Vec::new();
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    // Devices take a moment to start: play until the tone comes back (at most 4 s).
    let mut first_heard = None;
    for i in 0..200 {
        tick.tick().await;
        tone.read_frame(&mut frame);
        speaker.write_frame(&frame);
        mic.read_frame(&mut frame);
        heard.extend_from_slice(&frame);
        if first_heard.is_none() && tone_strength(&frame, 440.0) > 0.5 {
            first_heard = Some(i);
        }
        if first_heard.is_some_and(|f| i >= f + 25) {
            break;
        }
    }
    eprintln!("first heard after {:?} frames of 20 ms", first_heard);
    let heard = heard[heard.len() - 20 * FRAME..].to_vec();
    let s = tone_strength(&heard, 440.0);
    assert!(s > 0.5, "the monitor hears the 440 Hz played: {s}");
    assert!(
        controls.level() > 10,
        "the level meter moves: {}",
        controls.level()
    );
    // Steady-state loop delay (speaker → sound server → monitor → microphone): stop the tone
    // and count the frames until the microphone goes quiet.
    let mut quiet_after = None;
    for i in 0..150 {
        tick.tick().await;
        speaker.write_frame(&[0; FRAME]);
        mic.read_frame(&mut frame);
        if tone_strength(&frame, 440.0) < 0.1 {
            quiet_after = Some(i);
            break;
        }
    }
    eprintln!("loop delay: {:?} frames of 20 ms", quiet_after);
    assert!(
        quiet_after.is_some_and(|f| f < 10),
        "the loop delay stays under 200 ms"
    );
    controls.set_muted(true);
    for _ in 0..5 {
        tick.tick().await;
        tone.read_frame(&mut frame);
        speaker.write_frame(&frame);
        mic.read_frame(&mut frame);
    }
    assert!(frame.iter().all(|&s| s == 0), "muted: nothing goes out");
    assert!(
        controls.level() > 10,
        "the meter still shows the seller is speaking"
    );
    drop(_card);

    // Test call: the "voice" sink plays a 660 Hz voice into the microphone (its monitor); the
    // test call plays it back on the headset; its monitor hears 660 Hz.
    let talker = play_tone("voice", 660.0);
    let _test =
        TestCall::start(&choice("voice_mic", "headset"), Duration::from_millis(300)).unwrap();
    let ear = record("headset_mic");
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let back = ear.2.samples();
    drop((talker, ear));
    // The best 200 ms of what the headset played: the voice came back through the test call.
    let best = back
        .chunks(10 * FRAME)
        .map(|w| tone_strength(w, 660.0))
        .fold(0.0f32, f32::max);
    assert!(best > 0.5, "the test call plays the voice back: {best}");
}
