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
        // Taken by the server earlier, but the activity never said so: say it now, send nothing.
        for email in self.store().emails_sent_unrecorded().await? {
            if self
                .run(email.closed_by, Command::EmailSent { activity: email.id })
                .await
                .is_ok()
            {
                self.store().release_email_send(email.id).await?;
            }
        }
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
                        // Before anything else can fail: never sent twice.
                        self.store().email_handed_over(email.id, self.now()).await?;
                        Command::EmailSent { activity: email.id }
                    }
                    Err(e) => {
                        report.failed += 1;
                        // The server's words may name the recipient: the code only.
                        tracing::warn!(code = e.code(), "email not sent");
                        Command::EmailFailed {
                            activity: email.id,
                            reason: e.message(self.lang()),
                        }
                    }
                };
                match self.run(sender, command).await {
                    Ok(_) => self.store().release_email_send(email.id).await?,
                    // A sent email keeps its claim (told again at the next look); a failed
                    // one lets it go, to be tried again.
                    Err(e) => {
                        tracing::warn!(code = e.code(), "an email's outcome not recorded");
                        if result.is_err() {
                            self.store().release_email_send(email.id).await?;
                        }
                    }
                }
            }
        }
        report.next = self
            .store()
            .next_email_send(EmailRoute::Smtp, self.now())
            .await?;
        Ok(report)
    }
}
