//! The app core's errors: the rules' refusals, the cache's failures, and a few of its own —
//! each with a stable code and a message for sellers in English and Greek.

use nextline_domain::{DomainError, Lang};
use nextline_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    Rule(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the database already holds data")]
    AlreadyHasData,
    #[error("no user matches {0:?}")]
    UnknownUser(String),
    #[error("{0:?} matches more than one user")]
    AmbiguousUser(String),
    #[error("no user or team matches {0:?}")]
    UnknownAssignee(String),
    #[error("no current user is set")]
    NoCurrentUser,
    #[error(transparent)]
    Secret(#[from] crate::secrets::SecretError),
    #[error("the phone account is incomplete: {0:?}")]
    PhoneAccountInvalid(Vec<crate::softphone::AccountProblem>),
    #[error("the phone account has no password")]
    PhonePasswordMissing,
    #[error("no phone account is set up")]
    PhoneNotSetUp,
    #[error("the phone is not registered: {0}")]
    PhoneNotRegistered(String),
    #[error("the contact asked not to be phoned")]
    DoNotPhone,
    #[error("the contact has no number: type one on the dial pad")]
    NumberNeeded,
    /// R18: only Teams links are opened.
    #[error("not a Teams meeting link: {0}")]
    JoinLinkRefused(String),
    #[error("this activity has no meeting link")]
    NoJoinLink,
    #[error("there is no such call")]
    NoSuchCall,
    #[error("{0:?} is not a key of the keypad")]
    NotAKey(char),
    #[error("phone: {detail}")]
    Phone { code: &'static str, detail: String },
    #[error(transparent)]
    Crm(#[from] nextline_dataverse::DataverseError),
    #[error("not connected to Dynamics 365")]
    CrmNotConnected,
    #[error("an outbox entry can't be read: {0}")]
    OutboxEntry(String),
    /// Not connected to Dynamics and no SMTP server set up: an email has no way out.
    #[error("no way to send email is set up")]
    EmailNotSetUp,
    #[error("the email is being sent now")]
    EmailBeingSent,
    /// The window asked for a command only the app itself runs.
    #[error("this command is not taken from the window")]
    NotFromTheWindow,
    #[error("the Twilio settings are incomplete")]
    TwilioSettingsInvalid,
    #[error("the SMTP server settings are incomplete: {0:?}")]
    SmtpSettingsInvalid(crate::email::SmtpProblem),
    #[error("the SMTP account has no password in the keyring")]
    SmtpPasswordMissing,
    /// The SMTP server could not be reached or refused the message.
    #[error("SMTP: {detail}")]
    Smtp { code: &'static str, detail: String },
    /// No way to send text messages is set up (SIP account or Twilio).
    #[error("no way to send text messages is set up")]
    TextsNotSetUp,
    /// The text message provider refused or could not be reached.
    #[error("text messages: {detail}")]
    TextProvider { code: &'static str, detail: String },
}

impl CoreError {
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Rule(e) => e.code(),
            CoreError::Store(StoreError::NotFound {
                kind: "activity", ..
            }) => "activity_not_found",
            CoreError::Store(StoreError::NotFound { kind: "record", .. }) => "record_not_found",
            CoreError::Store(e) => e.code(),
            CoreError::AlreadyHasData => "already_has_data",
            CoreError::UnknownUser(_) => "user_not_found",
            CoreError::AmbiguousUser(_) => "ambiguous_user",
            CoreError::UnknownAssignee(_) => "assignee_not_found",
            CoreError::NoCurrentUser => "no_current_user",
            CoreError::Secret(e) => e.code(),
            CoreError::PhoneAccountInvalid(_) => "phone_account_invalid",
            CoreError::PhonePasswordMissing => "phone_password_missing",
            CoreError::PhoneNotSetUp => "phone_not_set_up",
            CoreError::PhoneNotRegistered(_) => "phone_not_registered",
            CoreError::DoNotPhone => "do_not_phone",
            CoreError::NumberNeeded => "number_needed",
            CoreError::JoinLinkRefused(_) => "join_link_refused",
            CoreError::NoJoinLink => "no_join_link",
            CoreError::NoSuchCall => "no_such_call",
            CoreError::NotAKey(_) => "not_a_key",
            CoreError::Phone { code, .. } => code,
            CoreError::Crm(e) => e.code(),
            CoreError::CrmNotConnected => "crm_not_connected",
            CoreError::EmailNotSetUp => "email_not_set_up",
            CoreError::EmailBeingSent => "email_being_sent",
            CoreError::NotFromTheWindow => "not_from_the_window",
            CoreError::TwilioSettingsInvalid => "twilio_settings_invalid",
            CoreError::SmtpSettingsInvalid(_) => "smtp_settings_invalid",
            CoreError::SmtpPasswordMissing => "smtp_password_missing",
            CoreError::Smtp { code, .. } => code,
            CoreError::TextsNotSetUp => "texts_not_set_up",
            CoreError::TextProvider { code, .. } => code,
            CoreError::OutboxEntry(_) => "outbox_entry_unreadable",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CoreError::Rule(e), _) => e.message(lang),
            (CoreError::Store(StoreError::NotFound { kind, key }), Lang::En) => {
                format!("No {kind} matches \"{key}\". Check the id (at least 4 characters of it).")
            }
            (CoreError::Store(StoreError::NotFound { kind, key }), Lang::El) => format!(
                "Δεν βρέθηκε {} για «{key}». Ελέγξτε το αναγνωριστικό (τουλάχιστον 4 χαρακτήρες).",
                greek_kind(kind)
            ),
            (CoreError::Store(StoreError::Ambiguous { key, .. }), Lang::En) => {
                format!("\"{key}\" matches more than one item. Type more of the id.")
            }
            (CoreError::Store(StoreError::Ambiguous { key, .. }), Lang::El) => {
                format!("Το «{key}» ταιριάζει σε περισσότερα από ένα. Πληκτρολογήστε περισσότερο από το αναγνωριστικό.")
            }
            (CoreError::Store(e), Lang::En) if e.code() == "database_busy" => {
                "Another Nextline is busy with the data. Try again in a moment.".into()
            }
            (CoreError::Store(e), Lang::El) if e.code() == "database_busy" => {
                "Ένα άλλο Nextline χρησιμοποιεί τα δεδομένα. Δοκιμάστε ξανά σε λίγο.".into()
            }
            (CoreError::Store(e), Lang::En) => {
                format!("Nextline couldn't read or save its data ({e}). Nothing was changed.")
            }
            (CoreError::Store(e), Lang::El) => {
                format!("Το Nextline δεν μπόρεσε να διαβάσει ή να αποθηκεύσει τα δεδομένα ({e}). Δεν άλλαξε τίποτα.")
            }
            (CoreError::AlreadyHasData, Lang::En) => {
                "This database already holds data; demo data goes only into an empty one.".into()
            }
            (CoreError::AlreadyHasData, Lang::El) => {
                "Η βάση δεδομένων έχει ήδη δεδομένα· τα δεδομένα επίδειξης μπαίνουν μόνο σε κενή.".into()
            }
            (CoreError::UnknownUser(u), Lang::En) => format!("No user matches \"{u}\"."),
            (CoreError::UnknownUser(u), Lang::El) => format!("Δεν βρέθηκε χρήστης για «{u}»."),
            (CoreError::AmbiguousUser(u), Lang::En) => {
                format!("\"{u}\" matches more than one user. Use the full name or email.")
            }
            (CoreError::AmbiguousUser(u), Lang::El) => {
                format!("Το «{u}» ταιριάζει σε περισσότερους χρήστες. Δώστε όλο το όνομα ή το email.")
            }
            (CoreError::UnknownAssignee(u), Lang::En) => format!("No user or team matches \"{u}\"."),
            (CoreError::UnknownAssignee(u), Lang::El) => {
                format!("Δεν βρέθηκε χρήστης ή ομάδα για «{u}».")
            }
            (CoreError::NoCurrentUser, Lang::En) => {
                "No seller is signed in. Seed the demo data or choose a user with --as.".into()
            }
            (CoreError::NoCurrentUser, Lang::El) => {
                "Δεν έχει συνδεθεί πωλητής. Φορτώστε τα δεδομένα επίδειξης ή επιλέξτε χρήστη με --as.".into()
            }
            (CoreError::Secret(e), _) => e.message(lang),
            (CoreError::Crm(e), _) => crm_message(e, lang),
            (CoreError::CrmNotConnected, Lang::En) => {
                "Nextline isn't connected to Dynamics 365. Connect in Settings → Dynamics 365.".into()
            }
            (CoreError::CrmNotConnected, Lang::El) => {
                "Το Nextline δεν είναι συνδεδεμένο με το Dynamics 365. Συνδεθείτε από τις Ρυθμίσεις → Dynamics 365.".into()
            }
            (CoreError::OutboxEntry(why), Lang::En) => format!("A change waiting to be sent can't be read ({why})."),
            (CoreError::OutboxEntry(why), Lang::El) => {
                format!("Μια αλλαγή που περιμένει να σταλεί δεν διαβάζεται ({why}).")
            }
            (CoreError::PhoneAccountInvalid(problems), Lang::En) => format!(
                "Check the phone account: {}.",
                problems.iter().map(|p| p.label(Lang::En)).collect::<Vec<_>>().join(", ")
            ),
            (CoreError::PhoneAccountInvalid(problems), Lang::El) => format!(
                "Ελέγξτε τον λογαριασμό τηλεφώνου: {}.",
                problems.iter().map(|p| p.label(Lang::El)).collect::<Vec<_>>().join(", ")
            ),
            (CoreError::PhonePasswordMissing, Lang::En) => {
                "Enter the password of your phone account.".into()
            }
            (CoreError::PhonePasswordMissing, Lang::El) => {
                "Πληκτρολογήστε τον κωδικό του λογαριασμού τηλεφώνου.".into()
            }
            (CoreError::PhoneNotSetUp, Lang::En) => {
                "Calling isn't set up yet. Add your phone account in Settings → Phone.".into()
            }
            (CoreError::PhoneNotSetUp, Lang::El) => {
                "Οι κλήσεις δεν έχουν ρυθμιστεί. Προσθέστε τον λογαριασμό τηλεφώνου στις Ρυθμίσεις → Τηλέφωνο.".into()
            }
            (CoreError::PhoneNotRegistered(why), Lang::En) if why.is_empty() => {
                "The phone is still connecting. Try again in a moment.".into()
            }
            (CoreError::PhoneNotRegistered(why), Lang::En) => {
                format!("The phone isn't connected ({why}). It keeps trying; check Settings → Phone.")
            }
            (CoreError::PhoneNotRegistered(why), Lang::El) if why.is_empty() => {
                "Το τηλέφωνο συνδέεται ακόμη. Δοκιμάστε ξανά σε λίγο.".into()
            }
            (CoreError::PhoneNotRegistered(why), Lang::El) => format!(
                "Το τηλέφωνο δεν είναι συνδεδεμένο ({why}). Συνεχίζει να προσπαθεί· ελέγξτε τις Ρυθμίσεις → Τηλέφωνο."
            ),
            (CoreError::DoNotPhone, Lang::En) => {
                "This contact asked not to be phoned. Confirm before calling.".into()
            }
            (CoreError::DoNotPhone, Lang::El) => {
                "Η επαφή ζήτησε να μην της τηλεφωνούν. Επιβεβαιώστε πριν καλέσετε.".into()
            }
            (CoreError::NumberNeeded, Lang::En) => {
                "This contact has no phone number. Type one on the dial pad.".into()
            }
            (CoreError::NumberNeeded, Lang::El) => {
                "Η επαφή δεν έχει αριθμό τηλεφώνου. Πληκτρολογήστε έναν στο πληκτρολόγιο.".into()
            }
            (CoreError::JoinLinkRefused(_), Lang::En) => {
                "This meeting's link isn't a Microsoft Teams link, so Nextline won't open it. Check the meeting in Outlook or Teams.".into()
            }
            (CoreError::JoinLinkRefused(_), Lang::El) => {
                "Ο σύνδεσμος της συνάντησης δεν είναι σύνδεσμος Microsoft Teams, γι' αυτό το Nextline δεν τον ανοίγει. Ελέγξτε τη συνάντηση στο Outlook ή στο Teams.".into()
            }
            (CoreError::NoJoinLink, Lang::En) => "This meeting has no link to join.".into(),
            (CoreError::NoJoinLink, Lang::El) => {
                "Αυτή η συνάντηση δεν έχει σύνδεσμο συμμετοχής.".into()
            }
            (CoreError::NoSuchCall, Lang::En) => "That call has ended.".into(),
            (CoreError::NoSuchCall, Lang::El) => "Αυτή η κλήση έχει τελειώσει.".into(),
            (CoreError::NotAKey(k), Lang::En) => {
                format!("\"{k}\" isn't on the keypad; use 0–9, * and #.")
            }
            (CoreError::NotAKey(k), Lang::El) => {
                format!("Το «{k}» δεν υπάρχει στο πληκτρολόγιο· χρησιμοποιήστε 0–9, * και #.")
            }
            (CoreError::Phone { detail, .. }, Lang::En) => format!("The phone says: {detail}."),
            (CoreError::Phone { detail, .. }, Lang::El) => format!("Το τηλέφωνο αναφέρει: {detail}."),
            (CoreError::EmailBeingSent, Lang::En) => {
                "This email is being sent right now, so it can't be cancelled.".into()
            }
            (CoreError::EmailBeingSent, Lang::El) => {
                "Αυτό το email στέλνεται αυτή τη στιγμή, οπότε δεν ακυρώνεται.".into()
            }
            (CoreError::NotFromTheWindow, Lang::En) => {
                "That can't be done from here.".into()
            }
            (CoreError::NotFromTheWindow, Lang::El) => "Αυτό δεν γίνεται από εδώ.".into(),
            (CoreError::TwilioSettingsInvalid, Lang::En) => {
                "Check the Twilio settings: the Account SID starts with AC, and each number is a phone number.".into()
            }
            (CoreError::TwilioSettingsInvalid, Lang::El) => {
                "Ελέγξτε τις ρυθμίσεις Twilio: το Account SID αρχίζει με AC και κάθε αριθμός είναι αριθμός τηλεφώνου.".into()
            }
            (CoreError::EmailNotSetUp, Lang::En) => {
                "Email isn't set up. Connect to Dynamics 365, or add your mail server in Settings → Email.".into()
            }
            (CoreError::EmailNotSetUp, Lang::El) => {
                "Το email δεν έχει ρυθμιστεί. Συνδεθείτε στο Dynamics 365 ή προσθέστε τον διακομιστή αλληλογραφίας στις Ρυθμίσεις → Email.".into()
            }
            (CoreError::SmtpSettingsInvalid(what), Lang::En) => {
                format!("Check the mail server settings: {}.", what.words(lang))
            }
            (CoreError::SmtpSettingsInvalid(what), Lang::El) => format!(
                "Ελέγξτε τις ρυθμίσεις του διακομιστή αλληλογραφίας: {}.",
                what.words(lang)
            ),
            (CoreError::SmtpPasswordMissing, Lang::En) => {
                "Enter the password of your mail account in Settings → Email.".into()
            }
            (CoreError::SmtpPasswordMissing, Lang::El) => {
                "Πληκτρολογήστε τον κωδικό του λογαριασμού αλληλογραφίας στις Ρυθμίσεις → Email.".into()
            }
            (CoreError::Smtp { code: "smtp_auth_failed", .. }, Lang::En) => {
                "The mail server didn't accept your user name or password. Check them in Settings → Email.".into()
            }
            (CoreError::Smtp { code: "smtp_auth_failed", .. }, Lang::El) => {
                "Ο διακομιστής αλληλογραφίας δεν δέχτηκε το όνομα χρήστη ή τον κωδικό. Ελέγξτε τα στις Ρυθμίσεις → Email.".into()
            }
            (CoreError::Smtp { code: "smtp_unreachable", detail }, Lang::En) => format!(
                "Nextline can't reach your mail server ({detail}). The email waits and is tried again."
            ),
            (CoreError::Smtp { code: "smtp_unreachable", detail }, Lang::El) => format!(
                "Το Nextline δεν βρίσκει τον διακομιστή αλληλογραφίας ({detail}). Το email περιμένει και θα ξαναδοκιμαστεί."
            ),
            (CoreError::Smtp { detail, .. }, Lang::En) => {
                format!("The mail server refused the email: {detail}.")
            }
            (CoreError::Smtp { detail, .. }, Lang::El) => {
                format!("Ο διακομιστής αλληλογραφίας αρνήθηκε το email: {detail}.")
            }
            (CoreError::TextsNotSetUp, Lang::En) => {
                "Text messages aren't set up. Add your phone account, or a Twilio account, in Settings → Text messages.".into()
            }
            (CoreError::TextsNotSetUp, Lang::El) => {
                "Τα μηνύματα κειμένου δεν έχουν ρυθμιστεί. Προσθέστε τον λογαριασμό τηλεφώνου ή λογαριασμό Twilio στις Ρυθμίσεις → Μηνύματα κειμένου.".into()
            }
            (CoreError::TextProvider { detail, .. }, Lang::En) => {
                format!("The message couldn't be sent: {detail}.")
            }
            (CoreError::TextProvider { detail, .. }, Lang::El) => {
                format!("Το μήνυμα δεν στάλθηκε: {detail}.")
            }
        }
    }

    /// What crosses the IPC boundary to the window.
    pub fn payload(&self, lang: Lang) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_string(),
            message: self.message(lang),
        }
    }
}

fn greek_kind(kind: &str) -> &'static str {
    match kind {
        "activity" => "δραστηριότητα",
        "record" => "εγγραφή",
        _ => "στοιχείο",
    }
}

/// An error as the window sees it: a stable code to branch on and a message to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Dynamics 365's problems in a seller's words.
fn crm_message(e: &nextline_dataverse::DataverseError, lang: Lang) -> String {
    use nextline_dataverse::DataverseError as D;
    match (e, lang) {
        (D::Offline(_) | D::Timeout, Lang::En) => {
            "Dynamics 365 can't be reached right now. Your changes are kept and sent when the connection is back.".into()
        }
        (D::Offline(_) | D::Timeout, Lang::El) => {
            "Το Dynamics 365 δεν είναι προσβάσιμο αυτή τη στιγμή. Οι αλλαγές σας φυλάσσονται και στέλνονται μόλις επανέλθει η σύνδεση.".into()
        }
        (D::Throttled { retry_after_secs }, Lang::En) => format!(
            "Dynamics 365 is busy. Nextline tries again in {retry_after_secs} seconds; your changes are kept."
        ),
        (D::Throttled { retry_after_secs }, Lang::El) => format!(
            "Το Dynamics 365 είναι απασχολημένο. Το Nextline ξαναδοκιμάζει σε {retry_after_secs} δευτερόλεπτα· οι αλλαγές σας φυλάσσονται."
        ),
        (D::SignInNeeded(_), Lang::En) => {
            "Your sign-in to Dynamics 365 has expired. Sign in again; your changes waiting to be sent are kept.".into()
        }
        (D::SignInNeeded(_), Lang::El) => {
            "Η σύνδεσή σας στο Dynamics 365 έληξε. Συνδεθείτε ξανά· οι αλλαγές που περιμένουν να σταλούν φυλάσσονται.".into()
        }
        (D::Forbidden(_), Lang::En) => "Your Dynamics 365 security role doesn't allow this. Ask your administrator.".into(),
        (D::Forbidden(_), Lang::El) => {
            "Ο ρόλος ασφαλείας σας στο Dynamics 365 δεν το επιτρέπει. Ρωτήστε τον διαχειριστή σας.".into()
        }
        (D::BadUrl(url), Lang::En) => format!(
            "\"{url}\" isn't an organization address. It looks like https://contoso.crm4.dynamics.com."
        ),
        (D::BadUrl(url), Lang::El) => format!(
            "Το \"{url}\" δεν είναι διεύθυνση οργανισμού. Μοιάζει με https://contoso.crm4.dynamics.com."
        ),
        (D::Refused { message, .. }, Lang::En) => format!("Dynamics 365 refused the change: {message}"),
        (D::Refused { message, .. }, Lang::El) => format!("Το Dynamics 365 αρνήθηκε την αλλαγή: {message}"),
        (other, Lang::En) => format!("Syncing with Dynamics 365 failed: {other}. Your changes are kept."),
        (other, Lang::El) => format!("Ο συγχρονισμός με το Dynamics 365 απέτυχε: {other}. Οι αλλαγές σας φυλάσσονται."),
    }
}
