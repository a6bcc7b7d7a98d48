//! Twilio's Messages API (2010-04-01): send with a form POST, follow delivery by reading the
//! message, receive by polling the messages sent to the seller's numbers. Basic auth with the
//! Account SID and the auth token (from the keyring).

use chrono::{DateTime, Utc};
use nextline_domain::TextState;
use serde::Deserialize;

use crate::{CoreError, Result};

/// Twilio's API root; tests point it at their own server.
pub const TWILIO_API: &str = "https://api.twilio.com";

#[derive(Clone)]
pub struct TwilioClient {
    http: reqwest::Client,
    base: String,
    account_sid: String,
    token: String,
}

/// A message as Twilio describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct TwilioMessage {
    pub sid: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub body: Option<String>,
    pub status: String,
    pub direction: Option<String>,
    pub date_sent: Option<String>,
    pub date_created: Option<String>,
    pub error_code: Option<i64>,
    pub error_message: Option<String>,
}

#[derive(Deserialize)]
struct MessageList {
    messages: Vec<TwilioMessage>,
    next_page_uri: Option<String>,
}

#[derive(Deserialize)]
struct TwilioError {
    code: Option<i64>,
    message: Option<String>,
}

impl TwilioMessage {
    /// Twilio's status as the conversation pane shows it.
    pub fn state(&self) -> TextState {
        match self.status.as_str() {
            "delivered" | "read" => TextState::Delivered,
            "sent" => TextState::Sent,
            "failed" | "undelivered" | "canceled" => TextState::Failed,
            "received" | "receiving" => TextState::Received,
            _ => TextState::Sending, // accepted, scheduled, queued, sending
        }
    }

    pub fn failure(&self) -> Option<String> {
        (self.state() == TextState::Failed).then(|| match (&self.error_code, &self.error_message) {
            (_, Some(m)) => m.clone(),
            (Some(c), None) => format!("Twilio error {c}"),
            (None, None) => format!("Twilio says {}", self.status),
        })
    }

    /// When it was sent (RFC 2822, as Twilio writes dates).
    pub fn at(&self) -> Option<DateTime<Utc>> {
        self.date_sent
            .as_deref()
            .or(self.date_created.as_deref())
            .and_then(|d| DateTime::parse_from_rfc2822(d).ok())
            .map(|d| d.with_timezone(&Utc))
    }
}

fn unreachable(e: reqwest::Error) -> CoreError {
    CoreError::TextProvider {
        code: "text_provider_unreachable",
        detail: e.without_url().to_string(),
    }
}

impl TwilioClient {
    pub fn new(base: &str, account_sid: &str, token: &str) -> TwilioClient {
        TwilioClient {
            http: nextline_dataverse::client::http_client(std::time::Duration::from_secs(30)),
            base: base.trim_end_matches('/').to_string(),
            account_sid: account_sid.to_string(),
            token: token.to_string(),
        }
    }

    fn messages_url(&self) -> String {
        format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            self.base, self.account_sid
        )
    }

    async fn read<T: for<'de> Deserialize<'de>>(&self, response: reqwest::Response) -> Result<T> {
        let status = response.status();
        let text = response.text().await.map_err(unreachable)?;
        if !status.is_success() {
            let e: Option<TwilioError> = serde_json::from_str(&text).ok();
            let detail = match e {
                Some(TwilioError {
                    code,
                    message: Some(m),
                }) => match code {
                    Some(c) => format!("{m} (Twilio {c})"),
                    None => m,
                },
                _ => format!("HTTP {status}"),
            };
            let code = match status.as_u16() {
                401 | 403 => "text_provider_auth_failed",
                429 | 500..=599 => "text_provider_unreachable",
                _ => "text_provider_refused",
            };
            return Err(CoreError::TextProvider { code, detail });
        }
        serde_json::from_str(&text).map_err(|e| CoreError::TextProvider {
            code: "text_provider_refused",
            detail: format!("unexpected answer: {e}"),
        })
    }

    /// Sends one message; Twilio answers at once with its SID and a first status.
    pub async fn send(&self, from: &str, to: &str, body: &str) -> Result<TwilioMessage> {
        let response = self
            .http
            .post(self.messages_url())
            .basic_auth(&self.account_sid, Some(&self.token))
            .form(&[("To", to), ("From", from), ("Body", body)])
            .send()
            .await
            .map_err(unreachable)?;
        self.read(response).await
    }

    /// One message, for its delivery status.
    pub async fn message(&self, sid: &str) -> Result<TwilioMessage> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages/{sid}.json",
            self.base, self.account_sid
        );
        let response = self
            .http
            .get(url)
            .basic_auth(&self.account_sid, Some(&self.token))
            .send()
            .await
            .map_err(unreachable)?;
        self.read(response).await
    }

    /// Messages sent to `to` on or after the day of `since` (Twilio filters by day), every
    /// page, at most `max`.
    pub async fn received(
        &self,
        to: &str,
        since: DateTime<Utc>,
        max: usize,
    ) -> Result<Vec<TwilioMessage>> {
        let mut out = Vec::new();
        let mut url = format!(
            "{}?To={}&DateSent%3E={}&PageSize=100",
            self.messages_url(),
            percent_encoding::utf8_percent_encode(to, percent_encoding::NON_ALPHANUMERIC),
            since.format("%Y-%m-%d")
        );
        loop {
            let response = self
                .http
                .get(&url)
                .basic_auth(&self.account_sid, Some(&self.token))
                .send()
                .await
                .map_err(unreachable)?;
            let page: MessageList = self.read(response).await?;
            out.extend(
                page.messages
                    .into_iter()
                    .filter(|m| m.direction.as_deref() == Some("inbound")),
            );
            match page.next_page_uri {
                Some(next) if out.len() < max => url = format!("{}{next}", self.base),
                _ => break,
            }
        }
        out.truncate(max);
        Ok(out)
    }
}
