//! How a text message travels: one trait, one implementation per transport — the seller's
//! phone account (SIP MESSAGE, replies pushed by the SIP server) and Twilio's Messages API
//! (replies and delivery found by polling). The conversation, the activities and the rules do
//! not know which one carries a message.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use nextline_domain::{TextState, TextTransport};

use super::InboundText;
use super::twilio::{TwilioClient, TwilioMessage};
use crate::Result;
use crate::softphone::Softphone;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How far a message got, as the carrier tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handed {
    pub state: TextState,
    /// The carrier's id for the message, to follow its delivery.
    pub provider_id: Option<String>,
    pub failure: Option<String>,
}

pub trait TextCarrier: Send + Sync {
    fn transport(&self) -> TextTransport;

    /// Hands one message over; an error when it could not be (unreachable, refused).
    fn send<'a>(
        &'a self,
        from: &'a str,
        to: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<Handed>>;

    /// Messages that came in since `since`, for a carrier that is asked (none for one whose
    /// messages are pushed as they arrive).
    fn received(&self, since: DateTime<Utc>) -> BoxFuture<'_, Result<Vec<InboundText>>>;

    /// The latest about a message sent (`None`: this carrier tells nothing after sending).
    fn delivery<'a>(&'a self, provider_id: &'a str) -> BoxFuture<'a, Result<Option<Handed>>>;
}

/// SIP MESSAGE over the seller's phone account.
pub struct SipCarrier(pub Softphone);

impl TextCarrier for SipCarrier {
    fn transport(&self) -> TextTransport {
        TextTransport::Sip
    }

    fn send<'a>(
        &'a self,
        _from: &'a str,
        to: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<Handed>> {
        Box::pin(async move {
            self.0.send_message(to, body).await?;
            Ok(Handed {
                state: TextState::Sent,
                provider_id: None,
                failure: None,
            })
        })
    }

    fn received(&self, _since: DateTime<Utc>) -> BoxFuture<'_, Result<Vec<InboundText>>> {
        // Pushed by the SIP server as they arrive (`Softphone::subscribe_messages`).
        Box::pin(async { Ok(Vec::new()) })
    }

    fn delivery<'a>(&'a self, _provider_id: &'a str) -> BoxFuture<'a, Result<Option<Handed>>> {
        Box::pin(async { Ok(None) })
    }
}

/// Twilio's Messages API, from the seller's Twilio numbers.
pub struct TwilioCarrier {
    pub client: TwilioClient,
    pub numbers: Vec<String>,
}

fn handed(m: &TwilioMessage) -> Handed {
    Handed {
        state: m.state(),
        provider_id: Some(m.sid.clone()),
        failure: m.failure(),
    }
}

impl TextCarrier for TwilioCarrier {
    fn transport(&self) -> TextTransport {
        TextTransport::Twilio
    }

    fn send<'a>(
        &'a self,
        from: &'a str,
        to: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<Handed>> {
        Box::pin(async move { Ok(handed(&self.client.send(from, to, body).await?)) })
    }

    fn received(&self, since: DateTime<Utc>) -> BoxFuture<'_, Result<Vec<InboundText>>> {
        Box::pin(async move {
            let mut out = Vec::new();
            for number in &self.numbers {
                for m in self.client.received(number, since, 500).await? {
                    let body = m.body.clone().unwrap_or_default();
                    if body.trim().is_empty() {
                        continue;
                    }
                    out.push(InboundText {
                        provider_id: Some(m.sid.clone()),
                        from: m.from.clone().unwrap_or_default(),
                        to: m.to.clone().unwrap_or_default(),
                        body,
                        at: m.at().unwrap_or_else(Utc::now),
                    });
                }
            }
            Ok(out)
        })
    }

    fn delivery<'a>(&'a self, provider_id: &'a str) -> BoxFuture<'a, Result<Option<Handed>>> {
        Box::pin(async move { Ok(Some(handed(&self.client.message(provider_id).await?))) })
    }
}
