//! The CLI's errors: the app core's, plus what it reads from the command line.

use nextline_core::CoreError;
use nextline_domain::Lang;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("cannot read {0:?} as a time")]
    InvalidTime(String),
    #[error("cannot read {0:?} as {1}")]
    InvalidValue(String, &'static str),
}

impl CliError {
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::InvalidTime(_) => "invalid_time",
            CliError::InvalidValue(..) => "invalid_value",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CliError::Core(e), _) => e.message(lang),
            (CliError::InvalidTime(s), Lang::En) => format!(
                "\"{s}\" is not a time. Use e.g. 2026-11-27 15:00, tomorrow 9:00, 15:00, +2h or RFC 3339."
            ),
            (CliError::InvalidTime(s), Lang::El) => format!(
                "Το «{s}» δεν είναι χρόνος. Γράψτε π.χ. 2026-11-27 15:00, tomorrow 9:00, 15:00, +2h ή RFC 3339."
            ),
            (CliError::InvalidValue(s, what), Lang::En) => {
                format!("\"{s}\" is not a valid {what}.")
            }
            (CliError::InvalidValue(s, what), Lang::El) => {
                format!("Το «{s}» δεν είναι έγκυρο ({what}).")
            }
        }
    }
}

impl From<nextline_store::StoreError> for CliError {
    fn from(e: nextline_store::StoreError) -> Self {
        CliError::Core(e.into())
    }
}
