//! What can go wrong talking to Dataverse, each with a stable code.

/// An error from Dataverse or on the way to it.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum DataverseError {
    /// No connection (DNS, refused, reset, TLS): the seller is offline.
    #[error("can't reach Dynamics 365: {0}")]
    Offline(String),
    /// The request took longer than the timeout.
    #[error("Dynamics 365 did not answer in time")]
    Timeout,
    /// 429 after the retries: the org's service protection limits.
    #[error("Dynamics 365 is busy (too many requests); retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    /// 401 even after a fresh token: the seller must sign in again.
    #[error("the sign-in was refused: {0}")]
    SignInNeeded(String),
    /// 403: the seller's security role does not allow it.
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// 404.
    #[error("not found")]
    NotFound,
    /// 412: someone else changed the row (or, on a create, it already exists).
    #[error("the row changed in Dynamics 365 since it was read")]
    Changed,
    /// 400 with the server's message (a validation error).
    #[error("Dynamics 365 refused the change: {message}")]
    Refused { code: String, message: String },
    /// 5xx after the retries.
    #[error("Dynamics 365 failed ({status}): {message}")]
    Server { status: u16, message: String },
    /// The delta token expired or was refused: a full sync is needed.
    #[error("the change-tracking token is no longer valid")]
    DeltaExpired,
    /// An answer we could not read.
    #[error("an answer from Dynamics 365 could not be read: {0}")]
    Unreadable(String),
    /// The organization URL is not one.
    #[error("not an organization URL: {0}")]
    BadUrl(String),
}

impl DataverseError {
    pub fn code(&self) -> &'static str {
        match self {
            DataverseError::Offline(_) => "crm_offline",
            DataverseError::Timeout => "crm_timeout",
            DataverseError::Throttled { .. } => "crm_throttled",
            DataverseError::SignInNeeded(_) => "crm_sign_in_needed",
            DataverseError::Forbidden(_) => "crm_forbidden",
            DataverseError::NotFound => "crm_not_found",
            DataverseError::Changed => "crm_changed",
            DataverseError::Refused { .. } => "crm_refused",
            DataverseError::Server { .. } => "crm_server_error",
            DataverseError::DeltaExpired => "crm_delta_expired",
            DataverseError::Unreadable(_) => "crm_unreadable",
            DataverseError::BadUrl(_) => "crm_url_invalid",
        }
    }

    /// Worth trying again later (the change stays pending): the network, the server's load.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            DataverseError::Offline(_)
                | DataverseError::Timeout
                | DataverseError::Throttled { .. }
                | DataverseError::Server { .. }
        )
    }
}

/// The message inside a Dataverse error body: `{"error":{"code":"…","message":"…"}}`.
pub fn error_body(body: &str) -> (String, String) {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let e = &v["error"];
    (
        e["code"].as_str().unwrap_or_default().to_string(),
        e["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| body.chars().take(300).collect()),
    )
}
