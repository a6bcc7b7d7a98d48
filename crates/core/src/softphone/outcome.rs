//! How a call ended, from the phone's words to the activity's outcome and the seller's.

use nextline_domain::{CallOutcome, Lang};
use nextline_phone::CallEnd;
use nextline_phone::sip::{Cause, EndReason};

/// The activity's outcome of a call that ended with `end`.
pub fn outcome_of(end: &CallEnd, answered: bool, outgoing: bool) -> CallOutcome {
    match end {
        CallEnd::Hangup(EndReason::Cancelled) => CallOutcome::Cancelled,
        CallEnd::Hangup(EndReason::Declined) => CallOutcome::Declined,
        CallEnd::Hangup(EndReason::CallerCancelled) => CallOutcome::NoAnswer,
        CallEnd::Hangup(_) if answered => CallOutcome::Answered,
        CallEnd::Hangup(_) if outgoing => CallOutcome::Cancelled,
        CallEnd::Hangup(_) => CallOutcome::NoAnswer,
        CallEnd::Failed {
            cause: Cause::Busy, ..
        } => CallOutcome::Busy,
        CallEnd::Failed {
            cause: Cause::NoAnswer,
            ..
        } => CallOutcome::NoAnswer,
        CallEnd::Failed {
            cause: Cause::Declined,
            ..
        } => CallOutcome::Declined,
        CallEnd::Failed { code, cause } => CallOutcome::Failed {
            code: *code,
            reason: cause.describe().to_string(),
        },
        CallEnd::Trouble(_) if answered => CallOutcome::Answered,
        CallEnd::Trouble(why) => CallOutcome::Failed {
            code: 0,
            reason: why.clone(),
        },
    }
}

/// The outcome in the seller's language, with the SIP code when it failed.
pub fn outcome_text(outcome: &CallOutcome, end: &CallEnd, lang: Lang) -> String {
    let cause = match end {
        CallEnd::Failed { code, cause } => Some((*code, *cause)),
        _ => None,
    };
    match (outcome, lang) {
        (CallOutcome::Answered, Lang::En) => match end {
            CallEnd::Hangup(EndReason::RemoteHangup) => "They hung up".into(),
            CallEnd::Trouble(_) => "The call dropped".into(),
            _ => "Call ended".into(),
        },
        (CallOutcome::Answered, Lang::El) => match end {
            CallEnd::Hangup(EndReason::RemoteHangup) => "Έκλεισαν τη γραμμή".into(),
            CallEnd::Trouble(_) => "Η κλήση διακόπηκε".into(),
            _ => "Η κλήση τελείωσε".into(),
        },
        (CallOutcome::Busy, Lang::En) => "Busy".into(),
        (CallOutcome::Busy, Lang::El) => "Κατειλημμένο".into(),
        (CallOutcome::NoAnswer, Lang::En) => "No answer".into(),
        (CallOutcome::NoAnswer, Lang::El) => "Δεν απάντησαν".into(),
        (CallOutcome::Cancelled, Lang::En) => "You hung up before they answered".into(),
        (CallOutcome::Cancelled, Lang::El) => "Κλείσατε πριν απαντήσουν".into(),
        (CallOutcome::Declined, Lang::En) => "Declined".into(),
        (CallOutcome::Declined, Lang::El) => "Απορρίφθηκε".into(),
        (CallOutcome::Interrupted, Lang::En) => "Interrupted".into(),
        (CallOutcome::Interrupted, Lang::El) => "Διακόπηκε".into(),
        (CallOutcome::Failed { code, reason }, Lang::En) => match cause {
            Some((c, cause)) => format!("The call did not connect: {} (SIP {c})", cause.describe()),
            None if *code > 0 => format!("The call did not connect: {reason} (SIP {code})"),
            None => format!("The call did not connect: {reason}"),
        },
        (CallOutcome::Failed { code, reason }, Lang::El) => match cause {
            Some((c, cause)) => format!("Η κλήση δεν συνδέθηκε: {} (SIP {c})", greek_cause(cause)),
            None if *code > 0 => format!("Η κλήση δεν συνδέθηκε: {reason} (SIP {code})"),
            None => format!("Η κλήση δεν συνδέθηκε: {reason}"),
        },
    }
}

fn greek_cause(c: Cause) -> &'static str {
    match c {
        Cause::Busy => "η γραμμή είναι κατειλημμένη",
        Cause::NoAnswer => "δεν απάντησε κανείς",
        Cause::NotFound => "ο αριθμός δεν υπάρχει",
        Cause::Declined => "η κλήση απορρίφθηκε",
        Cause::Unavailable => "ο αριθμός δεν είναι διαθέσιμος",
        Cause::Forbidden => "ο πάροχος δεν επιτρέπει την κλήση",
        Cause::WrongPassword => "λάθος κωδικός λογαριασμού SIP",
        Cause::MediaRefused => "η άλλη πλευρά δεν δέχεται τον ήχο μας",
        Cause::Moved => "ο αριθμός έχει μεταφερθεί",
        Cause::ServerError => "σφάλμα του διακομιστή τηλεφωνίας",
        Cause::ConnectionLost => "χάθηκε η σύνδεση με τον διακομιστή",
        Cause::Other => "άγνωστη αιτία",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_unanswered_and_refused_calls_read_as_a_seller_expects() {
        let busy = CallEnd::Failed {
            code: 486,
            cause: Cause::Busy,
        };
        assert_eq!(outcome_of(&busy, false, true), CallOutcome::Busy);
        let gone = CallEnd::Failed {
            code: 404,
            cause: Cause::NotFound,
        };
        let o = outcome_of(&gone, false, true);
        assert_eq!(o.as_str(), "failed");
        assert_eq!(
            outcome_text(&o, &gone, Lang::En),
            "The call did not connect: the number does not exist (SIP 404)"
        );
        assert_eq!(
            outcome_of(&CallEnd::Hangup(EndReason::RemoteHangup), true, true),
            CallOutcome::Answered
        );
        assert_eq!(
            outcome_of(&CallEnd::Hangup(EndReason::Cancelled), false, true),
            CallOutcome::Cancelled
        );
        assert_eq!(
            outcome_of(&CallEnd::Hangup(EndReason::CallerCancelled), false, false),
            CallOutcome::NoAnswer
        );
    }
}
