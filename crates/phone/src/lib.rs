//! Nextline's softphone: the signalling (the SIP user agent of `nextline-sip`, sans-IO, driven
//! over a WebSocket on tokio) and the media (WebRTC with Opus through the `webrtc` crate).

pub mod audio;
pub mod audio_files;
pub mod device_recovery;
pub mod echo;
mod entropy;
pub mod g711;
pub mod jitter;
mod media;
mod phone;
pub mod quality;
pub mod receive_stats;
mod signalling;
pub mod sound_card;
pub mod telephone_event;
pub mod test_call;
pub mod voice_codec;

pub use entropy::RandomTokens;
pub use media::{IceServer, LinkImpairment, MediaError, MediaOptions, MediaSession};
pub use nextline_sip as sip;
pub use phone::{
    AudioChoice, AudioFactory, CallEnd, CallStatus, CallView, Phone, PhoneError, PhoneEvent,
    PhoneSettings,
};
pub use signalling::{Signalling, SignallingError, SipServer};
