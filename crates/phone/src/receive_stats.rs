//! What we received, counted as an RTCP receiver report counts it (RFC 3550 §6.4.1, A.3, A.8):
//! packets expected from the sequence numbers (with wrap-around), packets lost, and the
//! interarrival jitter from RTP timestamps against arrival times. The call's quality is
//! computed from these (the RTCP library reports them only for receive-only streams).

use std::time::Instant;

#[derive(Debug, Clone)]
pub struct ReceiveStats {
    clock_rate: f64,
    epoch: Instant,
    base_seq: Option<u16>,
    max_seq: u16,
    /// Wrap-arounds of the sequence number, × 65536.
    cycles: u64,
    received: u64,
    /// In RTP timestamp units.
    jitter: f64,
    last_transit: Option<f64>,
    first_at: Option<Instant>,
}

impl ReceiveStats {
    pub fn new(clock_rate: u32) -> ReceiveStats {
        ReceiveStats {
            clock_rate: f64::from(clock_rate),
            epoch: Instant::now(),
            base_seq: None,
            max_seq: 0,
            cycles: 0,
            received: 0,
            jitter: 0.0,
            last_transit: None,
            first_at: None,
        }
    }

    /// The far end's voice clock (48 kHz for Opus, 8 kHz for G.711), once it is known.
    pub fn set_clock_rate(&mut self, clock_rate: u32) {
        if self.clock_rate != f64::from(clock_rate) {
            self.clock_rate = f64::from(clock_rate);
            self.last_transit = None;
        }
    }

    /// A packet that is not voice (an RFC 4733 event, whose timestamp stands still): it counts
    /// for loss, not for jitter.
    pub fn on_event_packet(&mut self, seq: u16, at: Instant) {
        self.count(seq, at);
    }

    /// One RTP packet arrived at `at`.
    pub fn on_packet(&mut self, seq: u16, rtp_timestamp: u32, at: Instant) {
        self.count(seq, at);
        let arrival = at.duration_since(self.epoch).as_secs_f64() * self.clock_rate;
        let transit = arrival - f64::from(rtp_timestamp);
        if let Some(last) = self.last_transit {
            let d = (transit - last).abs();
            // The timestamp wraps every 2^32 units: such a jump is not jitter.
            if d < f64::from(u32::MAX) / 2.0 {
                self.jitter += (d - self.jitter) / 16.0;
            }
        }
        self.last_transit = Some(transit);
    }

    fn count(&mut self, seq: u16, at: Instant) {
        self.received += 1;
        match self.base_seq {
            None => {
                self.base_seq = Some(seq);
                self.max_seq = seq;
                self.first_at = Some(at);
            }
            Some(_) => {
                let delta = seq.wrapping_sub(self.max_seq);
                // Ahead (within half the space): a newer packet; behind: late or duplicate.
                if delta != 0 && delta < 0x8000 {
                    if seq < self.max_seq {
                        self.cycles += 1 << 16;
                    }
                    self.max_seq = seq;
                }
            }
        }
    }

    pub fn received(&self) -> u64 {
        self.received
    }

    /// Packets the sequence numbers say were sent.
    pub fn expected(&self) -> u64 {
        match self.base_seq {
            None => 0,
            Some(base) => self.cycles + u64::from(self.max_seq) + 1 - u64::from(base),
        }
    }

    pub fn lost(&self) -> u64 {
        self.expected().saturating_sub(self.received)
    }

    pub fn jitter_ms(&self) -> f64 {
        self.jitter / self.clock_rate * 1000.0
    }

    /// When the first packet arrived.
    pub fn first_at(&self) -> Option<Instant> {
        self.first_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_steady_stream_has_no_loss_and_no_jitter() {
        let mut s = ReceiveStats::new(48_000);
        let t0 = Instant::now();
        for i in 0..100u32 {
            s.on_packet(
                1000 + i as u16,
                i * 960,
                t0 + Duration::from_millis(20 * u64::from(i)),
            );
        }
        assert_eq!((s.expected(), s.received(), s.lost()), (100, 100, 0));
        assert!(s.jitter_ms() < 0.1, "{}", s.jitter_ms());
    }

    #[test]
    fn gaps_count_as_lost_across_the_wrap_and_late_packets_as_jitter() {
        let mut s = ReceiveStats::new(48_000);
        let t0 = Instant::now();
        let mut at = t0;
        for i in 0..200u32 {
            let seq = (65_500u32 + i) as u16;
            if i % 50 == 7 {
                continue; // lost: 4 of 200
            }
            // Every other packet 30 ms late; the one after it waits behind it (10 ms late):
            // transit times alternate by 20 ms, so the jitter settles near 20 ms.
            let late = if i % 2 == 0 { 30 } else { 0 };
            at = at.max(t0 + Duration::from_millis(20 * u64::from(i) + late));
            s.on_packet(seq, i * 960, at);
        }
        assert_eq!(s.expected(), 200);
        assert_eq!(s.lost(), 4);
        assert!((17.0..21.0).contains(&s.jitter_ms()), "{}", s.jitter_ms());
    }
}
