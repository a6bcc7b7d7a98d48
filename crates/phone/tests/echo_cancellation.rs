//! Echo cancellation through a real sound server: a private PulseAudio whose virtual headset's
//! monitor is the microphone, so everything the speaker plays comes back into the microphone —
//! a laptop's speakers and microphone at their worst. Without the canceller the far end would
//! hear itself; with it the echo is gone and the seller's voice still goes through.

mod common;

use std::time::Duration;

use common::{speak, start_pulse};
use nextline_phone::audio::{AudioSink, AudioSource, FRAME, Tone, tone_strength};
use nextline_phone::echo::cancel_echo;
use nextline_phone::sound_card::{DeviceChoice, SoundCard};

fn energy(s: &[i16]) -> f64 {
    s.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>() / s.len().max(1) as f64
}

/// `seconds` of the far end's voice (1000 Hz, louder and quieter like speech) into the speaker,
/// every 20 ms, and what the microphone sends meanwhile.
async fn talk(mic: &mut dyn AudioSource, speaker: &mut dyn AudioSink, seconds: usize) -> Vec<i16> {
    let mut far = Tone::new(1000.0);
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    let mut sent = Vec::new();
    for i in 0..seconds * 50 {
        tick.tick().await;
        let mut frame = [0i16; FRAME];
        far.read_frame(&mut frame);
        let gain = 0.3 + 0.7 * ((i * 7919) % 13) as f32 / 12.0;
        for s in &mut frame {
            *s = (f32::from(*s) * gain) as i16;
        }
        speaker.write_frame(&frame);
        let mut heard = [0i16; FRAME];
        mic.read_frame(&mut heard);
        sent.extend_from_slice(&heard);
    }
    sent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_far_end_does_not_hear_itself_and_still_hears_the_seller() {
    let Some(_pulse) = start_pulse() else { return };
    let devices = DeviceChoice {
        microphone: Some("headset_mic".into()),
        speaker: Some("headset".into()),
    };
    // Without the canceller: the far end comes straight back — once the sound server's
    // virtual devices run, which takes ~2 s and longer on a loaded machine: a second at a time
    // until the echo is there (up to 15 s).
    let (card, mut mic, mut speaker, _) = SoundCard::open(&devices).unwrap();
    let mut raw = talk(&mut mic, &mut speaker, 2).await;
    for _ in 0..13 {
        if tone_strength(&raw[raw.len() - 50 * FRAME..], 1000.0) > 0.5 {
            break;
        }
        raw = talk(&mut mic, &mut speaker, 1).await;
    }
    drop(card);
    let raw_echo = energy(&raw[raw.len() - 50 * FRAME..]);
    assert!(
        tone_strength(&raw[raw.len() - 50 * FRAME..], 1000.0) > 0.5,
        "the virtual room echoes"
    );

    // With it: 6 s to converge, then 2 s measured.
    let (card, mic, speaker, _) = SoundCard::open(&devices).unwrap();
    let (mut mic, mut speaker) = cancel_echo(mic, speaker).ok().expect("speexdsp");
    let cleaned = talk(&mut mic, &mut speaker, 8).await;
    let clean_echo = energy(&cleaned[cleaned.len() - 100 * FRAME..]);
    let db = 10.0 * (raw_echo / clean_echo.max(1.0)).log10();
    println!("echo down by {db:.1} dB");
    // Through a real sound server the figure depends on how steadily the devices run: 34–44 dB
    // on a quiet machine, ~10 dB on a loaded 2-core CI machine (the simulated room in
    // `echo.rs` checks the canceller itself: > 20 dB). Here: clearly down.
    assert!(db > 6.0, "echo down by only {db:.1} dB");

    // The seller talks (440 Hz, in syllables, into the same room) while the far end does: the
    // seller goes out.
    // (The virtual device takes ~2 s to start; the last 2 s are measured.)
    let voice = speak("headset", 440.0);
    let both = talk(&mut mic, &mut speaker, 5).await;
    drop(voice);
    let tail = &both[both.len() - 100 * FRAME..];
    let (seller, echo) = (tone_strength(tail, 440.0), tone_strength(tail, 1000.0));
    // The far end's share of what goes out, against the echo without the canceller.
    let raw_tail = &raw[raw.len() - 50 * FRAME..];
    let echo_db = 10.0
        * ((tone_strength(raw_tail, 1000.0) * energy(raw_tail) as f32)
            / (echo * energy(tail) as f32).max(1.0))
        .log10();
    println!("while both talk: seller {seller:.2}, echo {echo:.2}, echo down by {echo_db:.1} dB");
    // (Strengths are shares of all that is sent; the seller pauses between syllables.) As
    // above, the figures move with the machine's load: echo 0.00–0.10 and 10–55 dB have been
    // seen here, 0.10 and 10.1 dB in a CI run. The canceller's own precision is checked in the
    // simulated room.
    assert!(seller > 0.4, "the seller's voice goes through: {seller:.2}");
    assert!(echo < 0.2, "little of the far end goes back: {echo:.2}");
    assert!(
        echo_db > 6.0,
        "the far end's echo stays down: {echo_db:.1} dB"
    );
    drop(card);
}
