//! R17: sending the pending emails whose time has come through the seller's SMTP server, each
//! claimed first so that the app and the CLI never both send it; a failure keeps the email
//! pending with the reason and a later retry time.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use nextline_domain::{Command, EmailRoute};

use crate::secrets::{SecretKey, SecretStore};
use crate::{App, CoreError, Result};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EmailSendReport {
    pub sent: u32,
    pub failed: u32,
    /// When the next pending email is due (its time, or its retry).
    pub next: Option<DateTime<Utc>>,
}

impl App {
    /// Sends every pending SMTP email due now; says when the next one is due.
    pub async fn send_due_emails(&self, secrets: Arc<dyn SecretStore>) -> Result<EmailSendReport> {
        let mut report = EmailSendReport::default();
        let due = self
            .store()
            .emails_to_send(EmailRoute::Smtp, self.now())
            .await?;
        if !due.is_empty() {
            let settings = self.email_settings().await?;
            for email in due {
                if !self.store().claim_email_send(email.id, self.now()).await? {
                    continue;
                }
                let result = match &settings.smtp {
                    None => Err(CoreError::EmailNotSetUp),
                    Some(smtp) => match secrets.get(&SecretKey::SmtpPassword {
                        account: smtp.account(),
                    }) {
                        Ok(password) => smtp.send(password.as_deref(), &email).await,
                        Err(e) => Err(e.into()),
                    },
                };
                let sender = email.closed_by;
                let command = match &result {
                    Ok(()) => {
                        report.sent += 1;
                        tracing::info!("email sent");
                        Command::EmailSent { activity: email.id }
                    }
                    Err(e) => {
                        report.failed += 1;
                        tracing::warn!(code = e.code(), "email not sent: {e}");
                        Command::EmailFailed {
                            activity: email.id,
                            reason: e.message(self.lang()),
                        }
                    }
                };
                let recorded = self.run(sender, command).await;
                self.store().release_email_send(email.id).await?;
                recorded?;
            }
        }
        report.next = self
            .store()
            .next_email_send(EmailRoute::Smtp, self.now())
            .await?;
        Ok(report)
    }
}
