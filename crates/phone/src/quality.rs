//! Call quality: packet loss, jitter and round-trip time from the RTP/RTCP statistics, turned
//! into an estimated MOS with the E-model (ITU-T G.107, in the simplified form VoIP monitors
//! use). Opus has no impairment factors in G.113; the G.711-with-concealment values stand in
//! (Ie 0, Bpl 25.1), which is conservative for Opus with in-band FEC.

/// What the seller sees during the call and what is stored with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallQuality {
    pub packets_received: u64,
    pub packets_lost: u64,
    /// Lost / expected, in percent.
    pub loss_percent: f64,
    pub jitter_ms: f64,
    pub round_trip_ms: f64,
    /// The E-model's transmission rating R (0–100).
    pub r_factor: f64,
    /// Estimated mean opinion score, 1 (bad) – 4.5 (best a narrowband-rated call gets).
    pub mos: f64,
}

const R0: f64 = 93.2;
const IE: f64 = 0.0;
const BPL: f64 = 25.1;
/// Codec and packetisation delay added to the network's (ms).
const CODEC_DELAY_MS: f64 = 20.0;

/// R and MOS for a loss rate (%), jitter (ms) and round-trip time (ms).
pub fn e_model(loss_percent: f64, jitter_ms: f64, round_trip_ms: f64) -> (f64, f64) {
    // One-way mouth-to-ear delay: half the round trip, a jitter buffer of twice the jitter,
    // and the codec's frame.
    let d = round_trip_ms / 2.0 + 2.0 * jitter_ms + CODEC_DELAY_MS;
    let id = 0.024 * d + if d > 177.3 { 0.11 * (d - 177.3) } else { 0.0 };
    let ppl = loss_percent.clamp(0.0, 100.0);
    let ie_eff = IE + (95.0 - IE) * ppl / (ppl + BPL);
    let r = (R0 - id - ie_eff).clamp(0.0, 100.0);
    (r, mos_of(r))
}

fn mos_of(r: f64) -> f64 {
    if r <= 0.0 {
        1.0
    } else if r >= 100.0 {
        4.5
    } else {
        (1.0 + 0.035 * r + r * (r - 60.0) * (100.0 - r) * 7e-6).clamp(1.0, 4.5)
    }
}

impl CallQuality {
    pub fn from_counts(
        received: u64,
        lost: u64,
        jitter_ms: f64,
        round_trip_ms: f64,
    ) -> CallQuality {
        let expected = received + lost;
        let loss_percent = if expected == 0 {
            0.0
        } else {
            lost as f64 * 100.0 / expected as f64
        };
        let (r_factor, mos) = e_model(loss_percent, jitter_ms, round_trip_ms);
        CallQuality {
            packets_received: received,
            packets_lost: lost,
            loss_percent,
            jitter_ms,
            round_trip_ms,
            r_factor,
            mos,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_line_rates_about_4_4() {
        // Only the codec's 20 ms: Id = 0.024 × 20 = 0.48, R = 93.2 − 0.48.
        let (r, mos) = e_model(0.0, 0.0, 0.0);
        assert!((r - 92.72).abs() < 0.01, "{r}");
        assert!((mos - 4.40).abs() < 0.01, "{mos}");
    }

    #[test]
    fn loss_delay_and_jitter_each_lower_the_score() {
        let (_, clean) = e_model(0.0, 5.0, 40.0);
        let (_, lossy) = e_model(5.0, 5.0, 40.0);
        let (_, slow) = e_model(0.0, 5.0, 500.0);
        let (_, jittery) = e_model(0.0, 80.0, 40.0);
        assert!(clean > 4.3);
        // 5 % random loss with concealment: Ie-eff = 95 × 5 / 30.1 ≈ 15.8, about MOS 3.9.
        assert!(lossy < 4.0 && lossy > 3.7, "5% loss: {lossy}");
        assert!(slow < 3.9, "500 ms round trip: {slow}");
        assert!(jittery < clean - 0.1, "80 ms jitter: {jittery}");
        let (_, awful) = e_model(40.0, 100.0, 1200.0);
        assert!(awful < 1.6, "{awful}");
    }

    #[test]
    fn counts_become_a_loss_rate() {
        let q = CallQuality::from_counts(95, 5, 0.0, 0.0);
        assert!((q.loss_percent - 5.0).abs() < 1e-9);
        assert_eq!(CallQuality::from_counts(0, 0, 0.0, 0.0).loss_percent, 0.0);
    }
}
