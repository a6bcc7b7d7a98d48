//! Nextline's softphone. This first part is the signalling: the SIP user agent
//! (`nextline-sip`, sans-IO) driven over a WebSocket on tokio.

mod entropy;
mod signalling;

pub use entropy::RandomTokens;
pub use nextline_sip as sip;
pub use signalling::{PhoneError, Signalling, SipServer};
