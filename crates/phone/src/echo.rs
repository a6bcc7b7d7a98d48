//! Echo cancellation and noise suppression for the sound card: what the speaker plays is taken
//! back out of what the microphone hears (a laptop's speakers are heard by its microphone, and
//! without this the other side hears itself), and steady background noise (fans, air
//! conditioning) is turned down. SpeexDSP's echo canceller (MDF, 200 ms tail at 48 kHz) and
//! preprocessor, built from source by the `aec-rs-sys` crate; the safe wrapper is ours.

use std::collections::VecDeque;
use std::ffi::c_void;
use std::sync::{Arc, Mutex};

use aec_rs_sys as speex;

use crate::audio::{AudioSink, AudioSource, FRAME, RATE};

/// How much of the room (and the sound card's buffering) the canceller models: 200 ms.
const TAIL: usize = RATE as usize / 5;
/// The speaker's frames wait here for the microphone frame they are heard in; more than this
/// (the far end sent a burst) and the oldest go — the canceller's tail covers the rest.
const MAX_REFERENCE_FRAMES: usize = 6;
/// Noise turned down by up to this much (dB, negative).
const NOISE_SUPPRESS_DB: i32 = -25;

/// One call's echo canceller and noise suppressor.
struct VoiceProcessor {
    echo: *mut speex::SpeexEchoState,
    pre: *mut speex::SpeexPreprocessState,
    /// Frames sent to the speaker, oldest first.
    reference: VecDeque<[i16; FRAME]>,
    /// A partial frame written to the speaker.
    partial: Vec<i16>,
    out: [i16; FRAME],
}

// SAFETY: the SpeexDSP states are plain heap memory owned by this value; they are only used
// through `&mut self` (behind a mutex), never from two threads at once.
unsafe impl Send for VoiceProcessor {}

impl VoiceProcessor {
    fn new() -> Option<VoiceProcessor> {
        // SAFETY: plain constructors; a null result is handled.
        unsafe {
            let echo = speex::speex_echo_state_init(FRAME as i32, TAIL as i32);
            if echo.is_null() {
                return None;
            }
            let mut rate = RATE as i32;
            speex::speex_echo_ctl(
                echo,
                speex::SPEEX_ECHO_SET_SAMPLING_RATE as i32,
                (&mut rate as *mut i32).cast::<c_void>(),
            );
            let pre = speex::speex_preprocess_state_init(FRAME as i32, RATE as i32);
            if pre.is_null() {
                speex::speex_echo_state_destroy(echo);
                return None;
            }
            let mut on: i32 = 1;
            speex::speex_preprocess_ctl(
                pre,
                speex::SPEEX_PREPROCESS_SET_DENOISE as i32,
                (&mut on as *mut i32).cast::<c_void>(),
            );
            let mut suppress = NOISE_SUPPRESS_DB;
            speex::speex_preprocess_ctl(
                pre,
                speex::SPEEX_PREPROCESS_SET_NOISE_SUPPRESS as i32,
                (&mut suppress as *mut i32).cast::<c_void>(),
            );
            // The preprocessor also removes the echo the linear filter leaves.
            speex::speex_preprocess_ctl(
                pre,
                speex::SPEEX_PREPROCESS_SET_ECHO_STATE as i32,
                echo.cast::<c_void>(),
            );
            Some(VoiceProcessor {
                echo,
                pre,
                reference: VecDeque::new(),
                partial: Vec::with_capacity(FRAME),
                out: [0; FRAME],
            })
        }
    }

    /// Audio on its way to the speaker.
    fn played(&mut self, samples: &[i16]) {
        self.partial.extend_from_slice(samples);
        while self.partial.len() >= FRAME {
            let mut f = [0i16; FRAME];
            f.copy_from_slice(&self.partial[..FRAME]);
            self.partial.drain(..FRAME);
            if self.reference.len() == MAX_REFERENCE_FRAMES {
                self.reference.pop_front();
            }
            self.reference.push_back(f);
        }
    }

    /// A microphone frame, cleaned in place.
    fn clean(&mut self, frame: &mut [i16; FRAME]) {
        let far = self.reference.pop_front().unwrap_or([0; FRAME]);
        // SAFETY: the states are live; every buffer holds FRAME samples, as the states were
        // made for.
        unsafe {
            speex::speex_echo_cancellation(
                self.echo,
                frame.as_ptr(),
                far.as_ptr(),
                self.out.as_mut_ptr(),
            );
            speex::speex_preprocess_run(self.pre, self.out.as_mut_ptr());
        }
        frame.copy_from_slice(&self.out);
    }
}

impl Drop for VoiceProcessor {
    fn drop(&mut self) {
        // SAFETY: made in `new`, destroyed once here.
        unsafe {
            speex::speex_preprocess_state_destroy(self.pre);
            speex::speex_echo_state_destroy(self.echo);
        }
    }
}

/// The microphone, with the speaker's echo and steady noise taken out.
pub struct CleanMicrophone<S> {
    inner: S,
    dsp: Arc<Mutex<VoiceProcessor>>,
}

impl<S: AudioSource> AudioSource for CleanMicrophone<S> {
    fn read_frame(&mut self, frame: &mut [i16; FRAME]) {
        self.inner.read_frame(frame);
        if let Ok(mut dsp) = self.dsp.lock() {
            dsp.clean(frame);
        }
    }
}

/// The speaker, telling the canceller what it plays.
pub struct ReferencedSpeaker<K> {
    inner: K,
    dsp: Arc<Mutex<VoiceProcessor>>,
}

impl<K: AudioSink> AudioSink for ReferencedSpeaker<K> {
    fn write_frame(&mut self, frame: &[i16]) {
        self.inner.write_frame(frame);
        if let Ok(mut dsp) = self.dsp.lock() {
            dsp.played(frame);
        }
    }
}

/// The microphone and speaker of one call, with echo cancellation and noise suppression between
/// them; `None` if SpeexDSP could not start (the call then goes on without it).
pub fn cancel_echo<S: AudioSource, K: AudioSink>(
    mic: S,
    speaker: K,
) -> Result<(CleanMicrophone<S>, ReferencedSpeaker<K>), (S, K)> {
    match VoiceProcessor::new() {
        Some(p) => {
            let dsp = Arc::new(Mutex::new(p));
            Ok((
                CleanMicrophone {
                    inner: mic,
                    dsp: dsp.clone(),
                },
                ReferencedSpeaker {
                    inner: speaker,
                    dsp,
                },
            ))
        }
        None => Err((mic, speaker)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::{Tone, tone_strength};

    /// A room that plays the speaker back into the microphone 60 ms later, a little quieter,
    /// mixed with the seller's own voice.
    struct Room {
        line: VecDeque<i16>,
        voice: Tone,
        talking: bool,
    }

    impl Room {
        fn heard(&mut self, played: &[i16; FRAME], mic: &mut [i16; FRAME]) {
            self.line.extend(played.iter().map(|&s| s / 2));
            let mut voice = [0i16; FRAME];
            self.voice.read_frame(&mut voice);
            for (i, m) in mic.iter_mut().enumerate() {
                let echo = if self.line.len() > 60 * 48 {
                    self.line.pop_front().unwrap_or(0)
                } else {
                    0
                };
                let v = if self.talking { voice[i] / 2 } else { 0 };
                *m = echo.saturating_add(v);
            }
        }
    }

    fn energy(s: &[i16]) -> f64 {
        s.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>() / s.len().max(1) as f64
    }

    #[test]
    fn the_far_end_is_not_sent_back_and_the_seller_still_is() {
        let mut dsp = VoiceProcessor::new().expect("speexdsp");
        let mut far = Tone::new(1000.0);
        let mut room = Room {
            line: VecDeque::new(),
            voice: Tone::new(440.0),
            talking: false,
        };
        let (mut raw, mut cleaned) = (Vec::new(), Vec::new());
        // 6 s of the far end talking alone (the filter converges), then the seller joins.
        for i in 0..400 {
            room.talking = i >= 300;
            let mut played = [0i16; FRAME];
            far.read_frame(&mut played);
            // Make the far end speech-like: louder and quieter from frame to frame.
            let gain = 0.3 + 0.7 * ((i * 7919) % 13) as f32 / 12.0;
            for s in &mut played {
                *s = (f32::from(*s) * gain) as i16;
            }
            dsp.played(&played);
            let mut mic = [0i16; FRAME];
            room.heard(&played, &mut mic);
            raw.extend_from_slice(&mic);
            dsp.clean(&mut mic);
            cleaned.extend_from_slice(&mic);
        }
        // Far end alone, after convergence (4–6 s): the echo is down by more than 20 dB.
        let span = 200 * FRAME..300 * FRAME;
        let erle = 10.0 * (energy(&raw[span.clone()]) / energy(&cleaned[span]).max(1.0)).log10();
        assert!(erle > 20.0, "echo return loss enhancement {erle:.1} dB");
        // Both talking: what is sent is mostly the seller.
        let both = &cleaned[350 * FRAME..];
        let (seller, echo) = (tone_strength(both, 440.0), tone_strength(both, 1000.0));
        assert!(
            seller > 0.5 && echo < 0.1,
            "seller {seller:.2}, echo {echo:.2}"
        );
    }

    #[test]
    fn steady_noise_is_turned_down() {
        let mut dsp = VoiceProcessor::new().expect("speexdsp");
        let mut seed = 12345u32;
        let mut raw = Vec::new();
        let mut cleaned = Vec::new();
        for _ in 0..250 {
            let mut mic = [0i16; FRAME];
            for s in &mut mic {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                *s = ((seed >> 16) as i16) / 16;
            }
            raw.extend_from_slice(&mic);
            dsp.clean(&mut mic);
            cleaned.extend_from_slice(&mic);
        }
        let tail = 150 * FRAME..;
        let db = 10.0 * (energy(&raw[tail.clone()]) / energy(&cleaned[tail]).max(1.0)).log10();
        assert!(db > 10.0, "noise down by {db:.1} dB");
    }
}
