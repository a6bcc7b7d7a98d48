//! WAV files as the microphone and the speaker, for the CLI and tests: a file played in a loop
//! as the seller's voice, and what the far end says written to a file. 48 kHz, 16-bit; a
//! stereo file is mixed down.

use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::audio::{AudioSink, AudioSource, FRAME, RATE};

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum AudioFileError {
    #[error("cannot read {0}: {1}")]
    Read(String, String),
    #[error("{0} is not 48 kHz 16-bit audio (it is {1})")]
    Format(String, String),
    #[error("cannot write {0}: {1}")]
    Write(String, String),
}

/// A WAV file, played in a loop.
pub struct WavSource {
    samples: Vec<i16>,
    at: usize,
}

impl WavSource {
    pub fn open(path: &Path) -> Result<WavSource, AudioFileError> {
        let name = path.display().to_string();
        let reader = hound::WavReader::open(path)
            .map_err(|e| AudioFileError::Read(name.clone(), e.to_string()))?;
        let spec = reader.spec();
        if spec.sample_rate != RATE
            || spec.bits_per_sample != 16
            || spec.sample_format != hound::SampleFormat::Int
        {
            return Err(AudioFileError::Format(
                name,
                format!("{} Hz, {}-bit", spec.sample_rate, spec.bits_per_sample),
            ));
        }
        let channels = usize::from(spec.channels.max(1));
        let all: Vec<i16> = reader
            .into_samples::<i16>()
            .collect::<Result<_, _>>()
            .map_err(|e| AudioFileError::Read(name.clone(), e.to_string()))?;
        let samples: Vec<i16> = all
            .chunks(channels)
            .map(|c| (c.iter().map(|&s| i32::from(s)).sum::<i32>() / c.len() as i32) as i16)
            .collect();
        if samples.is_empty() {
            return Err(AudioFileError::Read(name, "it holds no audio".into()));
        }
        Ok(WavSource { samples, at: 0 })
    }
}

impl AudioSource for WavSource {
    fn read_frame(&mut self, frame: &mut [i16; FRAME]) {
        for s in frame.iter_mut() {
            *s = self.samples[self.at];
            self.at = (self.at + 1) % self.samples.len();
        }
    }
}

/// Writes what it hears to a WAV file (finished when the last clone is dropped, or by `finish`).
#[derive(Clone)]
pub struct WavRecorder(Arc<Mutex<Option<hound::WavWriter<std::io::BufWriter<std::fs::File>>>>>);

impl WavRecorder {
    pub fn create(path: &Path) -> Result<WavRecorder, AudioFileError> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let writer = hound::WavWriter::create(path, spec)
            .map_err(|e| AudioFileError::Write(path.display().to_string(), e.to_string()))?;
        Ok(WavRecorder(Arc::new(Mutex::new(Some(writer)))))
    }

    /// Writes the file's header; later frames are dropped.
    pub fn finish(&self) {
        if let Ok(mut w) = self.0.lock()
            && let Some(writer) = w.take()
        {
            let _ = writer.finalize();
        }
    }
}

impl AudioSink for WavRecorder {
    fn write_frame(&mut self, frame: &[i16]) {
        if let Ok(mut w) = self.0.lock()
            && let Some(writer) = w.as_mut()
        {
            for &s in frame {
                let _ = writer.write_sample(s);
            }
        }
    }
}

impl Drop for WavRecorder {
    fn drop(&mut self) {
        if Arc::strong_count(&self.0) == 1 {
            self.finish();
        }
    }
}

/// A silent microphone and a speaker that throws the audio away.
pub struct Silence;

impl AudioSource for Silence {
    fn read_frame(&mut self, frame: &mut [i16; FRAME]) {
        frame.fill(0);
    }
}

impl AudioSink for Silence {
    fn write_frame(&mut self, _frame: &[i16]) {}
}
