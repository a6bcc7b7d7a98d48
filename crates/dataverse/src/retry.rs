//! When to try a request again, and after how long: pure, so it is tested without a server.
//! 429 waits for the server's `Retry-After`; 5xx, timeouts and cut connections back off
//! exponentially with full jitter; 401 gets one fresh token; everything else is final.

use std::time::Duration;

/// What happened to one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Status(u16),
    /// 429 with its `Retry-After` seconds, if given.
    Throttled(Option<u64>),
    Timeout,
    /// No answer: refused, reset, cut.
    Cut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Done,
    /// Fetch a fresh access token and try once more.
    RefreshToken,
    RetryAfter(Duration),
    GiveUp,
}

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base: Duration,
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this is not waited for here: the sync tries again later.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// `attempt` counts from 1; `refreshed`: a fresh token was already tried; `jitter` in 0..1.
    pub fn decide(&self, outcome: Attempt, attempt: u32, refreshed: bool, jitter: f64) -> Decision {
        let backoff = || {
            let cap = self
                .base
                .saturating_mul(1u32 << attempt.min(16))
                .min(self.max_backoff);
            Decision::RetryAfter(cap.mul_f64(jitter.clamp(0.0, 1.0)))
        };
        if attempt >= self.max_attempts {
            return match outcome {
                Attempt::Status(s) if s < 400 => Decision::Done,
                _ => Decision::GiveUp,
            };
        }
        match outcome {
            Attempt::Status(401) if !refreshed => Decision::RefreshToken,
            Attempt::Status(s) if s < 400 => Decision::Done,
            Attempt::Status(500 | 502 | 503 | 504) | Attempt::Timeout | Attempt::Cut => backoff(),
            Attempt::Throttled(Some(secs)) => {
                let wait = Duration::from_secs(secs);
                if wait > self.max_retry_after {
                    Decision::GiveUp
                } else {
                    Decision::RetryAfter(wait)
                }
            }
            Attempt::Throttled(None) => backoff(),
            Attempt::Status(_) => Decision::GiveUp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_waits_exactly_as_long_as_the_server_says() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.decide(Attempt::Throttled(Some(30)), 1, false, 0.5),
            Decision::RetryAfter(Duration::from_secs(30))
        );
        assert_eq!(
            p.decide(Attempt::Throttled(Some(3600)), 1, false, 0.5),
            Decision::GiveUp,
            "an hour is left to the next sync, not waited for in a request"
        );
    }

    #[test]
    fn server_errors_back_off_exponentially_with_jitter_and_stop() {
        let p = RetryPolicy::default();
        let wait = |n, j| match p.decide(Attempt::Status(503), n, false, j) {
            Decision::RetryAfter(d) => d,
            other => panic!("{other:?}"),
        };
        assert_eq!(wait(1, 1.0), Duration::from_millis(400));
        assert_eq!(wait(2, 1.0), Duration::from_millis(800));
        assert_eq!(wait(3, 0.5), Duration::from_millis(800));
        assert!(wait(5, 1.0) <= p.max_backoff);
        assert_eq!(p.decide(Attempt::Cut, 6, false, 0.5), Decision::GiveUp);
        assert!(matches!(
            p.decide(Attempt::Timeout, 2, false, 0.1),
            Decision::RetryAfter(_)
        ));
    }

    #[test]
    fn unauthorized_refreshes_the_token_once() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.decide(Attempt::Status(401), 1, false, 0.0),
            Decision::RefreshToken
        );
        assert_eq!(
            p.decide(Attempt::Status(401), 2, true, 0.0),
            Decision::GiveUp
        );
    }

    #[test]
    fn client_errors_and_successes_are_final() {
        let p = RetryPolicy::default();
        for s in [400, 403, 404, 412] {
            assert_eq!(
                p.decide(Attempt::Status(s), 1, false, 0.0),
                Decision::GiveUp
            );
        }
        assert_eq!(
            p.decide(Attempt::Status(204), 1, false, 0.0),
            Decision::Done
        );
    }
}
