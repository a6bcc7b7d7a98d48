//! Secrets — the SIP and TURN passwords, the Dynamics 365 sign-in, the SMTP password, the Twilio token — live only in
//! the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows),
//! never in SQLite, files or logs. One service name; one entry per secret.

use std::collections::HashMap;
use std::sync::Mutex;

use nextline_domain::Lang;

/// The keyring service all of Nextline's secrets are filed under.
pub const SERVICE: &str = "app.nextline.desktop";

/// Which secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SecretKey {
    /// The password of a SIP account (`user@domain`).
    SipPassword { account: String },
    /// The password of a TURN user.
    TurnPassword { account: String },
    /// The Dynamics 365 sign-in (access and refresh tokens) for an org (its host).
    CrmTokens { org: String },
    /// The password of an SMTP account (`user@host`).
    SmtpPassword { account: String },
    /// The auth token of a Twilio account (its Account SID).
    TwilioToken { account: String },
}

impl SecretKey {
    fn entry_name(&self) -> String {
        match self {
            SecretKey::SipPassword { account } => format!("sip:{account}"),
            SecretKey::TurnPassword { account } => format!("turn:{account}"),
            SecretKey::CrmTokens { org } => format!("crm:{org}"),
            SecretKey::SmtpPassword { account } => format!("smtp:{account}"),
            SecretKey::TwilioToken { account } => format!("twilio:{account}"),
        }
    }
}

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum SecretError {
    #[error("the system keyring is not available: {0}")]
    Unavailable(String),
}

impl SecretError {
    pub fn code(&self) -> &'static str {
        match self {
            SecretError::Unavailable(_) => "keyring_unavailable",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => "Nextline can't reach your system's keyring, so it can't keep the password. \
                 Unlock the keyring (or sign in to the desktop again) and try once more."
                .into(),
            Lang::El => "Το Nextline δεν έχει πρόσβαση στη θήκη κωδικών του συστήματος, οπότε δεν μπορεί \
                 να φυλάξει τον κωδικό. Ξεκλειδώστε τη θήκη (ή συνδεθείτε ξανά στην επιφάνεια εργασίας) \
                 και δοκιμάστε ξανά."
                .into(),
        }
    }
}

/// Where secrets are kept.
pub trait SecretStore: Send + Sync {
    fn get(&self, key: &SecretKey) -> Result<Option<String>, SecretError>;
    fn set(&self, key: &SecretKey, value: &str) -> Result<(), SecretError>;
    /// Removing a secret that is not there is not an error.
    fn delete(&self, key: &SecretKey) -> Result<(), SecretError>;
}

/// The operating system's keyring.
pub struct OsKeyring;

fn entry(key: &SecretKey) -> Result<keyring::Entry, SecretError> {
    keyring::Entry::new(SERVICE, &key.entry_name())
        .map_err(|e| SecretError::Unavailable(e.to_string()))
}

impl SecretStore for OsKeyring {
    fn get(&self, key: &SecretKey) -> Result<Option<String>, SecretError> {
        match entry(key)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(SecretError::Unavailable(e.to_string())),
        }
    }

    fn set(&self, key: &SecretKey, value: &str) -> Result<(), SecretError> {
        entry(key)?
            .set_password(value)
            .map_err(|e| SecretError::Unavailable(e.to_string()))
    }

    fn delete(&self, key: &SecretKey) -> Result<(), SecretError> {
        match entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(SecretError::Unavailable(e.to_string())),
        }
    }
}

impl OsKeyring {
    /// Whether the keyring answers at all (for a clear message before asking for a password).
    pub fn available() -> Result<(), SecretError> {
        match keyring::Entry::store_status() {
            Ok(()) => Ok(()),
            Err(e) => Err(SecretError::Unavailable(e.to_string())),
        }
    }
}

/// Secrets in memory, for tests of the code that uses them.
#[derive(Default)]
pub struct MemorySecrets(Mutex<HashMap<SecretKey, String>>);

impl SecretStore for MemorySecrets {
    fn get(&self, key: &SecretKey) -> Result<Option<String>, SecretError> {
        Ok(self
            .0
            .lock()
            .map_err(|e| SecretError::Unavailable(e.to_string()))?
            .get(key)
            .cloned())
    }

    fn set(&self, key: &SecretKey, value: &str) -> Result<(), SecretError> {
        self.0
            .lock()
            .map_err(|e| SecretError::Unavailable(e.to_string()))?
            .insert(key.clone(), value.to_string());
        Ok(())
    }

    fn delete(&self, key: &SecretKey) -> Result<(), SecretError> {
        self.0
            .lock()
            .map_err(|e| SecretError::Unavailable(e.to_string()))?
            .remove(key);
        Ok(())
    }
}
