//! Audio behind traits: the app will use the sound card (cpal), the CLI and tests use
//! generated tones and recorders. Frames are 20 ms of 48 kHz mono 16-bit PCM.

/// Samples per 20 ms frame at 48 kHz.
pub const FRAME: usize = 960;
pub const RATE: u32 = 48_000;

/// Where the seller's voice comes from.
pub trait AudioSource: Send {
    /// Fills one frame.
    fn read_frame(&mut self, frame: &mut [i16; FRAME]);
}

/// Where the other side's voice goes.
pub trait AudioSink: Send {
    fn write_frame(&mut self, frame: &[i16]);
}

/// A sine tone (a stand-in microphone for tests and the CLI).
pub struct Tone {
    pub hz: f32,
    pub amplitude: f32,
    phase: f32,
}

impl Tone {
    pub fn new(hz: f32) -> Tone {
        Tone {
            hz,
            amplitude: 8000.0,
            phase: 0.0,
        }
    }
}

impl AudioSource for Tone {
    fn read_frame(&mut self, frame: &mut [i16; FRAME]) {
        let step = std::f32::consts::TAU * self.hz / RATE as f32;
        for s in frame.iter_mut() {
            *s = (self.phase.sin() * self.amplitude) as i16;
            self.phase = (self.phase + step) % std::f32::consts::TAU;
        }
    }
}

/// Keeps what it hears (shared, so a test can look while the call goes on).
#[derive(Clone, Default)]
pub struct Recorder(pub std::sync::Arc<std::sync::Mutex<Vec<i16>>>);

impl AudioSink for Recorder {
    fn write_frame(&mut self, frame: &[i16]) {
        if let Ok(mut all) = self.0.lock() {
            all.extend_from_slice(frame);
        }
    }
}

impl Recorder {
    pub fn samples(&self) -> Vec<i16> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

/// The strength of `hz` in `samples` (Goertzel), relative to the signal's energy: near 1 for
/// a pure tone at that frequency, near 0 for other frequencies or silence.
pub fn tone_strength(samples: &[i16], hz: f32) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    let w = std::f32::consts::TAU * hz / RATE as f32;
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f32, 0.0f32);
    let mut energy = 0.0f32;
    for &x in samples {
        let x = f32::from(x);
        energy += x * x;
        let s0 = x + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    if energy == 0.0 {
        return 0.0;
    }
    let power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    (2.0 * power / (samples.len() as f32 * energy)).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tone_is_found_at_its_frequency_only() {
        let mut tone = Tone::new(440.0);
        let mut all = Vec::new();
        let mut frame = [0i16; FRAME];
        for _ in 0..10 {
            tone.read_frame(&mut frame);
            all.extend_from_slice(&frame);
        }
        assert!(
            tone_strength(&all, 440.0) > 0.9,
            "{}",
            tone_strength(&all, 440.0)
        );
        assert!(tone_strength(&all, 1000.0) < 0.05);
        assert_eq!(tone_strength(&[0; 960], 440.0), 0.0);
    }
}
