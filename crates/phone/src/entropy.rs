//! Random tokens for the SIP user agent (tags, branches, Call-IDs, client nonces).

use nextline_sip::Entropy;
use rand::Rng;
use rand::distr::Alphanumeric;

/// Tokens from the thread's cryptographically secure generator.
pub struct RandomTokens;

impl Entropy for RandomTokens {
    fn token(&mut self) -> String {
        rand::rng()
            .sample_iter(&Alphanumeric)
            .take(16)
            .map(char::from)
            .collect()
    }
}
