//! Templates for emails (R15) and text messages (R21), with placeholders filled from the
//! record: `{{FirstName}}`, `{{Company}}`, `{{SellerName}}` (Dynamics' text message names
//! `{{ContactFirstName1}}`, `{{UserFirstName}}`… work too), each with an optional default:
//! `{{FirstName|there}}`.

use crate::lang::Lang;
use crate::record::Contact;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: String,
    pub name: String,
    /// Emails only; empty for a text message.
    pub subject: String,
    /// HTML for an email, plain text for a text message.
    pub body: String,
}

/// The values placeholders are filled with.
pub struct TemplateValues<'a> {
    pub contact: &'a Contact,
    pub seller_name: &'a str,
    pub record_name: &'a str,
}

fn first_name(full: &str) -> &str {
    full.split_whitespace().next().unwrap_or("")
}

fn value(name: &str, v: &TemplateValues<'_>) -> Option<String> {
    let key: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let key = key.trim_end_matches(|c: char| c.is_ascii_digit());
    let s = match key {
        "firstname" | "contactfirstname" | "leadfirstname" => {
            first_name(&v.contact.name).to_string()
        }
        "fullname" | "name" | "contactname" | "contactfullname" => v.contact.name.clone(),
        "company" | "companyname" | "accountname" => v.contact.company.clone().unwrap_or_default(),
        "sellername" | "username" | "userfullname" => v.seller_name.to_string(),
        "sellerfirstname" | "userfirstname" => first_name(v.seller_name).to_string(),
        "topic" | "recordname" | "opportunityname" => v.record_name.to_string(),
        _ => return None,
    };
    Some(s)
}

/// Fills every `{{Name}}` / `{{Name|default}}`; an unknown or empty value takes its default
/// (or nothing). `escape` is applied to filled values (HTML for an email body).
pub fn fill(text: &str, v: &TemplateValues<'_>, escape: fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &after[..close];
        let (name, default) = match inner.split_once('|') {
            Some((n, d)) => (n.trim(), d.trim()),
            None => (inner.trim(), ""),
        };
        match value(name, v).filter(|s| !s.is_empty()) {
            Some(s) => out.push_str(&escape(&s)),
            None => out.push_str(&escape(default)),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Escapes text for HTML.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn plain(s: &str) -> String {
    s.to_string()
}

/// The built-in email templates, filled for this record.
pub fn email_templates(lang: Lang, v: &TemplateValues<'_>) -> Vec<Template> {
    let raw: &[(&str, &str, &str, &str)] = match lang {
        Lang::En => &[
            (
                "intro",
                "Introduction",
                "{{Company|Your team}} and {{SellerName}}",
                "<p>Hi {{FirstName|there}},</p><p>I'm {{SellerName}}. I'd like to show you how we could help {{Company|your team}}. Do you have 20 minutes this week?</p><p>Best regards,</p>",
            ),
            (
                "follow-up",
                "Follow-up after a call",
                "Following up: {{Topic}}",
                "<p>Hi {{FirstName|there}},</p><p>Thank you for your time today. As promised:</p><ul><li>a summary of what we discussed</li><li>the next steps</li></ul><p>Best regards,</p>",
            ),
            (
                "meeting",
                "Ask for a meeting",
                "Meeting about {{Topic}}",
                "<p>Hi {{FirstName|there}},</p><p>Could we meet to talk about <b>{{Topic}}</b>? Let me know a time that suits you.</p><p>Best regards,</p>",
            ),
        ],
        Lang::El => &[
            (
                "intro",
                "Γνωριμία",
                "{{Company|Η ομάδα σας}} και {{SellerName}}",
                "<p>Γεια σας {{FirstName}},</p><p>Είμαι ο/η {{SellerName}}. Θα ήθελα να σας δείξω πώς μπορούμε να βοηθήσουμε την {{Company|ομάδα σας}}. Έχετε 20 λεπτά αυτή την εβδομάδα;</p><p>Με εκτίμηση,</p>",
            ),
            (
                "follow-up",
                "Συνέχεια μετά από κλήση",
                "Συνέχεια: {{Topic}}",
                "<p>Γεια σας {{FirstName}},</p><p>Σας ευχαριστώ για τον χρόνο σας σήμερα. Όπως είπαμε:</p><ul><li>μια σύνοψη της συζήτησης</li><li>τα επόμενα βήματα</li></ul><p>Με εκτίμηση,</p>",
            ),
            (
                "meeting",
                "Αίτημα συνάντησης",
                "Συνάντηση για {{Topic}}",
                "<p>Γεια σας {{FirstName}},</p><p>Μπορούμε να συναντηθούμε για <b>{{Topic}}</b>; Πείτε μου μια ώρα που σας βολεύει.</p><p>Με εκτίμηση,</p>",
            ),
        ],
    };
    raw.iter()
        .map(|(id, name, subject, body)| Template {
            id: (*id).into(),
            name: (*name).into(),
            subject: fill(subject, v, plain),
            body: fill(body, v, html_escape),
        })
        .collect()
}

/// The built-in text message templates, filled for this record.
pub fn text_templates(lang: Lang, v: &TemplateValues<'_>) -> Vec<Template> {
    let raw: &[(&str, &str, &str)] = match lang {
        Lang::En => &[
            (
                "missed-call",
                "Sorry I missed you",
                "Hi {{FirstName|there}}, it's {{SellerName}}. Sorry I missed you — when is a good time to call?",
            ),
            (
                "running-late",
                "Running late",
                "Hi {{FirstName|there}}, {{SellerFirstName}} here: I'm running 10 minutes late. Sorry!",
            ),
            (
                "thanks",
                "Thanks for your time",
                "Thanks for your time today, {{FirstName|}}. I'll send the details by email. — {{SellerName}}",
            ),
        ],
        Lang::El => &[
            (
                "missed-call",
                "Δεν σας βρήκα",
                "Γεια σας {{FirstName}}, είμαι ο/η {{SellerName}}. Δεν σας βρήκα στο τηλέφωνο — πότε σας βολεύει να μιλήσουμε;",
            ),
            (
                "running-late",
                "Θα αργήσω",
                "Γεια σας {{FirstName}}, ο/η {{SellerFirstName}} εδώ: θα αργήσω 10 λεπτά. Συγγνώμη!",
            ),
            (
                "thanks",
                "Ευχαριστώ για τον χρόνο σας",
                "Ευχαριστώ για τον χρόνο σας σήμερα {{FirstName}}. Θα σας στείλω τις λεπτομέρειες με email. — {{SellerName}}",
            ),
        ],
    };
    raw.iter()
        .map(|(id, name, body)| Template {
            id: (*id).into(),
            name: (*name).into(),
            subject: String::new(),
            body: fill(body, v, plain),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maria() -> Contact {
        Contact {
            name: "Maria Papadopoulou".into(),
            company: Some("Contoso <Hellas>".into()),
            ..Contact::default()
        }
    }

    #[test]
    fn placeholders_take_the_records_values() {
        let c = maria();
        let v = TemplateValues {
            contact: &c,
            seller_name: "Nikos Georgiou",
            record_name: "Fleet trial",
        };
        assert_eq!(
            fill(
                "Hi {{FirstName}} at {{Company}}, {{ SellerFirstName }} / {{UserFirstName}} re {{Topic}}",
                &v,
                plain
            ),
            "Hi Maria at Contoso <Hellas>, Nikos / Nikos re Fleet trial"
        );
        assert_eq!(fill("{{ContactFirstName1}}", &v, plain), "Maria");
        // In an email body the company is escaped.
        assert_eq!(
            fill("{{Company}}", &v, html_escape),
            "Contoso &lt;Hellas&gt;"
        );
    }

    #[test]
    fn missing_values_take_the_default_or_nothing() {
        let c = Contact::default();
        let v = TemplateValues {
            contact: &c,
            seller_name: "Nikos",
            record_name: "",
        };
        assert_eq!(fill("Hi {{FirstName|there}}!", &v, plain), "Hi there!");
        assert_eq!(fill("Hi {{Company}}!", &v, plain), "Hi !");
        assert_eq!(fill("{{Unknown|x}} {{Unclosed", &v, plain), "x {{Unclosed");
    }

    #[test]
    fn built_in_templates_are_filled_in_both_languages() {
        let c = maria();
        let v = TemplateValues {
            contact: &c,
            seller_name: "Nikos Georgiou",
            record_name: "Fleet trial",
        };
        for lang in [Lang::En, Lang::El] {
            for t in email_templates(lang, &v)
                .into_iter()
                .chain(text_templates(lang, &v))
            {
                assert!(!t.body.contains("{{"), "{}: {}", t.id, t.body);
                assert!(!t.subject.contains("{{"), "{}: {}", t.id, t.subject);
            }
        }
        assert!(email_templates(Lang::En, &v)[0].body.contains("Hi Maria,"));
    }
}
