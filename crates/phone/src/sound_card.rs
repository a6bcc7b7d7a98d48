//! The sound card through `cpal` (PulseAudio — PipeWire's too — else ALSA on Linux; CoreAudio,
//! WASAPI elsewhere): the headset's microphone as an [`AudioSource`], its speaker as an
//! [`AudioSink`], 48 kHz mono. Lock-free rings (`ringbuf`) between cpal's callbacks and the
//! call; the speaker side waits for 40 ms of audio before it starts, which absorbs packet timing
//! jitter. Streams live on their own thread (cpal streams are not `Send` everywhere).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{BufferSize, SampleFormat, StreamConfig};
use ringbuf::HeapRb;
use ringbuf::traits::{Consumer, Observer, Producer, Split};

use crate::audio::{AudioSink, AudioSource, FRAME, RATE};

/// Half a second of audio each way at most; older audio is dropped rather than delayed.
const RING: usize = RATE as usize / 2;
/// The speaker starts once this much audio is waiting (40 ms).
const PRIME: usize = RATE as usize / 25;
/// The speaker keeps at most this much waiting (100 ms): audio that piled up while the device
/// started (or stalled) is dropped instead of delaying the whole call.
const MAX_SPEAKER_BACKLOG: usize = RATE as usize / 10;
/// The microphone keeps at most this much backlog (200 ms) so the seller is never heard late;
/// beyond it, the oldest audio is dropped down to two frames.
const MAX_MIC_BACKLOG: usize = RATE as usize / 5;

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum AudioError {
    #[error("no microphone was found")]
    NoMicrophone,
    #[error("no speaker or headset was found")]
    NoSpeaker,
    #[error("the audio device {0} was not found (unplugged?)")]
    DeviceNotFound(String),
    #[error("the audio device cannot be opened: {0}")]
    Open(String),
}

impl AudioError {
    pub fn code(&self) -> &'static str {
        match self {
            AudioError::NoMicrophone => "audio_no_microphone",
            AudioError::NoSpeaker => "audio_no_speaker",
            AudioError::DeviceNotFound(_) => "audio_device_not_found",
            AudioError::Open(_) => "audio_open_failed",
        }
    }
}

/// A device as the seller picks it: a stable id to remember, a name to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioDevice {
    pub id: String,
    pub name: String,
}

/// Which devices to use; `None` is the system's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceChoice {
    pub microphone: Option<String>,
    pub speaker: Option<String>,
}

fn describe(d: &cpal::Device) -> AudioDevice {
    AudioDevice {
        id: d.id().map(|id| id.id().to_string()).unwrap_or_default(),
        name: d.to_string(),
    }
}

/// The microphones and the speakers there are now (hot-plug: ask again).
pub fn devices() -> (Vec<AudioDevice>, Vec<AudioDevice>) {
    let host = cpal::default_host();
    let inputs = host
        .input_devices()
        .map(|d| d.map(|d| describe(&d)).collect())
        .unwrap_or_default();
    let outputs = host
        .output_devices()
        .map(|d| d.map(|d| describe(&d)).collect())
        .unwrap_or_default();
    (inputs, outputs)
}

fn pick(
    wanted: &Option<String>,
    mut all: impl Iterator<Item = cpal::Device>,
    default: Option<cpal::Device>,
    missing: AudioError,
) -> Result<cpal::Device, AudioError> {
    match wanted {
        None => default.ok_or(missing),
        Some(w) => all
            .find(|d| {
                let a = describe(d);
                &a.id == w || &a.name == w
            })
            .ok_or_else(|| AudioError::DeviceNotFound(w.clone())),
    }
}

/// The microphone: 20 ms frames, muted on request, with a level for the meter.
pub struct Microphone {
    ring: ringbuf::HeapCons<i16>,
    muted: Arc<AtomicBool>,
    level: Arc<AtomicU32>,
}

impl AudioSource for Microphone {
    fn read_frame(&mut self, frame: &mut [i16; FRAME]) {
        let backlog = self.ring.occupied_len();
        if backlog > MAX_MIC_BACKLOG {
            self.ring.skip(backlog - 2 * FRAME);
        }
        let n = self.ring.pop_slice(frame);
        frame[n..].fill(0);
        let energy: f64 = frame.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
        let rms = (energy / FRAME as f64).sqrt();
        self.level
            .store((rms / 32768.0 * 1000.0) as u32, Ordering::Relaxed);
        if self.muted.load(Ordering::Relaxed) {
            frame.fill(0);
        }
    }
}

/// The speaker (or headset).
pub struct Speaker {
    ring: ringbuf::HeapProd<i16>,
}

impl AudioSink for Speaker {
    fn write_frame(&mut self, frame: &[i16]) {
        // When the card falls behind, the newest audio is dropped (bounded delay).
        let _ = self.ring.push_slice(frame);
    }
}

/// Handles the call keeps on the open devices: mute, the input level, whether they still work.
#[derive(Clone, Default)]
pub struct Controls {
    muted: Arc<AtomicBool>,
    level: Arc<AtomicU32>,
    /// Whether the microphone's and the speaker's streams still work (none for audio that is
    /// not a sound card).
    health: Option<(StreamHealth, StreamHealth)>,
}

impl Controls {
    pub fn set_muted(&self, muted: bool) {
        self.muted.store(muted, Ordering::Relaxed);
    }

    pub fn is_muted(&self) -> bool {
        self.muted.load(Ordering::Relaxed)
    }

    /// Which of the devices has stopped working: its stream reported an error (unplugged, or
    /// the sound server lost it). A device that merely goes quiet does not count: sound servers
    /// pause streams (and move them themselves when a device goes), and switching devices on a
    /// false alarm would take the seller's headset away mid-call.
    pub fn lost(&self) -> LostDevices {
        self.health
            .as_ref()
            .map(|(mic, spk)| LostDevices {
                microphone: mic.is_lost(),
                speaker: spk.is_lost(),
            })
            .unwrap_or_default()
    }

    /// The microphone's level, 0–1000 (RMS of the last frame; measured even while muted).
    pub fn level(&self) -> u32 {
        self.level.load(Ordering::Relaxed)
    }
}

/// Open devices; dropping it closes them.
pub struct SoundCard {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for SoundCard {
    fn drop(&mut self) {
        self.stop.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// 10 ms buffers where the device allows them (PulseAudio's default is far longer, and a
/// phone call wants low latency); otherwise the device's default.
const BUFFER_FRAMES: u32 = RATE / 100;

fn config(supported: &cpal::SupportedStreamConfig, channels: u16) -> StreamConfig {
    let buffer_size = match supported.buffer_size() {
        cpal::SupportedBufferSize::Range { min, max } if (*min..=*max).contains(&BUFFER_FRAMES) => {
            BufferSize::Fixed(BUFFER_FRAMES)
        }
        _ => BufferSize::Default,
    };
    StreamConfig {
        channels,
        sample_rate: RATE,
        buffer_size,
    }
}

/// Which devices of a call stopped working.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LostDevices {
    pub microphone: bool,
    pub speaker: bool,
}

impl LostDevices {
    pub fn any(self) -> bool {
        self.microphone || self.speaker
    }
}

/// Set, for good, when a device's stream reports that the device has gone.
#[derive(Clone, Default)]
struct StreamHealth(Arc<AtomicBool>);

impl StreamHealth {
    fn lose(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    fn is_lost(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Whether a stream error means the device has gone. A glitch — an underrun on a busy
/// machine, the OS rerouting a default device, no real-time priority — is logged and the call
/// carries on through the same headset; moving the seller to other devices for it would put
/// the call on the laptop's speakers.
fn device_lost(kind: cpal::ErrorKind) -> bool {
    !matches!(
        kind,
        cpal::ErrorKind::Xrun | cpal::ErrorKind::DeviceChanged | cpal::ErrorKind::RealtimeDenied
    )
}

fn on_stream_error(device: &'static str, health: StreamHealth) -> impl FnMut(cpal::Error) {
    move |e: cpal::Error| {
        if device_lost(e.kind()) && !health.is_lost() {
            health.lose();
            tracing::warn!(error = %e, device, "audio device lost");
        } else {
            tracing::debug!(error = %e, device, "audio glitch");
        }
    }
}

fn open_input(
    device: &cpal::Device,
    mut ring: ringbuf::HeapProd<i16>,
    health: StreamHealth,
) -> Result<cpal::Stream, AudioError> {
    let supported = device
        .default_input_config()
        .map_err(|e| AudioError::Open(e.to_string()))?;
    let channels = supported.channels().max(1);
    let err = on_stream_error("microphone", health);
    let result = match supported.sample_format() {
        SampleFormat::F32 => device.build_input_stream(
            config(&supported, channels),
            move |data: &[f32], _: &cpal::InputCallbackInfo| {
                for chunk in data.chunks(usize::from(channels)) {
                    let _ = ring.try_push((chunk[0].clamp(-1.0, 1.0) * 32767.0) as i16);
                }
            },
            err,
            None,
        ),
        _ => device.build_input_stream(
            config(&supported, channels),
            move |data: &[i16], _: &cpal::InputCallbackInfo| {
                for chunk in data.chunks(usize::from(channels)) {
                    let _ = ring.try_push(chunk[0]);
                }
            },
            err,
            None,
        ),
    };
    result.map_err(|e| AudioError::Open(e.to_string()))
}

fn open_output(
    device: &cpal::Device,
    mut ring: ringbuf::HeapCons<i16>,
    health: StreamHealth,
) -> Result<cpal::Stream, AudioError> {
    let supported = device
        .default_output_config()
        .map_err(|e| AudioError::Open(e.to_string()))?;
    let channels = usize::from(supported.channels().max(1));
    let mut primed = false;
    let mut next = move |start: bool| -> i16 {
        if start {
            let waiting = ring.occupied_len();
            if waiting > MAX_SPEAKER_BACKLOG {
                ring.skip(waiting - PRIME);
            }
        }
        if !primed {
            primed = ring.occupied_len() >= PRIME;
        }
        if !primed {
            return 0;
        }
        match ring.try_pop() {
            Some(s) => s,
            None => {
                primed = false; // ran dry: wait for a little audio again
                0
            }
        }
    };
    let err = on_stream_error("speaker", health);
    let result = match supported.sample_format() {
        SampleFormat::F32 => device.build_output_stream(
            config(&supported, channels as u16),
            move |data: &mut [f32], _: &cpal::OutputCallbackInfo| {
                for (i, chunk) in data.chunks_mut(channels).enumerate() {
                    chunk.fill(f32::from(next(i == 0)) / 32768.0);
                }
            },
            err,
            None,
        ),
        _ => device.build_output_stream(
            config(&supported, channels as u16),
            move |data: &mut [i16], _: &cpal::OutputCallbackInfo| {
                for (i, chunk) in data.chunks_mut(channels).enumerate() {
                    chunk.fill(next(i == 0));
                }
            },
            err,
            None,
        ),
    };
    result.map_err(|e| AudioError::Open(e.to_string()))
}

impl SoundCard {
    /// Opens the chosen (or default) microphone and speaker.
    pub fn open(
        choice: &DeviceChoice,
    ) -> Result<(SoundCard, Microphone, Speaker, Controls), AudioError> {
        let (mic_prod, mic_cons) = HeapRb::<i16>::new(RING).split();
        let (spk_prod, spk_cons) = HeapRb::<i16>::new(RING).split();
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop, stop_rx) = mpsc::channel::<()>();
        let choice = choice.clone();
        let health = (StreamHealth::default(), StreamHealth::default());
        let (mic_health, spk_health) = health.clone();
        let thread = std::thread::Builder::new()
            .name("sound-card".into())
            .spawn(move || {
                let opened = (|| {
                    let host = cpal::default_host();
                    let input = pick(
                        &choice.microphone,
                        host.input_devices()
                            .map_err(|e| AudioError::Open(e.to_string()))?,
                        host.default_input_device(),
                        AudioError::NoMicrophone,
                    )?;
                    let output = pick(
                        &choice.speaker,
                        host.output_devices()
                            .map_err(|e| AudioError::Open(e.to_string()))?,
                        host.default_output_device(),
                        AudioError::NoSpeaker,
                    )?;
                    let input = open_input(&input, mic_prod, mic_health)?;
                    let output = open_output(&output, spk_cons, spk_health)?;
                    input.play().map_err(|e| AudioError::Open(e.to_string()))?;
                    output.play().map_err(|e| AudioError::Open(e.to_string()))?;
                    // The host (PulseAudio: its client connection) must outlive the streams.
                    Ok((host, input, output))
                })();
                match opened {
                    Ok(streams) => {
                        let _ = ready_tx.send(Ok(()));
                        // Until the card is dropped.
                        let _ = stop_rx.recv();
                        drop(streams);
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            })
            .map_err(|e| AudioError::Open(e.to_string()))?;
        let ready = ready_rx
            .recv()
            .map_err(|_| AudioError::Open("the audio thread stopped".into()));
        if let Err(e) = ready.and_then(|r| r) {
            let _ = thread.join();
            return Err(e);
        }
        let controls = Controls {
            muted: Arc::default(),
            level: Arc::default(),
            health: Some(health),
        };
        let mic = Microphone {
            ring: mic_cons,
            muted: controls.muted.clone(),
            level: controls.level.clone(),
        };
        Ok((
            SoundCard {
                stop: Some(stop),
                thread: Some(thread),
            },
            mic,
            Speaker { ring: spk_prod },
            controls,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_whose_stream_failed_is_lost_and_a_quiet_one_is_not() {
        let (mic, spk) = (StreamHealth::default(), StreamHealth::default());
        let controls = Controls {
            health: Some((mic.clone(), spk.clone())),
            ..Controls::default()
        };
        assert!(!controls.lost().any(), "quiet is not lost");
        let mut error = on_stream_error("speaker", spk);
        error(cpal::Error::from(cpal::ErrorKind::Xrun));
        assert!(!controls.lost().any(), "an underrun is a glitch");
        error(cpal::Error::from(cpal::ErrorKind::DeviceNotAvailable));
        assert_eq!(
            controls.lost(),
            LostDevices {
                microphone: false,
                speaker: true
            },
            "only the speaker is lost"
        );
        assert!(
            !Controls::default().lost().any(),
            "not a sound card: never lost"
        );
    }

    #[test]
    fn an_underrun_is_a_glitch_and_an_unplugged_device_is_lost() {
        assert!(
            !device_lost(cpal::ErrorKind::Xrun),
            "a busy machine's underrun"
        );
        assert!(!device_lost(cpal::ErrorKind::DeviceChanged));
        assert!(device_lost(cpal::ErrorKind::DeviceNotAvailable));
        assert!(device_lost(cpal::ErrorKind::StreamInvalidated));
        assert!(device_lost(cpal::ErrorKind::BackendError));
    }
}
