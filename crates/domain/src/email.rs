//! Email (R15–R17): what an email activity carries, the composer's draft, and who it can go to.

use crate::ids::{ActivityId, RecordId};
use crate::record::Contact;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest subject Dynamics keeps (email.subject is 200 characters).
pub const MAX_SUBJECT_CHARS: usize = 200;
/// After failed tries, the wait before the next: 1, 2, 4… minutes, at most this.
pub const MAX_RETRY_MINUTES: i64 = 30;

/// The wait before try number `attempts + 1`.
pub fn retry_wait(attempts: u32) -> chrono::Duration {
    chrono::Duration::minutes((1i64 << attempts.min(5)).min(MAX_RETRY_MINUTES))
}

/// A body larger than this is refused (Dynamics' description holds about 1 MB of HTML).
pub const MAX_BODY_BYTES: usize = 1_000_000;

/// How an email leaves: through Dynamics (SendEmail, the org's mailbox) or the seller's own
/// SMTP server when Nextline is not connected to Dynamics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum EmailRoute {
    Dynamics,
    Smtp,
}

/// An email activity's message: kept with the activity so the timeline shows what was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailDetails {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// The body as the composer wrote it (HTML: paragraphs, bold, italic, lists, links).
    pub body_html: String,
    /// When it is to go: the moment the seller pressed Send, or the time they scheduled (R17).
    pub send_at: DateTime<Utc>,
    /// Whether the seller scheduled it (R17) rather than sending it now.
    pub scheduled: bool,
    pub route: EmailRoute,
    /// When it left (the SMTP server took it, or Dynamics was asked to send it).
    pub sent_at: Option<DateTime<Utc>>,
    /// The last attempt's failure, in words, while it waits to be tried again.
    pub failure: Option<String>,
    /// How many times sending was tried and failed.
    #[serde(default)]
    pub attempts: u32,
    /// After a failure: not tried again before this.
    #[serde(default)]
    pub retry_at: Option<DateTime<Utc>>,
    /// The Up Next step it was written for; sending completes that step.
    pub for_activity: Option<ActivityId>,
}

/// The composer's unsent work, one per record, saved as the seller types (R16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailDraft {
    pub record: RecordId,
    pub for_activity: Option<ActivityId>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body_html: String,
    /// When the store last saved it; `None` for a fresh draft never saved.
    pub saved_at: Option<DateTime<Utc>>,
}

/// Why the composer warns before the seller writes (R15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum EmailWarning {
    /// The contact has no email address: type one in To.
    NoAddress,
    /// The contact asked not to be emailed.
    DoNotEmail,
}

/// What the composer should warn about for this contact.
pub fn email_warnings(contact: &Contact) -> Vec<EmailWarning> {
    let mut w = Vec::new();
    if contact.email.as_deref().is_none_or(|e| e.trim().is_empty()) {
        w.push(EmailWarning::NoAddress);
    }
    if contact.do_not_email {
        w.push(EmailWarning::DoNotEmail);
    }
    w
}

/// Whether `s` is one email address a server will take: an RFC 5322 address without a display
/// name (the `email_address` crate), whose domain has a dot (`name@localhost` is no one's).
pub fn is_email_address(s: &str) -> bool {
    let s = s.trim();
    let dotted = s.rsplit_once('@').is_some_and(|(_, domain)| {
        domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    });
    let plain = email_address::Options::default()
        .without_display_text()
        .without_domain_literal();
    dotted && email_address::EmailAddress::parse_with_options(s, plain).is_ok()
}

/// Splits what the seller typed in To or Cc ("a@x.com; b@y.com, c@z.com") into addresses.
pub fn split_addresses(field: &str) -> Vec<String> {
    field
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The visible text of the composer's HTML, for checks ("is the body empty?") and previews.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The composer's HTML as plain text for the text part of a message: paragraphs and line
/// breaks kept, list items as "- ", links as "text (url)".
pub fn html_to_plain(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut href: Option<String> = None;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("br", _) => out.push('\n'),
            ("p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3", true) => out.push_str("\n\n"),
            ("li", false) => out.push_str("- "),
            ("li", true) => out.push('\n'),
            ("a", false) => {
                href = tag
                    .split("href=\"")
                    .nth(1)
                    .and_then(|h| h.split('"').next())
                    .map(str::to_string);
            }
            ("a", true) => {
                if let Some(h) = href.take() {
                    out.push_str(&format!(" ({h})"));
                }
            }
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let text = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_a_server_takes() {
        for ok in [
            "a@b.co",
            "maria.papadopoulou@contoso.gr",
            "x+tag@sub.example.com",
        ] {
            assert!(is_email_address(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@b.com",
            "a@.com",
            "a@b.",
            "a b@c.com",
            "a@b@c.com",
            "Maria <m@c.com>",
            "a@b..com",
            "a;b@c.com",
        ] {
            assert!(!is_email_address(bad), "{bad}");
        }
    }

    #[test]
    fn fields_split_on_commas_and_semicolons() {
        assert_eq!(
            split_addresses(" a@b.co; c@d.co ,\n e@f.co;; "),
            vec!["a@b.co", "c@d.co", "e@f.co"]
        );
    }

    #[test]
    fn html_text_is_what_a_reader_sees() {
        assert_eq!(
            html_text("<p>Hi <b>Maria</b>,</p><ul><li>one &amp; two</li></ul><p>&nbsp;</p>"),
            "Hi Maria ,  one & two"
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert_eq!(html_text("<p><br></p>"), "");
    }

    #[test]
    fn plain_text_keeps_paragraphs_lists_and_links() {
        assert_eq!(
            html_to_plain(
                "<p>Hi <b>Μαρία</b>,</p><ul><li>one</li><li>two &amp; three</li></ul><p>See <a href=\"https://x.gr/a\">this</a><br>Nikos</p>"
            ),
            "Hi Μαρία,\n\n- one\n- two & three\n\nSee this (https://x.gr/a)\nNikos"
        );
    }

    #[test]
    fn warnings_for_no_address_and_do_not_email() {
        let mut c = Contact::default();
        assert_eq!(email_warnings(&c), vec![EmailWarning::NoAddress]);
        c.email = Some("m@contoso.gr".into());
        assert!(email_warnings(&c).is_empty());
        c.do_not_email = true;
        assert_eq!(email_warnings(&c), vec![EmailWarning::DoNotEmail]);
    }
}
