//! The CLI's errors: the app core's, plus what it reads from the command line.

use nextline_core::CoreError;
use nextline_core::secrets::SecretError;
use nextline_domain::Lang;
use nextline_phone::sip::Cause;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("cannot read {0:?} as a time")]
    InvalidTime(String),
    #[error("cannot read {0:?} as {1}")]
    InvalidValue(String, &'static str),
    #[error("the call did not connect: {0:?} ({1})")]
    CallFailed(Cause, u16),
    #[error("the phone: {1}")]
    Phone(&'static str, String),
    #[error("the contact has no phone number")]
    NoNumber,
    #[error("the contact asked not to be phoned")]
    DoNotPhone,
    #[error("no password for {0} in the keyring")]
    NoPassword(String),
    #[error("no phone account")]
    NoPhoneAccount,
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("audio file: {0}")]
    AudioFile(String),
}

impl CliError {
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::InvalidTime(_) => "invalid_time",
            CliError::InvalidValue(..) => "invalid_value",
            CliError::CallFailed(cause, _) => cause.code(),
            CliError::Phone(code, _) => code,
            CliError::NoNumber => "no_phone_number",
            CliError::DoNotPhone => "do_not_phone",
            CliError::NoPassword(_) => "no_sip_password",
            CliError::NoPhoneAccount => "phone_not_set_up",
            CliError::Secret(e) => e.code(),
            CliError::AudioFile(_) => "audio_file",
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
            (CliError::CallFailed(cause, code), Lang::En) => {
                format!("The call did not connect: {} (SIP {code}).", cause.describe())
            }
            (CliError::CallFailed(cause, code), Lang::El) => {
                format!("Η κλήση δεν συνδέθηκε: {} (SIP {code}).", greek_cause(*cause))
            }
            (CliError::Phone(_, m), Lang::En) => format!("The phone could not do that: {m}."),
            (CliError::Phone(_, m), Lang::El) => format!("Το τηλέφωνο δεν μπόρεσε: {m}."),
            (CliError::NoNumber, Lang::En) => {
                "This contact has no phone number: call a number instead.".into()
            }
            (CliError::NoNumber, Lang::El) => {
                "Η επαφή δεν έχει αριθμό τηλεφώνου: καλέστε έναν αριθμό.".into()
            }
            (CliError::DoNotPhone, Lang::En) => {
                "This contact asked not to be phoned. Add --despite-do-not-phone to call anyway.".into()
            }
            (CliError::DoNotPhone, Lang::El) => {
                "Η επαφή ζήτησε να μην της τηλεφωνούν. Προσθέστε --despite-do-not-phone για να καλέσετε παρ' όλα αυτά.".into()
            }
            (CliError::NoPassword(a), Lang::En) => {
                format!("There is no password for {a} in the keyring: run `nextline sip-password {a}`, or use --password-stdin.")
            }
            (CliError::NoPassword(a), Lang::El) => {
                format!("Δεν υπάρχει κωδικός για το {a} στη θήκη κωδικών: τρέξτε `nextline sip-password {a}` ή χρησιμοποιήστε --password-stdin.")
            }
            (CliError::NoPhoneAccount, Lang::En) => "No phone account: set one up in the app (Settings → Phone), or give both --server and --account (or NEXTLINE_SIP_SERVER and NEXTLINE_SIP_ACCOUNT).".into(),
            (CliError::NoPhoneAccount, Lang::El) => "Δεν υπάρχει λογαριασμός τηλεφώνου: ορίστε έναν στην εφαρμογή (Ρυθμίσεις → Τηλέφωνο) ή δώστε και --server και --account (ή NEXTLINE_SIP_SERVER και NEXTLINE_SIP_ACCOUNT).".into(),
            (CliError::Secret(e), _) => e.message(lang),
            (CliError::AudioFile(m), Lang::En) => format!("The audio file cannot be used: {m}."),
            (CliError::AudioFile(m), Lang::El) => format!("Το αρχείο ήχου δεν μπορεί να χρησιμοποιηθεί: {m}."),
        }
    }
}

impl From<nextline_store::StoreError> for CliError {
    fn from(e: nextline_store::StoreError) -> Self {
        CliError::Core(e.into())
    }
}

fn greek_cause(cause: Cause) -> &'static str {
    match cause {
        Cause::Busy => "η γραμμή είναι κατειλημμένη",
        Cause::NoAnswer => "δεν απάντησε κανείς",
        Cause::NotFound => "ο αριθμός δεν υπάρχει",
        Cause::Declined => "η κλήση απορρίφθηκε",
        Cause::Unavailable => "ο αριθμός δεν είναι διαθέσιμος αυτή τη στιγμή",
        Cause::Forbidden => "η τηλεφωνική υπηρεσία αρνήθηκε την κλήση",
        Cause::WrongPassword => "η τηλεφωνική υπηρεσία δεν δέχτηκε το όνομα χρήστη ή τον κωδικό",
        Cause::MediaRefused => "οι δύο πλευρές δεν συμφώνησαν στον ήχο",
        Cause::Moved => "ο αριθμός έχει αλλάξει",
        Cause::ServerError => "σφάλμα στην τηλεφωνική υπηρεσία",
        Cause::ConnectionLost => "χάθηκε η σύνδεση με την τηλεφωνική υπηρεσία",
        Cause::Other => "η κλήση απέτυχε",
    }
}
