//! Email, text messages and meetings with Dynamics 365, against the Dataverse-compatible test
//! server over real HTTP: an email sent while connected is written with its parties and body
//! and handed to SendEmail once (completed here); a scheduled one carries its
//! `delayedemailsendtime` and stays pending until the org says it went; texts are written where
//! the org keeps them (msdyn_salesocmessage) and another seller's texts are read back into the
//! record's conversation; a meeting is an appointment with its time, place and attendees.

mod app_lab;

use std::sync::Arc;

use chrono::{Duration, Utc};
use nextline_core::App;
use nextline_core::email::SendEmailRequest;
use nextline_core::secrets::{MemorySecrets, SecretStore};
use nextline_core::texts::Texts;
use nextline_crm_server::{Shared, quiet_cuts};
use nextline_dataverse::Client;
use nextline_dataverse::auth::SignInConfig;
use nextline_domain::*;
use serde_json::{Value, json};

struct Lab {
    shared: Shared,
    _dir: tempfile::TempDir,
    app: App,
    secrets: Arc<dyn SecretStore>,
    client: Client,
}

async fn lab() -> Lab {
    quiet_cuts();
    let (shared, url) = app_lab::demo_org(20, 3600);
    let dir = tempfile::tempdir().unwrap();
    let app = app_lab::empty_app(&dir.path().join("nextline.db")).await;
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let config = SignInConfig {
        client_id: uuid::Uuid::new_v4().to_string(),
        authority: format!("{url}/organizations"),
    };
    let (connection, code) = app.crm_sign_in_start(&url, &config).await.unwrap();
    app.crm_sign_in_finish(secrets.clone(), connection, config, &code)
        .await
        .unwrap();
    let client = app.crm_client(secrets.clone()).await.unwrap();
    app.crm_sync(&client, false, &|_, _, _| {}).await.unwrap();
    Lab {
        shared,
        _dir: dir,
        app,
        secrets,
        client,
    }
}

impl Lab {
    async fn sync(&self) {
        self.app
            .crm_sync(&self.client, false, &|_, _, _| {})
            .await
            .unwrap();
    }

    fn row(&self, set: &str, id: uuid::Uuid) -> serde_json::Map<String, Value> {
        let t = self.shared.tables.lock().unwrap();
        t.get(set, id).expect("written to the org").columns.clone()
    }

    fn emails_sent(&self) -> Vec<uuid::Uuid> {
        self.shared.tables.lock().unwrap().emails_sent.clone()
    }

    /// A lead whose contact has an email address.
    async fn lead(&self) -> (RecordId, String) {
        for id in self.app.store().record_ids().await.unwrap() {
            let s = self.app.store().record_state(id).await.unwrap();
            if s.record.kind == RecordKind::Lead
                && let Some(e) = s.record.contact.email.clone()
            {
                return (id, e);
            }
        }
        panic!("no lead with an email address")
    }

    async fn email(&self, record: RecordId, send_at: Option<chrono::DateTime<Utc>>) -> ActivityId {
        let composer = self
            .app
            .email_composer(record, None, self.secrets.as_ref())
            .await
            .unwrap();
        assert_eq!(
            composer.route,
            EmailRoute::Dynamics,
            "connected: through Dynamics"
        );
        assert!(composer.ready);
        let mut draft = composer.draft;
        draft.subject = "Your solar offer".into();
        draft.body_html = "<p>Καλημέρα, the offer is attached.</p>".into();
        let done = self
            .app
            .send_email(&SendEmailRequest { draft, send_at }, self.secrets.clone())
            .await
            .unwrap();
        done.activities
            .iter()
            .find(|a| a.kind == ActivityType::Email)
            .unwrap()
            .id
    }

    async fn activity(&self, record: RecordId, id: ActivityId) -> Activity {
        let s = self.app.store().record_state(record).await.unwrap();
        s.activity(id).unwrap().clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_sent_while_connected_goes_through_send_email_once() {
    let lab = lab().await;
    let (record, to) = lab.lead().await;
    let me = lab.app.current_user().await.unwrap();
    let id = lab.email(record, None).await;
    assert_eq!(lab.activity(record, id).await.state, ActivityState::Pending);
    lab.sync().await;

    let row = lab.row("emails", id.0);
    assert_eq!(row["subject"], "Your solar offer");
    assert_eq!(
        row["description"],
        "<p>Καλημέρα, the offer is attached.</p>"
    );
    assert_eq!(row["_regardingobjectid_value"], record.to_string());
    assert_eq!(row["directioncode"], true);
    assert!(row.get("delayedemailsendtime").is_none());
    assert_eq!(
        row["email_activity_parties"],
        json!([
            {"partyid_systemuser@odata.bind": format!("/systemusers({me})"), "participationtypemask": 1},
            {"addressused": to, "participationtypemask": 2},
        ])
    );
    assert_eq!(
        (row["statecode"].clone(), row["statuscode"].clone()),
        (json!(1), json!(3)),
        "sent"
    );
    assert_eq!(lab.emails_sent(), vec![id.0], "handed to SendEmail once");

    let a = lab.activity(record, id).await;
    assert_eq!(a.state, ActivityState::Completed);
    assert!(a.email.unwrap().sent_at.is_some());
    // Syncing again neither sends it again nor changes the org's state.
    lab.sync().await;
    lab.sync().await;
    assert_eq!(lab.emails_sent(), vec![id.0]);
    let row = lab.row("emails", id.0);
    assert_eq!(row["statuscode"], json!(3));
    assert_eq!(
        lab.activity(record, id).await.state,
        ActivityState::Completed
    );
    let timeline = lab.app.timeline(record, 30).await.unwrap();
    assert_eq!(
        timeline
            .iter()
            .filter(
                |t| matches!(&t.event, TimelineEvent::EmailSent { activity, .. } if *activity == id)
            )
            .count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_email_waits_in_the_org_until_its_time() {
    let lab = lab().await;
    let (record, _) = lab.lead().await;
    let at = (Utc::now() + Duration::hours(20))
        .with_timezone(&Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        .parse()
        .unwrap();
    let id = lab.email(record, Some(at)).await;
    lab.sync().await;
    let row = lab.row("emails", id.0);
    assert_eq!(
        row["delayedemailsendtime"],
        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert_eq!(
        row["statuscode"],
        json!(6),
        "Pending Send: the org sends it at its time"
    );
    assert_eq!(lab.emails_sent(), vec![id.0]);
    lab.sync().await;
    assert_eq!(
        lab.activity(record, id).await.state,
        ActivityState::Pending,
        "R17"
    );
    // The org sends it at its time: the next sync shows it completed.
    lab.shared.tables.lock().unwrap().write(
        "emails",
        id.0,
        &serde_json::from_value(json!({"statecode": 1, "statuscode": 3})).unwrap(),
    );
    lab.sync().await;
    assert_eq!(
        lab.activity(record, id).await.state,
        ActivityState::Completed
    );
    assert_eq!(lab.emails_sent().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn texts_are_kept_where_the_org_keeps_them_and_read_back_from_other_sellers() {
    let lab = lab().await;
    let (record, _) = lab.lead().await;
    // A text written by this seller (its transport is not needed here: it failed to send, and
    // is still on the record and in the org).
    let texts = Texts::new(lab.app.clone(), lab.secrets.clone(), None);
    let sent = lab
        .app
        .run(
            None,
            Command::SendText {
                text: ActivityId(uuid::Uuid::new_v4()),
                record,
                for_activity: None,
                from: "sip:alex@pbx.example.com".into(),
                to: "+306912345678".into(),
                body: "Running 10 minutes late".into(),
                transport: TextTransport::Sip,
            },
        )
        .await
        .unwrap();
    let id = sent
        .activities
        .iter()
        .find(|a| a.text.is_some())
        .unwrap()
        .id;
    lab.sync().await;
    let row = lab.row("msdyn_salesocmessages", id.0);
    assert_eq!(row["msdyn_content"], "Running 10 minutes late");
    assert_eq!(row["msdyn_to"], "+306912345678");
    assert_eq!(row["msdyn_isinbound"], false);
    assert_eq!(row["msdyn_entityname"], "lead");
    assert_eq!(row["msdyn_entityid"], record.to_string());
    assert_eq!(row["statecode"], json!(0));

    // Another seller's customer replied, through the org: read into the conversation.
    let other = uuid::Uuid::new_v4();
    lab.shared.tables.lock().unwrap().write(
        "msdyn_salesocmessages",
        other,
        &serde_json::from_value(json!({
            "msdyn_content": "Ναι, στις 10.",
            "msdyn_from": "+306912345678",
            "msdyn_to": "+302111234567",
            "msdyn_isinbound": true,
            "msdyn_entityname": "lead",
            "msdyn_entityid": record.to_string(),
            "statecode": 0,
            "statuscode": 7,
        }))
        .unwrap(),
    );
    lab.sync().await;
    let messages = texts.conversation(record).await.unwrap().messages;
    let reply = messages
        .iter()
        .find(|a| a.id == ActivityId(other))
        .expect("the org's text is in the conversation");
    let t = reply.text.as_ref().unwrap();
    assert_eq!(
        (t.direction, t.state),
        (TextDirection::Incoming, TextState::Received)
    );
    assert_eq!(t.body, "Ναι, στις 10.");
    assert_eq!(t.transport, TextTransport::Other);
    assert!(messages.iter().any(|a| a.id == id), "ours is still there");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meeting_is_an_appointment_with_its_time_place_and_attendees() {
    let lab = lab().await;
    let (record, to) = lab.lead().await;
    let start: chrono::DateTime<Utc> = "2027-01-12T09:00:00Z".parse().unwrap();
    let id = ActivityId(uuid::Uuid::new_v4());
    lab.app
        .run(
            None,
            Command::CreateMeeting {
                meeting: id,
                record,
                subject: "Fleet dashboard demo".into(),
                start,
                duration_minutes: 45,
                location: "Online".into(),
                attendees: vec![to.clone(), "Nikos".into()],
                description: "Show the dashboard".into(),
                join_url: Some("https://teams.microsoft.com/l/meetup-join/abc".into()),
            },
        )
        .await
        .unwrap();
    lab.sync().await;
    let row = lab.row("appointments", id.0);
    assert_eq!(row["subject"], "Fleet dashboard demo");
    assert_eq!(row["scheduledstart"], "2027-01-12T09:00:00Z");
    assert_eq!(row["scheduledend"], "2027-01-12T09:45:00Z");
    assert_eq!(row["scheduleddurationminutes"], json!(45));
    assert_eq!(row["location"], "Online");
    assert_eq!(row["description"], "Show the dashboard");
    assert_eq!(row["isonlinemeeting"], true);
    assert_eq!(
        row["onlinemeetingjoinurl"],
        "https://teams.microsoft.com/l/meetup-join/abc"
    );
    assert_eq!(
        row["appointment_activity_parties"],
        json!([{"addressused": to, "participationtypemask": 5}])
    );
    // Read back after the sync, the details stay.
    let a = lab.activity(record, id).await;
    let m = a.meeting.unwrap();
    assert_eq!((m.start, m.location.as_str()), (start, "Online"));
    assert_eq!(m.attendees, vec![to, "Nikos".to_string()]);
    assert!(a.join_url.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_the_org_refuses_to_send_waits_with_why_and_the_sync_goes_on() {
    let lab = lab().await;
    let (record, _) = lab.lead().await;
    lab.shared.tables.lock().unwrap().refuse_send_email =
        Some("The mailbox of the sender is not approved.".into());
    let id = lab.email(record, None).await;
    lab.sync().await;
    let a = lab.activity(record, id).await;
    assert_eq!(a.state, ActivityState::Pending, "not sent, not lost");
    let failure = a.email.unwrap().failure.unwrap();
    assert!(failure.contains("didn't send this email"), "{failure}");
    assert!(failure.contains("not approved"), "{failure}");
    // Other changes still reach the org.
    let note = lab
        .app
        .run(
            None,
            Command::AddNote {
                activity: lab
                    .app
                    .store()
                    .record_state(record)
                    .await
                    .unwrap()
                    .activities
                    .iter()
                    .find(|a| a.is_open())
                    .expect("an open activity")
                    .id,
                text: "Called, will send the offer".into(),
            },
        )
        .await
        .unwrap();
    lab.sync().await;
    let note_id = note.events.iter().find_map(|e| match e {
        TimelineEvent::NoteAdded { note, .. } => Some(note.0),
        _ => None,
    });
    let landed = lab
        .shared
        .tables
        .lock()
        .unwrap()
        .get("annotations", note_id.unwrap())
        .is_some();
    assert!(landed, "the note landed");
    // The mailbox approved: the next sync sends it.
    lab.shared.tables.lock().unwrap().refuse_send_email = None;
    lab.sync().await;
    assert_eq!(lab.emails_sent(), vec![id.0]);
    assert_eq!(
        lab.activity(record, id).await.state,
        ActivityState::Completed
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_org_without_text_messages_keeps_the_text_here_and_syncs_the_rest() {
    let lab = lab().await;
    lab.shared
        .tables
        .lock()
        .unwrap()
        .missing
        .push("msdyn_salesocmessages".into());
    let (record, _) = lab.lead().await;
    let sent = lab
        .app
        .run(
            None,
            Command::SendText {
                text: ActivityId(uuid::Uuid::new_v4()),
                record,
                for_activity: None,
                from: "sip:alex@pbx.example.com".into(),
                to: "+306912345678".into(),
                body: "Running late".into(),
                transport: TextTransport::Sip,
            },
        )
        .await
        .unwrap();
    let text = sent
        .activities
        .iter()
        .find(|a| a.text.is_some())
        .unwrap()
        .id;
    let start: chrono::DateTime<Utc> = "2027-01-12T09:00:00Z".parse().unwrap();
    let meeting = ActivityId(uuid::Uuid::new_v4());
    lab.app
        .run(
            None,
            Command::CreateMeeting {
                meeting,
                record,
                subject: "Demo".into(),
                start,
                duration_minutes: 30,
                location: String::new(),
                attendees: vec![],
                description: String::new(),
                join_url: None,
            },
        )
        .await
        .unwrap();
    lab.sync().await;
    // The meeting after it landed; the text is kept here, as a change that failed.
    assert_eq!(lab.row("appointments", meeting.0)["subject"], "Demo");
    let issues = lab.app.sync_issues_of(record).await.unwrap();
    assert!(
        issues.iter().any(|i| i.activity == Some(text)),
        "the text shows as not synced: {issues:?}"
    );
    let texts = Texts::new(lab.app.clone(), lab.secrets.clone(), None);
    assert!(
        texts
            .conversation(record)
            .await
            .unwrap()
            .messages
            .iter()
            .any(|a| a.id == text)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_email_called_off_is_cancelled_in_the_org_too() {
    let lab = lab().await;
    let (record, _) = lab.lead().await;
    let at = Utc::now() + Duration::hours(20);
    let id = lab.email(record, Some(at)).await;
    lab.sync().await;
    assert_eq!(lab.row("emails", id.0)["statuscode"], json!(6));
    lab.app
        .run(None, Command::CancelEmail { activity: id })
        .await
        .unwrap();
    lab.sync().await;
    let row = lab.row("emails", id.0);
    assert_eq!(
        (row["statecode"].clone(), row["statuscode"].clone()),
        (json!(2), json!(5)),
        "Canceled there: the org will not send it"
    );
    lab.sync().await;
    assert_eq!(
        lab.activity(record, id).await.state,
        ActivityState::Cancelled
    );
}
