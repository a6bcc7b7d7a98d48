//! What the user agent tells its driver: wire messages, timers and events for the phone.

use std::time::Duration;

/// A call, named by its SIP Call-ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallRef(pub String);

/// A text message sent with [`crate::UserAgent::send_message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageRef(pub u64);

/// A timer the driver must start; when it fires, feed back [`crate::Input::Timer`].
pub type TimerId = u64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Send this text over the WebSocket (one frame).
    Send(String),
    /// Start a timer; a timer that is no longer wanted is simply ignored when it fires.
    Timer {
        id: TimerId,
        after: Duration,
    },
    Event(UaEvent),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UaEvent {
    /// The driver could not reach the server (said once per outage, with the reason).
    ConnectionFailed {
        reason: String,
    },
    Registered {
        expires: u32,
    },
    RegistrationFailed {
        code: u16,
        reason: String,
        cause: Cause,
    },
    Unregistered,
    /// Someone calls: ring, then `answer` or `decline`.
    Incoming {
        call: CallRef,
        from: String,
        display: Option<String>,
        sdp: String,
    },
    /// The far end rings (180).
    Ringing {
        call: CallRef,
    },
    /// The far end plays its own tones or announcements (183 with SDP).
    EarlyMedia {
        call: CallRef,
        sdp: String,
    },
    Answered {
        call: CallRef,
        sdp: String,
    },
    /// The far end sends a new offer (hold, resume, codec change): answer with `accept_offer`.
    Offer {
        call: CallRef,
        sdp: String,
    },
    /// Our re-INVITE was answered.
    Updated {
        call: CallRef,
        sdp: String,
    },
    ReinviteRefused {
        call: CallRef,
        code: u16,
    },
    /// A DTMF digit received by SIP INFO.
    Dtmf {
        call: CallRef,
        digit: char,
    },
    /// An outgoing call did not connect.
    Failed {
        call: CallRef,
        code: u16,
        reason: String,
        cause: Cause,
    },
    Ended {
        call: CallRef,
        why: EndReason,
    },
    MessageReceived {
        from: String,
        display: Option<String>,
        content_type: String,
        body: String,
    },
    MessageSent {
        id: MessageRef,
    },
    MessageFailed {
        id: MessageRef,
        code: u16,
        reason: String,
        cause: Cause,
    },
}

/// Why a call ended after it connected (or while it rang).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    LocalHangup,
    RemoteHangup,
    /// We hung up before the far end answered.
    Cancelled,
    /// The caller gave up before we answered.
    CallerCancelled,
    Declined,
    /// The far end never acknowledged our answer.
    NoAck,
}

/// A failure in words a seller understands (the UI translates the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    Busy,
    NoAnswer,
    NotFound,
    Declined,
    Unavailable,
    Forbidden,
    WrongPassword,
    MediaRefused,
    Moved,
    ServerError,
    ConnectionLost,
    Other,
}

impl Cause {
    pub fn of_status(code: u16) -> Cause {
        match code {
            486 | 600 => Cause::Busy,
            408 | 480 | 487 => Cause::NoAnswer,
            404 | 484 | 604 => Cause::NotFound,
            603 => Cause::Declined,
            410 | 502 | 503 | 504 => Cause::Unavailable,
            401 | 407 => Cause::WrongPassword,
            403 => Cause::Forbidden,
            415 | 488 | 606 => Cause::MediaRefused,
            300..=399 => Cause::Moved,
            500..=599 => Cause::ServerError,
            _ => Cause::Other,
        }
    }

    /// A stable code for the UI's strings.
    pub fn code(self) -> &'static str {
        match self {
            Cause::Busy => "busy",
            Cause::NoAnswer => "no_answer",
            Cause::NotFound => "not_found",
            Cause::Declined => "declined",
            Cause::Unavailable => "unavailable",
            Cause::Forbidden => "forbidden",
            Cause::WrongPassword => "wrong_password",
            Cause::MediaRefused => "media_refused",
            Cause::Moved => "moved",
            Cause::ServerError => "server_error",
            Cause::ConnectionLost => "connection_lost",
            Cause::Other => "other",
        }
    }

    /// English words for logs and the CLI.
    pub fn describe(self) -> &'static str {
        match self {
            Cause::Busy => "the line is busy",
            Cause::NoAnswer => "nobody answered",
            Cause::NotFound => "the number does not exist",
            Cause::Declined => "the call was declined",
            Cause::Unavailable => "the number cannot be reached right now",
            Cause::Forbidden => "the phone service refused the call",
            Cause::WrongPassword => "the phone service did not accept the user name or password",
            Cause::MediaRefused => "the other side could not agree on audio",
            Cause::Moved => "the number has moved",
            Cause::ServerError => "the phone service had an error",
            Cause::ConnectionLost => "the connection to the phone service was lost",
            Cause::Other => "the call failed",
        }
    }
}
