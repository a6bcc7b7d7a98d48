//! Faults the server injects on the Web API (never on the admin or token endpoints), so tests
//! can check that every change lands exactly once however the network and the org behave.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Fault {
    /// 429 with `Retry-After: 1`.
    Throttle,
    /// 503.
    Unavailable,
    /// No answer until the client gives up, then 503.
    Timeout,
    /// The connection is closed without an answer.
    Cut,
    /// Someone else changes the row just before an `If-Match` update (412).
    Conflict,
}

/// When a write fails: before it is applied, or after (the answer is lost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Before,
    After,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultSettings {
    pub rate: f64,
    #[serde(default)]
    pub seed: Option<u64>,
    #[serde(default)]
    pub kinds: Option<Vec<Fault>>,
    /// How long a timeout holds the answer (ms).
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

pub struct Faults {
    pub rate: f64,
    pub kinds: Vec<Fault>,
    pub timeout_ms: u64,
    rng: ChaCha8Rng,
    pub injected: u64,
}

impl Faults {
    pub fn new(rate: f64, seed: u64) -> Faults {
        Faults {
            rate,
            kinds: vec![
                Fault::Throttle,
                Fault::Unavailable,
                Fault::Timeout,
                Fault::Cut,
                Fault::Conflict,
            ],
            timeout_ms: 3000,
            rng: ChaCha8Rng::seed_from_u64(seed),
            injected: 0,
        }
    }

    pub fn set(&mut self, s: FaultSettings) {
        self.rate = s.rate.clamp(0.0, 1.0);
        if let Some(k) = s.kinds {
            self.kinds = k;
        }
        if let Some(seed) = s.seed {
            self.rng = ChaCha8Rng::seed_from_u64(seed);
        }
        if let Some(t) = s.timeout_ms {
            self.timeout_ms = t;
        }
    }

    /// Whether this request fails, how, and (for a write) when. `conditional`: an `If-Match`
    /// update, the only kind a conflict can hit.
    pub fn draw(&mut self, write: bool, conditional: bool) -> Option<(Fault, When)> {
        if self.kinds.is_empty() || self.rng.random::<f64>() >= self.rate {
            return None;
        }
        let kind = self.kinds[self.rng.random_range(0..self.kinds.len())];
        if kind == Fault::Conflict && !conditional {
            return None;
        }
        let when = if write
            && kind != Fault::Throttle
            && kind != Fault::Conflict
            && self.rng.random::<bool>()
        {
            When::After
        } else {
            When::Before
        };
        self.injected += 1;
        Some((kind, when))
    }
}
