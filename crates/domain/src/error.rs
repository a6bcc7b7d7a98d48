//! Every way a rule can refuse a command, each with a stable code and a message a seller
//! understands, in English and Greek.

use crate::activity::ActivityState;
use crate::lang::Lang;
use crate::settings::Feature;
use crate::user::SalesRole;
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("a sales role (seller or sales manager) is required")]
    SalesRoleRequired,
    #[error("the {} feature is turned off", .0.as_str())]
    FeatureDisabled(Feature),
    #[error("activity not found: {0}")]
    ActivityNotFound(String),
    #[error("record not found: {0}")]
    RecordNotFound(String),
    #[error("user not found: {0}")]
    UserNotFound(String),
    #[error("team not found: {0}")]
    TeamNotFound(String),
    #[error("the activity is {} already", .0.as_str())]
    ActivityNotOpen(ActivityState),
    #[error("the activity is assigned to someone else")]
    NotYourActivity,
    #[error("this step starts after its wait ends at {0}")]
    StepNotStarted(DateTime<Utc>),
    #[error("a manual task cannot be snoozed")]
    ManualTaskCannotBeSnoozed,
    #[error("the snooze time must be in the future")]
    SnoozeTimeNotInFuture,
    #[error("only the record owner or a sales manager can assign activities")]
    OnlyOwnerCanAssign,
    #[error("only the record owner or a sales manager can change the owner")]
    OnlyOwnerCanChangeOwner,
    #[error("{0} has no sales role, so cannot be given sales work")]
    AssigneeHasNoSalesRole(String),
    #[error("the note is empty")]
    NoteEmpty,
    #[error("the note is longer than {0} characters")]
    NoteTooLong(usize),
    #[error("{0:?} is not a phone number that can be dialled")]
    InvalidPhoneNumber(String),
    #[error("the activity is not a phone call")]
    NotAPhoneCall,
    #[error("the call is still going on")]
    CallGoingOn,
    #[error("the email has no recipient")]
    NoRecipient,
    #[error("{0:?} is not an email address")]
    InvalidEmailAddress(String),
    #[error("the email has no subject")]
    EmailSubjectEmpty,
    #[error("the subject is longer than {0} characters")]
    EmailSubjectTooLong(usize),
    #[error("the email has no text")]
    EmailBodyEmpty,
    #[error("the email is too large")]
    EmailBodyTooLarge,
    #[error("the send time must be in the future")]
    SendTimeNotInFuture,
    #[error("the activity is not an email")]
    NotAnEmail,
    #[error("the text message is empty")]
    TextEmpty,
    #[error("the text message is longer than {0} characters")]
    TextTooLong(usize),
    #[error("the activity is not a text message")]
    NotATextMessage,
    #[error("the meeting has no title")]
    MeetingSubjectEmpty,
    #[error("a meeting lasts from 1 minute to {0} minutes")]
    MeetingDuration(u32),
    #[error("the join link is not a Microsoft Teams link")]
    MeetingLinkNotTeams,
    #[error("a meeting's title or location is longer than {0} characters")]
    MeetingTextTooLong(usize),
}

impl DomainError {
    /// A stable code the UI and scripts branch on; never changes once shipped.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::SalesRoleRequired => "sales_role_required",
            DomainError::FeatureDisabled(_) => "feature_disabled",
            DomainError::ActivityNotFound(_) => "activity_not_found",
            DomainError::RecordNotFound(_) => "record_not_found",
            DomainError::UserNotFound(_) => "user_not_found",
            DomainError::TeamNotFound(_) => "team_not_found",
            DomainError::ActivityNotOpen(_) => "activity_not_open",
            DomainError::NotYourActivity => "not_your_activity",
            DomainError::StepNotStarted(_) => "step_not_started",
            DomainError::ManualTaskCannotBeSnoozed => "manual_task_cannot_be_snoozed",
            DomainError::SnoozeTimeNotInFuture => "snooze_time_not_in_future",
            DomainError::OnlyOwnerCanAssign => "only_owner_can_assign",
            DomainError::OnlyOwnerCanChangeOwner => "only_owner_can_change_owner",
            DomainError::AssigneeHasNoSalesRole(_) => "assignee_has_no_sales_role",
            DomainError::NoteEmpty => "note_empty",
            DomainError::NoteTooLong(_) => "note_too_long",
            DomainError::InvalidPhoneNumber(_) => "invalid_phone_number",
            DomainError::NotAPhoneCall => "not_a_phone_call",
            DomainError::CallGoingOn => "call_going_on",
            DomainError::NoRecipient => "no_recipient",
            DomainError::InvalidEmailAddress(_) => "invalid_email_address",
            DomainError::EmailSubjectEmpty => "email_subject_empty",
            DomainError::EmailSubjectTooLong(_) => "email_subject_too_long",
            DomainError::EmailBodyEmpty => "email_body_empty",
            DomainError::EmailBodyTooLarge => "email_body_too_large",
            DomainError::SendTimeNotInFuture => "send_time_not_in_future",
            DomainError::NotAnEmail => "not_an_email",
            DomainError::TextEmpty => "text_empty",
            DomainError::TextTooLong(_) => "text_too_long",
            DomainError::NotATextMessage => "not_a_text_message",
            DomainError::MeetingSubjectEmpty => "meeting_subject_empty",
            DomainError::MeetingDuration(_) => "meeting_duration",
            DomainError::MeetingLinkNotTeams => "meeting_link_not_teams",
            DomainError::MeetingTextTooLong(_) => "meeting_text_too_long",
        }
    }

    /// The message for a seller, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::El => self.greek(),
        }
    }

    fn english(&self) -> String {
        match self {
            DomainError::SalesRoleRequired => {
                "You need the Seller or Sales Manager role to do this. Ask your administrator."
                    .into()
            }
            DomainError::FeatureDisabled(f) => format!(
                "{} is turned off for your organisation. Ask your administrator to turn it on.",
                feature_name(*f, Lang::En)
            ),
            DomainError::ActivityNotFound(id) => format!("No activity matches \"{id}\"."),
            DomainError::RecordNotFound(id) => format!("No lead or opportunity matches \"{id}\"."),
            DomainError::UserNotFound(id) => format!("No user matches \"{id}\"."),
            DomainError::TeamNotFound(id) => format!("No team matches \"{id}\"."),
            DomainError::ActivityNotOpen(state) => format!(
                "This activity is already {}; only open activities can be changed.",
                state_name(*state, Lang::En)
            ),
            DomainError::NotYourActivity => {
                "This activity is assigned to someone else. Ask them or the record owner.".into()
            }
            DomainError::StepNotStarted(at) => format!(
                "This step is still waiting; it starts at {} (UTC).",
                at.format("%Y-%m-%d %H:%M")
            ),
            DomainError::ManualTaskCannotBeSnoozed => {
                "Manual tasks can't be snoozed. Change the task's due date instead, or mark it complete."
                    .into()
            }
            DomainError::SnoozeTimeNotInFuture => "Pick a snooze time in the future.".into(),
            DomainError::OnlyOwnerCanAssign => {
                "Only the record's owner or a sales manager can assign its activities.".into()
            }
            DomainError::OnlyOwnerCanChangeOwner => {
                "Only the record's owner or a sales manager can change its owner.".into()
            }
            DomainError::AssigneeHasNoSalesRole(name) => format!(
                "{name} has no sales role, so sales activities can't be given to them."
            ),
            DomainError::NoteEmpty => "Write something in the note first.".into(),
            DomainError::NoteTooLong(max) => {
                format!("Notes can be at most {max} characters long. Shorten this one.")
            }
            DomainError::InvalidPhoneNumber(n) => format!(
                "\"{n}\" isn't a phone number we can dial. Check it, or dial by hand from the dial pad."
            ),
            DomainError::NotAPhoneCall => "This activity isn't a phone call.".into(),
            DomainError::CallGoingOn => {
                "The call is still going on. Hang up first, then mark it complete.".into()
            }
            DomainError::NoRecipient => "Add at least one address in To.".into(),
            DomainError::InvalidEmailAddress(a) => {
                format!("\"{a}\" isn't an email address. Check it, e.g. name@company.com.")
            }
            DomainError::EmailSubjectEmpty => "Give the email a subject.".into(),
            DomainError::EmailSubjectTooLong(max) => {
                format!("Subjects can be at most {max} characters long. Shorten this one.")
            }
            DomainError::EmailBodyEmpty => "Write something in the email first.".into(),
            DomainError::EmailBodyTooLarge => {
                "This email is too large to send. Shorten it or remove pasted images.".into()
            }
            DomainError::SendTimeNotInFuture => "Pick a send time in the future.".into(),
            DomainError::NotAnEmail => "This activity isn't an email.".into(),
            DomainError::TextEmpty => "Write the message first.".into(),
            DomainError::TextTooLong(max) => {
                format!("Text messages can be at most {max} characters long. Shorten this one.")
            }
            DomainError::NotATextMessage => "This activity isn't a text message.".into(),
            DomainError::MeetingSubjectEmpty => "Give the meeting a title.".into(),
            DomainError::MeetingDuration(max) => {
                format!("A meeting lasts between 1 and {max} minutes.")
            }
            DomainError::MeetingTextTooLong(max) => {
                format!("A meeting's title and location can be at most {max} characters long.")
            }
            DomainError::MeetingLinkNotTeams => {
                "The join link must be a Microsoft Teams link (https://teams.microsoft.com/…). Leave it empty for a meeting without one."
                    .into()
            }
        }
    }

    fn greek(&self) -> String {
        match self {
            DomainError::SalesRoleRequired => {
                "Χρειάζεστε τον ρόλο Πωλητή ή Διευθυντή Πωλήσεων για αυτό. Ρωτήστε τον διαχειριστή σας."
                    .into()
            }
            DomainError::FeatureDisabled(f) => format!(
                "Η λειτουργία «{}» είναι απενεργοποιημένη στον οργανισμό σας. Ζητήστε από τον διαχειριστή να την ενεργοποιήσει.",
                feature_name(*f, Lang::El)
            ),
            DomainError::ActivityNotFound(id) => {
                format!("Δεν βρέθηκε δραστηριότητα για «{id}».")
            }
            DomainError::RecordNotFound(id) => {
                format!("Δεν βρέθηκε δυνητικός πελάτης ή ευκαιρία για «{id}».")
            }
            DomainError::UserNotFound(id) => format!("Δεν βρέθηκε χρήστης για «{id}»."),
            DomainError::TeamNotFound(id) => format!("Δεν βρέθηκε ομάδα για «{id}»."),
            DomainError::ActivityNotOpen(state) => format!(
                "Η δραστηριότητα είναι ήδη {}· αλλάζουν μόνο οι ανοιχτές δραστηριότητες.",
                state_name(*state, Lang::El)
            ),
            DomainError::NotYourActivity => {
                "Η δραστηριότητα έχει ανατεθεί σε άλλον. Ρωτήστε τον ή τον κάτοχο της εγγραφής."
                    .into()
            }
            DomainError::StepNotStarted(at) => format!(
                "Το βήμα είναι σε αναμονή· ξεκινά στις {} (UTC).",
                at.format("%d/%m/%Y %H:%M")
            ),
            DomainError::ManualTaskCannotBeSnoozed => {
                "Οι μη αυτόματες εργασίες δεν αναβάλλονται. Αλλάξτε την προθεσμία της εργασίας ή σημειώστε την ως ολοκληρωμένη."
                    .into()
            }
            DomainError::SnoozeTimeNotInFuture => {
                "Επιλέξτε χρόνο αναβολής στο μέλλον.".into()
            }
            DomainError::OnlyOwnerCanAssign => {
                "Μόνο ο κάτοχος της εγγραφής ή ένας διευθυντής πωλήσεων μπορεί να αναθέσει τις δραστηριότητές της."
                    .into()
            }
            DomainError::OnlyOwnerCanChangeOwner => {
                "Μόνο ο κάτοχος της εγγραφής ή ένας διευθυντής πωλήσεων μπορεί να αλλάξει τον κάτοχο."
                    .into()
            }
            DomainError::AssigneeHasNoSalesRole(name) => format!(
                "Ο χρήστης {name} δεν έχει ρόλο πωλήσεων, οπότε δεν μπορεί να του ανατεθούν δραστηριότητες πωλήσεων."
            ),
            DomainError::NoteEmpty => "Γράψτε πρώτα κάτι στη σημείωση.".into(),
            DomainError::NoteTooLong(max) => format!(
                "Οι σημειώσεις έχουν έως {max} χαρακτήρες. Συντομέψτε αυτή τη σημείωση."
            ),
            DomainError::InvalidPhoneNumber(n) => format!(
                "Το «{n}» δεν είναι αριθμός τηλεφώνου που μπορεί να κληθεί. Ελέγξτε τον ή καλέστε από το πληκτρολόγιο."
            ),
            DomainError::NotAPhoneCall => "Αυτή η δραστηριότητα δεν είναι τηλεφωνική κλήση.".into(),
            DomainError::CallGoingOn => {
                "Η κλήση είναι ακόμη σε εξέλιξη. Κλείστε πρώτα τη γραμμή και μετά σημειώστε την ως ολοκληρωμένη."
                    .into()
            }
            DomainError::NoRecipient => "Προσθέστε τουλάχιστον μία διεύθυνση στο Προς.".into(),
            DomainError::InvalidEmailAddress(a) => format!(
                "Το «{a}» δεν είναι διεύθυνση email. Ελέγξτε την, π.χ. onoma@etaireia.gr."
            ),
            DomainError::EmailSubjectEmpty => "Δώστε θέμα στο email.".into(),
            DomainError::EmailSubjectTooLong(max) => {
                format!("Το θέμα έχει έως {max} χαρακτήρες. Συντομέψτε το.")
            }
            DomainError::EmailBodyEmpty => "Γράψτε πρώτα κάτι στο email.".into(),
            DomainError::EmailBodyTooLarge => {
                "Το email είναι πολύ μεγάλο για αποστολή. Συντομέψτε το ή αφαιρέστε εικόνες.".into()
            }
            DomainError::SendTimeNotInFuture => "Επιλέξτε ώρα αποστολής στο μέλλον.".into(),
            DomainError::NotAnEmail => "Αυτή η δραστηριότητα δεν είναι email.".into(),
            DomainError::TextEmpty => "Γράψτε πρώτα το μήνυμα.".into(),
            DomainError::TextTooLong(max) => {
                format!("Τα μηνύματα κειμένου έχουν έως {max} χαρακτήρες. Συντομέψτε το.")
            }
            DomainError::NotATextMessage => "Αυτή η δραστηριότητα δεν είναι μήνυμα κειμένου.".into(),
            DomainError::MeetingSubjectEmpty => "Δώστε τίτλο στη σύσκεψη.".into(),
            DomainError::MeetingDuration(max) => {
                format!("Μια σύσκεψη διαρκεί από 1 έως {max} λεπτά.")
            }
            DomainError::MeetingTextTooLong(max) => {
                format!("Ο τίτλος και η τοποθεσία μιας σύσκεψης έχουν έως {max} χαρακτήρες.")
            }
            DomainError::MeetingLinkNotTeams => {
                "Ο σύνδεσμος συμμετοχής πρέπει να είναι σύνδεσμος Microsoft Teams (https://teams.microsoft.com/…). Αφήστε τον κενό για σύσκεψη χωρίς σύνδεσμο."
                    .into()
            }
        }
    }
}

/// A feature's name as a seller sees it.
pub fn feature_name(f: Feature, lang: Lang) -> &'static str {
    match (f, lang) {
        (Feature::Sequences, Lang::En) => "Sequences",
        (Feature::Sequences, Lang::El) => "Ακολουθίες",
        (Feature::EmailEngagement, Lang::En) => "Email engagement",
        (Feature::EmailEngagement, Lang::El) => "Αλληλεπίδραση email",
        (Feature::TextMessages, Lang::En) => "Text messages",
        (Feature::TextMessages, Lang::El) => "Μηνύματα κειμένου",
        (Feature::Softphone, Lang::En) => "Softphone",
        (Feature::Softphone, Lang::El) => "Τηλέφωνο λογισμικού",
    }
}

/// A role's name as a seller sees it.
pub fn role_name(r: SalesRole, lang: Lang) -> &'static str {
    match (r, lang) {
        (SalesRole::Seller, Lang::En) => "Seller",
        (SalesRole::Seller, Lang::El) => "Πωλητής",
        (SalesRole::SalesManager, Lang::En) => "Sales manager",
        (SalesRole::SalesManager, Lang::El) => "Διευθυντής πωλήσεων",
    }
}

fn state_name(s: ActivityState, lang: Lang) -> &'static str {
    match (s, lang) {
        (ActivityState::Open, Lang::En) => "open",
        (ActivityState::Completed, Lang::En) => "completed",
        (ActivityState::Skipped, Lang::En) => "skipped",
        (ActivityState::Cancelled, Lang::En) => "cancelled",
        (ActivityState::Pending, Lang::En) => "pending",
        (ActivityState::Open, Lang::El) => "ανοιχτή",
        (ActivityState::Completed, Lang::El) => "ολοκληρωμένη",
        (ActivityState::Skipped, Lang::El) => "παραλειμμένη",
        (ActivityState::Cancelled, Lang::El) => "ακυρωμένη",
        (ActivityState::Pending, Lang::El) => "σε εκκρεμότητα",
    }
}
