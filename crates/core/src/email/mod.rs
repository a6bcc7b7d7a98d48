//! Email from the work list (R15–R17): the composer's view of a record, drafts saved as the
//! seller types, sending now or later, and the seller's own mail server for when Nextline is
//! not connected to Dynamics 365.

mod sender;
mod smtp;

pub use sender::EmailSendReport;
pub use smtp::{SmtpProblem, SmtpSecurity, SmtpSettings};

use std::sync::Arc;

use chrono::{DateTime, Utc};
use nextline_domain::email::{EmailWarning, email_warnings};
use nextline_domain::send_time::{SuggestedSendTime, suggested_send_time};
use nextline_domain::settings::Feature;
use nextline_domain::templates::{Template, TemplateValues, email_templates};
use nextline_domain::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::secrets::{SecretKey, SecretStore};
use crate::{App, CommandDone, CoreError, Result};

/// Where the seller's email settings are kept (the password is in the keyring).
pub const EMAIL_SETTINGS_KEY: &str = "email.settings";

/// What the composer opens with for a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailComposer {
    /// The saved draft, or a fresh one: To from the contact, the subject from the step.
    pub draft: EmailDraft,
    /// A saved draft was found and restored.
    pub restored: bool,
    pub contact_name: String,
    pub warnings: Vec<EmailWarning>,
    /// Filled in for this record.
    pub templates: Vec<Template>,
    /// The seller's signature (HTML), added below the body.
    pub signature: String,
    /// R17: only where the administrator turned email engagement on.
    pub suggested: Option<SuggestedSendTime>,
    /// How Send goes: through Dynamics when connected, else the seller's SMTP server.
    pub route: EmailRoute,
    /// Whether that way is set up (connected, or an SMTP server with its password).
    pub ready: bool,
}

/// The seller's email settings, as Settings → Email shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailSettings {
    pub smtp: Option<SmtpSettings>,
    /// HTML, added to every new email.
    pub signature: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailSettingsView {
    pub settings: EmailSettings,
    /// The SMTP password is in the keyring (it is never shown).
    pub password_saved: bool,
}

/// What the seller pressed: Send (now) or Schedule (at a time).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendEmailRequest {
    pub draft: EmailDraft,
    #[ts(type = "string | null")]
    pub send_at: Option<DateTime<Utc>>,
}

impl App {
    pub async fn email_settings(&self) -> Result<EmailSettings> {
        Ok(self
            .store()
            .get(EMAIL_SETTINGS_KEY)
            .await?
            .unwrap_or_default())
    }

    pub async fn email_settings_view(
        &self,
        secrets: &dyn SecretStore,
    ) -> Result<EmailSettingsView> {
        let settings = self.email_settings().await?;
        let password_saved = match &settings.smtp {
            Some(s) => secrets
                .get(&SecretKey::SmtpPassword {
                    account: s.account(),
                })?
                .is_some(),
            None => false,
        };
        Ok(EmailSettingsView {
            settings,
            password_saved,
        })
    }

    /// Saves the email settings; a password given goes to the keyring, never the database.
    pub async fn set_email_settings(
        &self,
        settings: &EmailSettings,
        password: Option<&str>,
        secrets: &dyn SecretStore,
    ) -> Result<()> {
        if let Some(smtp) = &settings.smtp {
            smtp.check()?;
            if let Some(p) = password.filter(|p| !p.is_empty()) {
                secrets.set(
                    &SecretKey::SmtpPassword {
                        account: smtp.account(),
                    },
                    p,
                )?;
            }
        }
        self.store().set(EMAIL_SETTINGS_KEY, settings).await?;
        Ok(())
    }

    /// How an email goes now: Dynamics when connected, else SMTP.
    pub async fn email_route(&self) -> Result<EmailRoute> {
        Ok(if self.crm_settings().await?.is_some() {
            EmailRoute::Dynamics
        } else {
            EmailRoute::Smtp
        })
    }

    /// The composer for `record` (and the Up Next step it is written for, if any).
    pub async fn email_composer(
        &self,
        record: RecordId,
        for_activity: Option<ActivityId>,
        secrets: &dyn SecretStore,
    ) -> Result<EmailComposer> {
        let state = self.store().record_state(record).await?;
        let settings = self.settings().await?;
        let seller = self.current_user_name().await?;
        let contact = &state.record.contact;
        let saved = self.store().email_draft(record).await?;
        let restored = saved.is_some();
        let draft = match saved {
            Some(d) => d,
            None => {
                let step = for_activity
                    .and_then(|id| state.activity(id))
                    .filter(|a| a.kind == ActivityType::Email && a.is_open());
                EmailDraft {
                    record,
                    for_activity: step.map(|s| s.id),
                    to: contact
                        .email
                        .iter()
                        .filter(|e| !e.trim().is_empty())
                        .cloned()
                        .collect(),
                    cc: vec![],
                    subject: step.map(|s| s.subject.clone()).unwrap_or_default(),
                    body_html: String::new(),
                    saved_at: None,
                }
            }
        };
        let values = TemplateValues {
            contact,
            seller_name: &seller,
            record_name: &state.record.name,
        };
        let email = self.email_settings().await?;
        let route = self.email_route().await?;
        let ready = match route {
            EmailRoute::Dynamics => true,
            // A server taking mail without signing in needs no password.
            EmailRoute::Smtp => match &email.smtp {
                Some(s) => {
                    s.user.is_empty()
                        || secrets
                            .get(&SecretKey::SmtpPassword {
                                account: s.account(),
                            })?
                            .is_some()
                }
                None => false,
            },
        };
        Ok(EmailComposer {
            draft,
            restored,
            contact_name: contact.name.clone(),
            warnings: email_warnings(contact),
            templates: email_templates(self.lang(), &values),
            signature: email.signature,
            suggested: settings
                .features
                .is_on(Feature::EmailEngagement)
                .then(|| suggested_send_time(contact, &settings, self.now())),
            route,
            ready,
        })
    }

    /// Saves the composer's draft (R16); returns when it was saved.
    pub async fn save_email_draft(&self, draft: &EmailDraft) -> Result<DateTime<Utc>> {
        // The record must exist: a draft for nothing would never be found again.
        self.store().record_state(draft.record).await?;
        let now = self.now();
        self.store().save_email_draft(draft, now).await?;
        Ok(now)
    }

    pub async fn discard_email_draft(&self, record: RecordId) -> Result<()> {
        self.store().discard_email_draft(record).await?;
        Ok(())
    }

    /// Send (now) or Schedule (R17): the email activity is created, pending, in the same
    /// moment the draft goes; the activity clock (SMTP) or the sync (Dynamics) sends it.
    pub async fn send_email(
        &self,
        request: &SendEmailRequest,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<CommandDone> {
        let route = self.email_route().await?;
        if route == EmailRoute::Smtp {
            let settings = self.email_settings().await?;
            let smtp = settings.smtp.ok_or(CoreError::EmailNotSetUp)?;
            smtp.check()?;
            if secrets
                .get(&SecretKey::SmtpPassword {
                    account: smtp.account(),
                })?
                .is_none()
                && !smtp.user.is_empty()
            {
                return Err(CoreError::SmtpPasswordMissing);
            }
        }
        let d = &request.draft;
        let id = ActivityId(uuid::Uuid::new_v4());
        let done = self
            .run(
                None,
                Command::SendEmail {
                    email: id,
                    record: d.record,
                    for_activity: d.for_activity,
                    to: d.to.clone(),
                    cc: d.cc.clone(),
                    subject: d.subject.clone(),
                    body_html: d.body_html.clone(),
                    send_at: request.send_at,
                    route,
                },
            )
            .await?;
        // The email is on its way: a draft left behind is only untidy, never a reason to say
        // "failed" (the seller would send it again).
        if let Err(e) = self.store().discard_email_draft(d.record).await {
            tracing::warn!(code = e.code(), "a sent email's draft was not removed");
        }
        if route == EmailRoute::Smtp && request.send_at.is_none() {
            // Send now: straight away, not at the clock's next look.
            let app = self.clone();
            tokio::spawn(async move {
                if let Err(e) = app.send_due_emails(secrets).await {
                    tracing::warn!(code = e.code(), "sending email: {e}");
                }
            });
        }
        Ok(done)
    }
}
