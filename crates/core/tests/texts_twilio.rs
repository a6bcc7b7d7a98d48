//! Text messages through Twilio's Messages API, against a test server that answers in Twilio's
//! documented shapes (`nextline-crm-server`'s Twilio stand-in, over real HTTP): a text to the
//! contact's business number goes from the seller's Twilio number and follows its delivery; a
//! customer's reply, found by polling, lands once on the record whose contact has the number
//! and is announced; Twilio's refusals and a wrong token reach the seller in words.

mod app_lab;

use std::sync::Arc;

use nextline_core::App;
use nextline_core::secrets::MemorySecrets;
use nextline_core::texts::{SendTextRequest, TextSettings, Texts, TwilioSettings};
use nextline_crm_server::faults::Faults;
use nextline_crm_server::twilio::{ACCOUNT_SID, OWNED_NUMBERS, UNDELIVERABLE};
use nextline_crm_server::{org, serve_in_background};
use nextline_domain::dialplan::contact_numbers;
use nextline_domain::*;

struct Lab {
    _dir: tempfile::TempDir,
    app: App,
    texts: Texts,
    url: String,
}

/// With the stand-in's token, or (`false`) a made-up wrong one.
async fn lab(right_token: bool) -> Lab {
    let dir = tempfile::tempdir().unwrap();
    let app = app_lab::empty_app(&dir.path().join("nextline.db")).await;
    app.seed_demo(7, 40).await.unwrap();
    let shared = org(uuid::Uuid::nil(), Faults::new(0.0, 1), 3600, None);
    let token = if right_token {
        shared.twilio.lock().unwrap().token.clone()
    } else {
        uuid::Uuid::new_v4().to_string()
    };
    let url = serve_in_background(shared);
    let texts = Texts::new(app.clone(), Arc::new(MemorySecrets::default()), None);
    texts
        .set_settings(
            &TextSettings {
                via: Some(TextTransport::Twilio),
                twilio: Some(TwilioSettings {
                    account_sid: ACCOUNT_SID.into(),
                    from_numbers: vec!["+30 211 123 4567".into()],
                    api_base: Some(url.clone()),
                }),
            },
            Some(&token),
        )
        .await
        .unwrap();
    Lab {
        _dir: dir,
        app,
        texts,
        url,
    }
}

impl Lab {
    /// A record whose contact has a business number, and that number (E.164).
    async fn record(&self) -> (RecordId, String) {
        let settings = self.app.settings().await.unwrap();
        for id in self.app.store().record_ids().await.unwrap() {
            let s = self.app.store().record_state(id).await.unwrap();
            if s.record.contact.business_phone.is_some()
                && let Ok(n) = contact_numbers(&s.record.contact, &settings)
                && let Some(first) = n.first()
            {
                return (id, first.e164.clone());
            }
        }
        panic!("no demo record with a business number")
    }

    async fn send(&self, record: RecordId, to: &str, body: &str) -> Activity {
        let done = self
            .texts
            .send(&SendTextRequest {
                record,
                for_activity: None,
                from: OWNED_NUMBERS[0].into(),
                to: to.into(),
                body: body.into(),
            })
            .await
            .unwrap();
        let id = done.activities[0].id;
        self.message(record, id).await
    }

    async fn message(&self, record: RecordId, id: ActivityId) -> Activity {
        self.texts
            .conversation(record)
            .await
            .unwrap()
            .messages
            .into_iter()
            .find(|a| a.id == id)
            .expect("in the conversation")
    }

    async fn customer_texts(&self, from: &str, body: &str) {
        let r = reqwest::Client::new()
            .post(format!("{}/_twilio/inbound", self.url))
            .form(&[("From", from), ("To", OWNED_NUMBERS[0]), ("Body", body)])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
}

#[tokio::test]
async fn a_text_goes_from_the_sellers_number_and_its_delivery_is_followed() {
    let lab = lab(true).await;
    let (record, business) = lab.record().await;
    let conversation = lab.texts.conversation(record).await.unwrap();
    assert_eq!(
        conversation.to_numbers[0].e164, business,
        "R20: business first"
    );
    assert_eq!(
        conversation.from_numbers,
        vec![OWNED_NUMBERS[0].to_string()]
    );
    assert_eq!(conversation.transport, Some(TextTransport::Twilio));

    let a = lab
        .send(record, &business, "Καλημέρα! Running 10 minutes late.")
        .await;
    let t = a.text.clone().unwrap();
    assert_eq!(t.state, TextState::Sending, "Twilio queued it");
    assert!(t.provider_id.as_deref().unwrap().starts_with("SM"));
    let sent: serde_json::Value = reqwest::get(format!("{}/_twilio/sent", lab.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sent[0]["to"], business);
    assert_eq!(sent[0]["from"], OWNED_NUMBERS[0]);
    assert_eq!(sent[0]["body"], "Καλημέρα! Running 10 minutes late.");
    // R19: on the timeline at once.
    let timeline = lab.app.timeline(record, 20).await.unwrap();
    assert!(timeline.iter().any(|e| matches!(&e.event,
        TimelineEvent::TextSent { activity, .. } if *activity == a.id)));

    lab.texts.poll_twilio().await.unwrap();
    assert_eq!(
        lab.message(record, a.id).await.text.unwrap().state,
        TextState::Sent
    );
    lab.texts.poll_twilio().await.unwrap();
    assert_eq!(
        lab.message(record, a.id).await.text.unwrap().state,
        TextState::Delivered
    );

    // A number the network never reaches: Twilio takes it, then says undelivered.
    let b = lab.send(record, UNDELIVERABLE, "Hello?").await;
    lab.texts.poll_twilio().await.unwrap();
    lab.texts.poll_twilio().await.unwrap();
    let t = lab.message(record, b.id).await.text.unwrap();
    assert_eq!(t.state, TextState::Failed);
    assert_eq!(
        t.failure.as_deref(),
        Some("Unreachable destination handset")
    );
}

#[tokio::test]
async fn a_reply_lands_once_on_the_contacts_record_and_is_announced() {
    let lab = lab(true).await;
    let (record, business) = lab.record().await;
    lab.send(record, &business, "Shall we meet on Tuesday?")
        .await;
    let mut arrived = lab.texts.subscribe();
    lab.customer_texts(&business, "Ναι, Τρίτη στις 10 είναι καλά.")
        .await;
    assert_eq!(lab.texts.poll_twilio().await.unwrap(), 1);
    let news = arrived.try_recv().expect("announced");
    assert_eq!(news.record, record);
    assert_eq!(news.body, "Ναι, Τρίτη στις 10 είναι καλά.");
    // Polled again: the same message is not kept twice.
    lab.texts.poll_twilio().await.unwrap();
    assert!(arrived.try_recv().is_err(), "announced once");
    let messages = lab.texts.conversation(record).await.unwrap().messages;
    let replies: Vec<&Activity> = messages
        .iter()
        .filter(|a| a.text.as_ref().unwrap().direction == TextDirection::Incoming)
        .collect();
    assert_eq!(replies.len(), 1);
    let r = replies[0].text.as_ref().unwrap();
    assert_eq!(
        (r.state, r.from.as_str()),
        (TextState::Received, business.as_str())
    );
    assert_eq!(messages.last().unwrap().id, replies[0].id, "newest last");
    let timeline = lab.app.timeline(record, 20).await.unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| matches!(&e.event, TimelineEvent::TextReceived { .. }))
    );
    // A number no record has is left alone.
    lab.customer_texts("+306999999999", "wrong number").await;
    assert_eq!(lab.texts.poll_twilio().await.unwrap(), 0);
}

#[tokio::test]
async fn refusals_reach_the_seller_in_words() {
    let first = lab(true).await;
    let (record, _) = first.record().await;
    // Twilio refuses a From number the account doesn't own: the text is kept, failed, with why.
    let done = first
        .texts
        .send(&SendTextRequest {
            record,
            for_activity: None,
            from: "+302100000000".into(),
            to: "+306912345678".into(),
            body: "Hi".into(),
        })
        .await
        .unwrap();
    let t = first
        .message(record, done.activities[0].id)
        .await
        .text
        .unwrap();
    assert_eq!(t.state, TextState::Failed);
    assert!(
        t.failure
            .unwrap()
            .contains("not a valid, SMS-capable inbound phone number")
    );

    let wrong = lab(false).await;
    let (record, business) = wrong.record().await;
    let done = wrong
        .texts
        .send(&SendTextRequest {
            record,
            for_activity: None,
            from: OWNED_NUMBERS[0].into(),
            to: business,
            body: "Hi".into(),
        })
        .await
        .unwrap();
    let t = wrong
        .message(record, done.activities[0].id)
        .await
        .text
        .unwrap();
    assert_eq!(t.state, TextState::Failed);
    assert!(t.failure.unwrap().contains("Authenticate"));
    assert_eq!(
        wrong.texts.poll_twilio().await.unwrap_err().code(),
        "text_provider_auth_failed"
    );
}
