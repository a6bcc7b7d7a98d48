//! Nextline's SIP user agent over WebSocket (RFC 7118), as a sans-IO state machine.
//!
//! The driver (the softphone crate, on tokio) owns the WebSocket and the clock: it feeds
//! [`Input`]s and drains [`Output`]s. Parsing and serialising is `rsip`'s; digest
//! authentication (MD5, SHA-256, `qop=auth`) is ours, checked against the RFCs' examples.

mod call;
pub mod digest;
mod error;
mod events;
pub mod header;
pub mod message;
mod register;
mod requests;
mod ua;

pub use call::CallState;
pub use error::SipError;
pub use events::{CallRef, Cause, EndReason, MessageRef, Output, TimerId, UaEvent};
pub use register::refresh_after;
pub use ua::{Account, Entropy, Input, UserAgent};
