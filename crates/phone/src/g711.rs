//! G.711 (PCMU μ-law and PCMA A-law, 8 kHz), the codec every PBX and SIP trunk speaks: the
//! fallback when the far end does not take Opus. The phone's audio runs at 48 kHz, so frames
//! are filtered down to 8 kHz before companding and back up after; the companding itself is
//! `audio-codec-algorithms`.

use audio_codec_algorithms::{decode_alaw, decode_ulaw, encode_alaw, encode_ulaw};

use crate::audio::FRAME;

/// 48 kHz samples per 8 kHz sample.
const RATIO: usize = 6;
/// 8 kHz samples in a 20 ms frame.
pub const FRAME_8K: usize = FRAME / RATIO;
/// Taps of the low-pass filter (a multiple of `RATIO`).
const TAPS: usize = 60;
/// The telephone band ends at 3.4 kHz; the filter passes it and stops above 4 kHz.
const CUTOFF_HZ: f32 = 3_700.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Law {
    /// PCMU, North America and Japan.
    MuLaw,
    /// PCMA, everywhere else.
    ALaw,
}

/// A windowed-sinc low-pass at 48 kHz (Blackman window), its taps summing to `gain`.
fn low_pass(gain: f32) -> [f32; TAPS] {
    let fc = CUTOFF_HZ / 48_000.0;
    let mid = (TAPS - 1) as f32 / 2.0;
    let mut h = [0f32; TAPS];
    for (j, tap) in h.iter_mut().enumerate() {
        let t = j as f32 - mid;
        let sinc = if t == 0.0 {
            2.0 * fc
        } else {
            (2.0 * std::f32::consts::PI * fc * t).sin() / (std::f32::consts::PI * t)
        };
        let phase = 2.0 * std::f32::consts::PI * j as f32 / (TAPS - 1) as f32;
        let window = 0.42 - 0.5 * phase.cos() + 0.08 * (2.0 * phase).cos();
        *tap = sinc * window;
    }
    let sum: f32 = h.iter().sum();
    h.map(|v| v * gain / sum)
}

fn clamp(v: f32) -> i16 {
    v.round().clamp(i16::MIN as f32, i16::MAX as f32) as i16
}

/// 20 ms at 48 kHz in, one G.711 payload (160 bytes) out.
pub struct G711Encoder {
    law: Law,
    filter: [f32; TAPS],
    /// The last `TAPS - 1` input samples, then the frame.
    buffer: Vec<f32>,
}

impl G711Encoder {
    pub fn new(law: Law) -> G711Encoder {
        G711Encoder {
            law,
            filter: low_pass(1.0),
            buffer: vec![0.0; TAPS - 1],
        }
    }

    pub fn encode(&mut self, frame: &[i16]) -> Vec<u8> {
        self.buffer.truncate(TAPS - 1);
        self.buffer.extend(frame.iter().map(|&s| f32::from(s)));
        let out = (0..frame.len() / RATIO)
            .map(|k| {
                let end = TAPS - 1 + k * RATIO + RATIO - 1;
                let y: f32 = (0..TAPS)
                    .map(|j| self.filter[j] * self.buffer[end - j])
                    .sum();
                match self.law {
                    Law::MuLaw => encode_ulaw(clamp(y)),
                    Law::ALaw => encode_alaw(clamp(y)),
                }
            })
            .collect();
        let keep = self.buffer.len() - (TAPS - 1);
        self.buffer.drain(..keep);
        out
    }
}

/// One G.711 payload in, 48 kHz samples out (six per byte).
pub struct G711Decoder {
    law: Law,
    filter: [f32; TAPS],
    /// The last `TAPS - 1` zero-stuffed 48 kHz samples, then the payload's.
    buffer: Vec<f32>,
    /// The last payload, played again (fading) for a lost packet.
    last: Vec<u8>,
    concealed: u32,
}

impl G711Decoder {
    pub fn new(law: Law) -> G711Decoder {
        G711Decoder {
            law,
            filter: low_pass(RATIO as f32),
            buffer: vec![0.0; TAPS - 1],
            last: Vec::new(),
            concealed: 0,
        }
    }

    fn expand(&self, byte: u8) -> f32 {
        f32::from(match self.law {
            Law::MuLaw => decode_ulaw(byte),
            Law::ALaw => decode_alaw(byte),
        })
    }

    fn play(&mut self, samples: &[f32], out: &mut [i16]) -> usize {
        self.buffer.truncate(TAPS - 1);
        for &s in samples {
            self.buffer.push(s);
            self.buffer.extend([0.0; RATIO - 1]);
        }
        let n = (samples.len() * RATIO).min(out.len());
        for (i, o) in out[..n].iter_mut().enumerate() {
            let end = TAPS - 1 + i;
            *o = clamp(
                (0..TAPS)
                    .map(|j| self.filter[j] * self.buffer[end - j])
                    .sum(),
            );
        }
        let keep = self.buffer.len() - (TAPS - 1);
        self.buffer.drain(..keep);
        n
    }

    pub fn decode(&mut self, payload: &[u8], out: &mut [i16]) -> usize {
        let samples: Vec<f32> = payload.iter().map(|&b| self.expand(b)).collect();
        self.last = payload.to_vec();
        self.concealed = 0;
        self.play(&samples, out)
    }

    /// A lost packet: the last one again, quieter each time, then silence.
    pub fn conceal(&mut self, out: &mut [i16]) -> usize {
        self.concealed += 1;
        let fade = 1.0 - 0.3 * self.concealed as f32;
        let samples: Vec<f32> = if self.last.is_empty() || fade <= 0.0 {
            vec![0.0; FRAME_8K]
        } else {
            self.last.iter().map(|&b| self.expand(b) * fade).collect()
        };
        self.play(&samples, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(hz: f32, frames: usize) -> Vec<i16> {
        (0..frames * FRAME)
            .map(|i| {
                (8000.0 * (2.0 * std::f32::consts::PI * hz * i as f32 / 48_000.0).sin()) as i16
            })
            .collect()
    }

    /// Power at `hz` of 48 kHz samples (one Goertzel bin).
    fn power(samples: &[i16], hz: f32) -> f32 {
        let k = 2.0 * (2.0 * std::f32::consts::PI * hz / 48_000.0).cos();
        let (mut s1, mut s2) = (0f32, 0f32);
        for &x in samples {
            let s = f32::from(x) + k * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        (s1 * s1 + s2 * s2 - k * s1 * s2) / samples.len() as f32
    }

    fn round_trip(law: Law, input: &[i16]) -> Vec<i16> {
        let (mut enc, mut dec) = (G711Encoder::new(law), G711Decoder::new(law));
        let mut out = Vec::new();
        for frame in input.chunks(FRAME) {
            let payload = enc.encode(frame);
            assert_eq!(payload.len(), FRAME_8K);
            let mut pcm = [0i16; FRAME];
            assert_eq!(dec.decode(&payload, &mut pcm), FRAME);
            out.extend_from_slice(&pcm);
        }
        out
    }

    #[test]
    fn a_voice_band_tone_crosses_both_laws() {
        for law in [Law::MuLaw, Law::ALaw] {
            let input = tone(1000.0, 10);
            let out = round_trip(law, &input);
            // Past the filters' delay, the tone is there at about its level…
            let (a, b) = (
                power(&input[FRAME..], 1000.0),
                power(&out[2 * FRAME..], 1000.0),
            );
            assert!(b > 0.7 * a && b < 1.3 * a, "{law:?}: {b} vs {a}");
            // …and nothing much anywhere else.
            assert!(power(&out[2 * FRAME..], 2500.0) < a / 1000.0, "{law:?}");
        }
    }

    #[test]
    fn what_the_telephone_band_cannot_carry_is_filtered_out() {
        let out = round_trip(Law::MuLaw, &tone(6000.0, 10));
        let input = tone(6000.0, 10);
        assert!(power(&out[2 * FRAME..], 6000.0) < power(&input, 6000.0) / 100.0);
    }

    #[test]
    fn a_lost_packet_fades_out() {
        let mut dec = G711Decoder::new(Law::ALaw);
        let mut enc = G711Encoder::new(Law::ALaw);
        let mut pcm = [0i16; FRAME];
        for frame in tone(800.0, 3).chunks(FRAME) {
            dec.decode(&enc.encode(frame), &mut pcm);
        }
        let loud = power(&pcm, 800.0);
        assert_eq!(dec.conceal(&mut pcm), FRAME);
        let first = power(&pcm, 800.0);
        for _ in 0..4 {
            dec.conceal(&mut pcm);
        }
        assert!(first > loud / 4.0 && first < loud, "{first} vs {loud}");
        assert!(pcm.iter().all(|&s| s == 0), "silence after five losses");
    }
}
