//! Text messages (R19–R21): the conversation pane's view of a record, sending through the
//! seller's phone account (SIP MESSAGE) or Twilio, and replies arriving live — by SIP or by
//! polling Twilio — onto the record whose contact has the number.

pub mod carrier;
pub mod twilio;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use nextline_domain::dialplan::{ContactNumber, ContactWarning, usable_contact_numbers};
use nextline_domain::templates::{Template, TemplateValues, text_templates};
use nextline_domain::*;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::secrets::{SecretKey, SecretStore};
use crate::softphone::Softphone;
use crate::{App, CommandDone, CoreError, Result};
use carrier::{SipCarrier, TextCarrier, TwilioCarrier};
use twilio::{TWILIO_API, TwilioClient};

/// Where the seller's text message settings are kept (the Twilio token is in the keyring).
pub const TEXT_SETTINGS_KEY: &str = "texts.settings";
/// When Twilio was last asked for replies (successfully).
pub const TWILIO_POLLED_KEY: &str = "texts.twilio.polled";
/// How often Twilio is asked for replies and delivery news.
pub const TWILIO_POLL: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextSettings {
    /// How texts go: the phone account (SIP MESSAGE) or Twilio; `None`: not set up.
    pub via: Option<TextTransport>,
    pub twilio: Option<TwilioSettings>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TwilioSettings {
    pub account_sid: String,
    /// The seller's Twilio numbers (E.164), the first the default.
    pub from_numbers: Vec<String>,
    /// Twilio's API root; only tests change it.
    #[serde(default)]
    pub api_base: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextSettingsView {
    pub settings: TextSettings,
    /// The Twilio auth token is in the keyring (it is never shown).
    pub token_saved: bool,
    /// The phone account's address, when one is set up (texts can go through it).
    pub phone_address: Option<String>,
}

/// The conversation pane of one record (R21).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub record: RecordId,
    pub contact_name: String,
    /// Every text on the record, sent and received, oldest first (each carries `text`).
    pub messages: Vec<Activity>,
    /// The contact's numbers, business first (R20).
    pub to_numbers: Vec<ContactNumber>,
    /// The seller's numbers (Twilio) or phone address (SIP) to send from.
    pub from_numbers: Vec<String>,
    pub warnings: Vec<ContactWarning>,
    pub templates: Vec<Template>,
    /// How a text goes now; `None`: not set up (the pane says where to set it up).
    pub transport: Option<TextTransport>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendTextRequest {
    pub record: RecordId,
    pub for_activity: Option<ActivityId>,
    pub from: String,
    pub to: String,
    pub body: String,
}

/// A reply arrived (for the desktop notification).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextArrived {
    pub record: RecordId,
    pub activity: ActivityId,
    pub contact_name: String,
    pub body: String,
}

/// A message the transport received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundText {
    pub provider_id: Option<String>,
    pub from: String,
    pub to: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// The app's text messaging. Cheap to clone.
#[derive(Clone)]
pub struct Texts {
    app: App,
    secrets: Arc<dyn SecretStore>,
    phone: Option<Softphone>,
    arrived: broadcast::Sender<TextArrived>,
}

/// The digits a number is found by in the search index (no "+", no "sip:", no domain).
fn number_digits(from: &str) -> String {
    let user = from
        .trim()
        .trim_start_matches("sips:")
        .trim_start_matches("sip:")
        .trim_start_matches("tel:");
    let user = user.split(['@', ';']).next().unwrap_or("");
    user.chars().filter(char::is_ascii_digit).collect()
}

/// The same message, told twice (a poll overlapping the last), gets the same activity id.
fn inbound_id(transport: TextTransport, provider_id: Option<&str>, m: &InboundText) -> ActivityId {
    let key = match provider_id {
        Some(p) => format!("{transport:?}:{p}"),
        None => format!(
            "{transport:?}:{}:{}:{}",
            m.from,
            m.at.timestamp_millis(),
            m.body
        ),
    };
    ActivityId(uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        key.as_bytes(),
    ))
}

impl Texts {
    pub fn new(app: App, secrets: Arc<dyn SecretStore>, phone: Option<Softphone>) -> Texts {
        let (arrived, _) = broadcast::channel(64);
        Texts {
            app,
            secrets,
            phone,
            arrived,
        }
    }

    /// Replies as they arrive.
    pub fn subscribe(&self) -> broadcast::Receiver<TextArrived> {
        self.arrived.subscribe()
    }

    pub async fn settings(&self) -> Result<TextSettings> {
        Ok(self
            .app
            .store()
            .get(TEXT_SETTINGS_KEY)
            .await?
            .unwrap_or_default())
    }

    pub async fn settings_view(&self) -> Result<TextSettingsView> {
        let settings = self.settings().await?;
        let token_saved = match &settings.twilio {
            Some(t) => self
                .secrets
                .get(&SecretKey::TwilioToken {
                    account: t.account_sid.clone(),
                })?
                .is_some(),
            None => false,
        };
        Ok(TextSettingsView {
            settings,
            token_saved,
            phone_address: self.phone.as_ref().and_then(Softphone::address),
        })
    }

    /// Saves the settings; a token given goes to the keyring, never the database.
    pub async fn set_settings(&self, settings: &TextSettings, token: Option<&str>) -> Result<()> {
        let region = self.app.settings().await?.default_region;
        let mut settings = settings.clone();
        if let Some(t) = &mut settings.twilio {
            t.account_sid = t.account_sid.trim().to_string();
            if !t.account_sid.starts_with("AC") || t.account_sid.len() < 10 {
                return Err(CoreError::TwilioSettingsInvalid);
            }
            let mut numbers = Vec::new();
            for n in t.from_numbers.iter().filter(|n| !n.trim().is_empty()) {
                let e = nextline_domain::dialplan::normalise(n, &region)
                    .map_err(|_| CoreError::TwilioSettingsInvalid)?
                    .format()
                    .mode(phonenumber::Mode::E164)
                    .to_string();
                numbers.push(e);
            }
            t.from_numbers = numbers;
            if let Some(token) = token.filter(|t| !t.is_empty()) {
                self.secrets.set(
                    &SecretKey::TwilioToken {
                        account: t.account_sid.clone(),
                    },
                    token,
                )?;
            }
        }
        if settings.via == Some(TextTransport::Twilio) && settings.twilio.is_none()
            || settings.via == Some(TextTransport::Other)
        {
            return Err(CoreError::TextsNotSetUp);
        }
        self.app.store().set(TEXT_SETTINGS_KEY, &settings).await?;
        Ok(())
    }

    fn twilio(&self, settings: &TextSettings) -> Result<TwilioCarrier> {
        let t = settings.twilio.clone().ok_or(CoreError::TextsNotSetUp)?;
        let token = self
            .secrets
            .get(&SecretKey::TwilioToken {
                account: t.account_sid.clone(),
            })?
            .ok_or(CoreError::TextsNotSetUp)?;
        let base = t.api_base.clone().unwrap_or_else(|| TWILIO_API.into());
        Ok(TwilioCarrier {
            client: TwilioClient::new(&base, &t.account_sid, &token),
            numbers: t.from_numbers,
        })
    }

    /// The carrier texts go by now.
    fn carrier(&self, settings: &TextSettings) -> Result<Box<dyn TextCarrier>> {
        match (settings.via, &self.phone) {
            (Some(TextTransport::Twilio), _) => Ok(Box::new(self.twilio(settings)?)),
            (Some(TextTransport::Sip), Some(phone)) => Ok(Box::new(SipCarrier(phone.clone()))),
            _ => Err(CoreError::TextsNotSetUp),
        }
    }

    /// The conversation pane for `record` (R21).
    pub async fn conversation(&self, record: RecordId) -> Result<Conversation> {
        let app = &self.app;
        let state = app.store().record_state(record).await?;
        let settings = app.settings().await?;
        let contact = &state.record.contact;
        // A number that cannot be read leaves the others (and the history) usable.
        let to_numbers = usable_contact_numbers(contact, &settings);
        let mut warnings = Vec::new();
        if to_numbers.is_empty() {
            warnings.push(ContactWarning::NoNumberToText);
        }
        if contact.do_not_text {
            warnings.push(ContactWarning::DoNotText);
        }
        let seller = app.current_user_name().await?;
        let values = TemplateValues {
            contact,
            seller_name: &seller,
            record_name: &state.record.name,
        };
        let texts = self.settings().await?;
        let from_numbers = match texts.via {
            Some(TextTransport::Twilio) => texts
                .twilio
                .as_ref()
                .map(|t| t.from_numbers.clone())
                .unwrap_or_default(),
            Some(TextTransport::Sip) => self
                .phone
                .as_ref()
                .and_then(Softphone::address)
                .into_iter()
                .collect(),
            Some(TextTransport::Other) | None => vec![],
        };
        Ok(Conversation {
            record,
            contact_name: contact.name.clone(),
            messages: app.store().text_messages(record).await?,
            to_numbers,
            from_numbers,
            warnings,
            templates: text_templates(app.lang(), &values),
            transport: texts.via,
        })
    }

    /// Sends a text (R19): its activity is written first (sending), then the transport takes
    /// it and the activity says sent — or failed, with why.
    pub async fn send(&self, request: &SendTextRequest) -> Result<CommandDone> {
        let settings = self.settings().await?;
        let carrier = self.carrier(&settings)?;
        let transport = carrier.transport();
        let id = ActivityId(uuid::Uuid::new_v4());
        let done = self
            .app
            .run(
                None,
                Command::SendText {
                    text: id,
                    record: request.record,
                    for_activity: request.for_activity,
                    from: request.from.clone(),
                    to: request.to.clone(),
                    body: request.body.clone(),
                    transport,
                },
            )
            .await?;
        let written = done
            .activities
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.text.clone())
            .ok_or(CoreError::Rule(DomainError::NotATextMessage))?;
        let handed = match carrier
            .send(&written.from, &written.to, &written.body)
            .await
        {
            Ok(h) => {
                tracing::info!(transport = ?transport, "text message sent");
                h
            }
            Err(e) => {
                tracing::warn!(code = e.code(), "text message not sent");
                carrier::Handed {
                    state: TextState::Failed,
                    provider_id: None,
                    failure: Some(e.message(self.app.lang())),
                }
            }
        };
        // The text is on its way: failing to note it is never a reason to say "failed" (the
        // seller would send it again); the carrier's news is noted at the next poll.
        if let Err(e) = self
            .app
            .run(
                None,
                Command::TextStatus {
                    activity: id,
                    state: handed.state,
                    provider_id: handed.provider_id,
                    failure: handed.failure,
                },
            )
            .await
        {
            tracing::warn!(code = e.code(), "a text's state not recorded");
        }
        Ok(done)
    }

    /// A message came in: onto the record whose contact has the sender's number (the one
    /// already texting with it first). `None` when no record has the number, or the message
    /// was kept already (a poll overlapping the last).
    pub async fn received(
        &self,
        transport: TextTransport,
        m: &InboundText,
    ) -> Result<Option<RecordId>> {
        let id = inbound_id(transport, m.provider_id.as_deref(), m);
        if self.app.store().record_of_activity(id).await.is_ok() {
            return Ok(None); // kept already: no lookups
        }
        let digits = number_digits(&m.from);
        let candidates = self.app.store().records_with_phone(&digits, 20).await?;
        let mut chosen = candidates.first().copied();
        for r in &candidates {
            let texts = self.app.store().text_messages(*r).await?;
            if texts.iter().any(|a| {
                a.text.as_ref().is_some_and(|t| {
                    number_digits(&t.to) == digits || number_digits(&t.from) == digits
                })
            }) {
                chosen = Some(*r);
                break;
            }
        }
        let Some(record) = chosen else {
            tracing::warn!(transport = ?transport, "a text from a number no record has");
            return Ok(None);
        };
        let done = self
            .app
            .run(
                None,
                Command::ReceiveText {
                    text: id,
                    record,
                    from: m.from.clone(),
                    to: m.to.clone(),
                    body: m.body.clone(),
                    transport,
                    provider_id: m.provider_id.clone(),
                    at: m.at,
                },
            )
            .await?;
        if !done.activities.iter().any(|a| a.id == id) {
            return Ok(None);
        }
        tracing::info!(transport = ?transport, "text message received");
        let state = self.app.store().record_state(record).await?;
        let _ = self.arrived.send(TextArrived {
            record,
            activity: id,
            contact_name: state.record.contact.name.clone(),
            body: m.body.clone(),
        });
        Ok(Some(record))
    }

    /// One look at Twilio (when set up): replies to the seller's numbers since yesterday, and
    /// the delivery of messages still on their way.
    pub async fn poll_twilio(&self) -> Result<usize> {
        let settings = self.settings().await?;
        if settings.twilio.is_none() {
            return Ok(0);
        }
        let carrier = self.twilio(&settings)?;
        // From the last good look (a weekend closed loses nothing), at most a month back.
        let now = self.app.now();
        let last: Option<DateTime<Utc>> = self.app.store().get(TWILIO_POLLED_KEY).await?;
        let since = last
            .map(|t| t - Duration::hours(1))
            .unwrap_or(now - Duration::days(1))
            .max(now - Duration::days(31));
        let mut landed = 0;
        for inbound in carrier.received(since).await? {
            if self
                .received(carrier.transport(), &inbound)
                .await?
                .is_some()
            {
                landed += 1;
            }
        }
        for a in self.app.store().texts_in_flight("twilio", 100).await? {
            let Some(sid) = a.text.as_ref().and_then(|t| t.provider_id.clone()) else {
                continue;
            };
            if let Some(h) = carrier.delivery(&sid).await? {
                self.app
                    .run(
                        None,
                        Command::TextStatus {
                            activity: a.id,
                            state: h.state,
                            provider_id: None,
                            failure: h.failure,
                        },
                    )
                    .await?;
            }
        }
        self.app.store().set(TWILIO_POLLED_KEY, &now).await?;
        Ok(landed)
    }

    /// Listens for SIP MESSAGEs and polls Twilio, for ever (run it on a task of its own).
    pub async fn run(self) {
        let mut tasks = Vec::new();
        if let Some(phone) = &self.phone {
            let mut messages = phone.subscribe_messages();
            let texts = self.clone();
            let phone = phone.clone();
            tasks.push(tokio::spawn(async move {
                loop {
                    match messages.recv().await {
                        Ok((from, body)) => {
                            let m = InboundText {
                                provider_id: None,
                                from,
                                to: phone.address().unwrap_or_default(),
                                body,
                                at: texts.app.now(),
                            };
                            if let Err(e) = texts.received(TextTransport::Sip, &m).await {
                                tracing::warn!(code = e.code(), "text message not kept: {e}");
                            }
                        }
                        Err(broadcast::error::RecvError::Lagged(n)) => {
                            tracing::warn!(missed = n, "text messages came faster than kept");
                        }
                        Err(broadcast::error::RecvError::Closed) => return,
                    }
                }
            }));
        }
        // Dropped with this future: the listener goes with it.
        let _listener = AbortOnDrop(tasks);
        loop {
            if let Err(e) = self.poll_twilio().await {
                tracing::warn!(code = e.code(), "Twilio: {e}");
            }
            tokio::time::sleep(TWILIO_POLL).await;
        }
    }
}

struct AbortOnDrop(Vec<tokio::task::JoinHandle<()>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for t in &self.0 {
            t.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn senders_are_found_by_their_digits() {
        assert_eq!(
            number_digits("sip:+306912345678@pbx.example.com"),
            "306912345678"
        );
        assert_eq!(number_digits("+30 691 234 5678"), "306912345678");
        assert_eq!(
            number_digits("tel:+302101234567;phone-context=x"),
            "302101234567"
        );
        assert_eq!(number_digits("sip:carol@pbx"), "");
    }
}
