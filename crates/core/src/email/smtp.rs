//! The seller's own mail server (when Nextline is not connected to Dynamics 365): SMTP with
//! STARTTLS or TLS through `lettre`, the password from the keyring.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart, header};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use nextline_domain::email::{html_to_plain, is_email_address};
use nextline_domain::{Activity, EmailDetails};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{CoreError, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a server on this machine.
    None,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// The account's user name; empty for a server that takes mail without signing in.
    pub user: String,
    /// The address emails are from.
    pub from_address: String,
    /// The name shown with it (the seller's).
    pub from_name: String,
}

const TIMEOUT: Duration = Duration::from_secs(30);

/// What is wrong with the mail server settings, named in the seller's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpProblem {
    Host,
    Port,
    FromAddress,
    /// No encryption to a server that is not on this machine.
    PlainOnNetwork,
}

impl SmtpProblem {
    pub fn words(self, lang: nextline_domain::Lang) -> &'static str {
        use nextline_domain::Lang::{El, En};
        match (self, lang) {
            (SmtpProblem::Host, En) => "the server name",
            (SmtpProblem::Host, El) => "το όνομα του διακομιστή",
            (SmtpProblem::Port, En) => "the port",
            (SmtpProblem::Port, El) => "τη θύρα",
            (SmtpProblem::FromAddress, En) => "the From address",
            (SmtpProblem::FromAddress, El) => "τη διεύθυνση αποστολέα",
            (SmtpProblem::PlainOnNetwork, En) => "a server on the network needs STARTTLS or TLS",
            (SmtpProblem::PlainOnNetwork, El) => {
                "ένας διακομιστής στο δίκτυο χρειάζεται STARTTLS ή TLS"
            }
        }
    }
}

impl SmtpSettings {
    /// The keyring entry's name.
    pub fn account(&self) -> String {
        format!("{}@{}", self.user, self.host)
    }

    fn is_local(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "::1")
    }

    pub fn check(&self) -> Result<()> {
        let bad = |what| Err(CoreError::SmtpSettingsInvalid(what));
        if self.host.trim().is_empty() || self.host.contains(char::is_whitespace) {
            return bad(SmtpProblem::Host);
        }
        if self.port == 0 {
            return bad(SmtpProblem::Port);
        }
        if !is_email_address(&self.from_address) {
            return bad(SmtpProblem::FromAddress);
        }
        if self.security == SmtpSecurity::None && !self.is_local() {
            return bad(SmtpProblem::PlainOnNetwork);
        }
        Ok(())
    }

    fn transport(&self, password: Option<&str>) -> Result<AsyncSmtpTransport<Tokio1Executor>> {
        let unreachable = |e: lettre::transport::smtp::Error| CoreError::Smtp {
            code: "smtp_unreachable",
            detail: e.to_string(),
        };
        let builder = match self.security {
            SmtpSecurity::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host).map_err(unreachable)?
            }
            SmtpSecurity::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host)
                    .map_err(unreachable)?
            }
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            }
        };
        let mut builder = builder.port(self.port).timeout(Some(TIMEOUT));
        if !self.user.is_empty() {
            let password = password.ok_or(CoreError::SmtpPasswordMissing)?;
            builder =
                builder.credentials(Credentials::new(self.user.clone(), password.to_string()));
        }
        Ok(builder.build())
    }

    /// Hands one email to the server. The Message-ID is made from the activity's id, so a
    /// retry after a crash mid-send is recognised as the same message by mail clients.
    pub async fn send(&self, password: Option<&str>, activity: &Activity) -> Result<()> {
        let email = activity
            .email
            .as_ref()
            .ok_or(CoreError::Rule(nextline_domain::DomainError::NotAnEmail))?;
        let message = self.message(activity, email)?;
        let transport = self.transport(password)?;
        transport.send(message).await.map_err(smtp_error)?;
        Ok(())
    }

    fn message(&self, activity: &Activity, email: &EmailDetails) -> Result<Message> {
        let bad_address = |a: &str| {
            CoreError::Rule(nextline_domain::DomainError::InvalidEmailAddress(
                a.to_string(),
            ))
        };
        let from = Mailbox::new(
            Some(self.from_name.clone()).filter(|n| !n.is_empty()),
            self.from_address
                .parse()
                .map_err(|_| bad_address(&self.from_address))?,
        );
        let mut b = Message::builder()
            .from(from)
            .subject(activity.subject.clone())
            .message_id(Some(format!("<{}@nextline.app>", activity.id)))
            .date(std::time::SystemTime::from(email.send_at))
            .header(header::UserAgent::from("Nextline".to_string()));
        for to in &email.to {
            b = b.to(to.parse().map_err(|_| bad_address(to))?);
        }
        for cc in &email.cc {
            b = b.cc(cc.parse().map_err(|_| bad_address(cc))?);
        }
        b.multipart(MultiPart::alternative_plain_html(
            html_to_plain(&email.body_html),
            email.body_html.clone(),
        ))
        .map_err(|e| CoreError::Smtp {
            code: "smtp_refused",
            detail: e.to_string(),
        })
    }
}

fn smtp_error(e: lettre::transport::smtp::Error) -> CoreError {
    let status = e.status().map(|c| c.to_string());
    let code = match status.as_deref() {
        Some("535" | "534" | "530") => "smtp_auth_failed",
        Some(_) if e.is_permanent() => "smtp_refused",
        Some(_) => "smtp_unreachable", // 4xx: try again later
        None => "smtp_unreachable",
    };
    CoreError::Smtp {
        code,
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nextline_domain::Lang;

    fn settings(host: &str, security: SmtpSecurity, from: &str) -> SmtpSettings {
        SmtpSettings {
            host: host.into(),
            port: 587,
            security,
            user: "eleni".into(),
            from_address: from.into(),
            from_name: String::new(),
        }
    }

    #[test]
    fn bad_settings_are_named_in_the_sellers_language() {
        let plain = settings("mail.example.com", SmtpSecurity::None, "e@x.gr")
            .check()
            .unwrap_err();
        assert_eq!(plain.code(), "smtp_settings_invalid");
        assert_eq!(
            plain.message(Lang::El),
            "Ελέγξτε τις ρυθμίσεις του διακομιστή αλληλογραφίας: ένας διακομιστής στο δίκτυο χρειάζεται STARTTLS ή TLS."
        );
        let from = settings("mail.example.com", SmtpSecurity::StartTls, "eleni")
            .check()
            .unwrap_err();
        assert_eq!(
            from.message(Lang::En),
            "Check the mail server settings: the From address."
        );
        // Plain SMTP is fine to a server on this machine.
        assert!(
            settings("127.0.0.1", SmtpSecurity::None, "e@x.gr")
                .check()
                .is_ok()
        );
    }
}
