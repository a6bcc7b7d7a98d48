//! The SIP layer's errors, each with a stable code.

/// What went wrong in the SIP layer.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum SipError {
    #[error("the message is not valid SIP: {0}")]
    Unparseable(String),
    #[error("the message is missing something it needs: {0}")]
    Malformed(&'static str),
    #[error("the server asks for an authentication scheme Nextline does not speak: {0}")]
    UnsupportedAuth(String),
    #[error("not a SIP address: {0}")]
    BadAddress(String),
    #[error("no such call")]
    NoSuchCall,
    #[error("the call is not in a state that allows this")]
    WrongCallState,
    #[error("not connected to the SIP server")]
    NotConnected,
}

impl SipError {
    /// A stable code for logs, the IPC layer and tests.
    pub fn code(&self) -> &'static str {
        match self {
            SipError::Unparseable(_) => "sip_unparseable",
            SipError::Malformed(_) => "sip_malformed",
            SipError::UnsupportedAuth(_) => "sip_unsupported_auth",
            SipError::BadAddress(_) => "sip_bad_address",
            SipError::NoSuchCall => "sip_no_such_call",
            SipError::WrongCallState => "sip_wrong_call_state",
            SipError::NotConnected => "sip_not_connected",
        }
    }
}
