//! The Test call: the seller talks and hears themselves a moment later, through the chosen
//! headset, with no server at all — to check the microphone and speaker before a real call.

use std::collections::VecDeque;
use std::time::Duration;

use crate::audio::{AudioSink, AudioSource, FRAME};
use crate::sound_card::{AudioError, Controls, DeviceChoice, SoundCard};

/// A running test call; dropping it stops it and closes the devices.
pub struct TestCall {
    pump: tokio::task::JoinHandle<()>,
    pub controls: Controls,
    _card: SoundCard,
}

impl TestCall {
    /// Starts playing the microphone back `delay` later (rounded to 20 ms frames).
    pub fn start(choice: &DeviceChoice, delay: Duration) -> Result<TestCall, AudioError> {
        let (card, mic, speaker, controls) = SoundCard::open(choice)?;
        let pump = tokio::spawn(echo(Box::new(mic), Box::new(speaker), delay));
        Ok(TestCall {
            pump,
            controls,
            _card: card,
        })
    }
}

impl Drop for TestCall {
    fn drop(&mut self) {
        self.pump.abort();
    }
}

/// Every 20 ms: one frame in, the frame from `delay` ago out.
pub async fn echo(mut source: Box<dyn AudioSource>, mut sink: Box<dyn AudioSink>, delay: Duration) {
    let frames = (delay.as_millis() / 20) as usize;
    let mut line: VecDeque<[i16; FRAME]> = VecDeque::with_capacity(frames + 1);
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    let mut frame = [0i16; FRAME];
    loop {
        tick.tick().await;
        source.read_frame(&mut frame);
        line.push_back(frame);
        if line.len() > frames
            && let Some(old) = line.pop_front()
        {
            sink.write_frame(&old);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::Recorder;

    /// Frame n is filled with the value n.
    struct Counter(i16);
    impl AudioSource for Counter {
        fn read_frame(&mut self, frame: &mut [i16; FRAME]) {
            self.0 += 1;
            frame.fill(self.0);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_voice_comes_back_after_the_delay() {
        let rec = Recorder::default();
        let task = tokio::spawn(echo(
            Box::new(Counter(0)),
            Box::new(rec.clone()),
            Duration::from_millis(100),
        ));
        tokio::time::sleep(Duration::from_millis(205)).await;
        task.abort();
        let got = rec.samples();
        // 11 frames read (t = 0, 20, …, 200 ms); the first 5 are held back, 6 come out in order.
        let firsts: Vec<i16> = got.chunks(FRAME).map(|f| f[0]).collect();
        assert_eq!(firsts, vec![1, 2, 3, 4, 5, 6]);
    }
}
