//! Email through a real SMTP server (aiosmtpd, started by the test and stopped by pid): Send
//! delivers the message with its headers and a Greek body intact, over STARTTLS with the
//! password from the keyring; a scheduled email leaves exactly once at its time on a virtual
//! clock, also across a restart; a server that is down keeps the email pending with the reason
//! and it leaves once the server is back; the password never reaches the database file.

#[path = "../../phone/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use nextline_core::activity_clock::{ActivityClock, Notifier};
use nextline_core::email::{EmailSettings, SendEmailRequest, SmtpSecurity, SmtpSettings};
use nextline_core::secrets::{MemorySecrets, SecretStore};
use nextline_core::{App, Clock, Options};
use nextline_domain::reminders::Reminder;
use nextline_domain::*;
use serde_json::Value;

struct Hands(Mutex<DateTime<Utc>>);

impl Clock for Hands {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl Hands {
    fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap() = t;
    }
}

struct Quiet;
impl Notifier for Quiet {
    fn notify(&self, _: &Reminder) {}
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// The SMTP server, stopped by pid when dropped.
struct Smtp {
    child: Child,
    port: u16,
    received: PathBuf,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn available() -> bool {
    let found = Process::new("/usr/bin/python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    common::required_or_skipped(found, "python3-aiosmtpd")
}

fn smtp(dir: &Path, extra: &[&str]) -> Smtp {
    let portfile = dir.join(format!("smtp-port-{}", extra.len()));
    let received = dir.join("received.jsonl");
    let _ = std::fs::remove_file(&portfile);
    let child = Process::new("/usr/bin/python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/smtp_sink.py"))
        .arg(&portfile)
        .arg(&received)
        .args(extra)
        .stdout(Stdio::null())
        .spawn()
        .expect("smtp_sink.py");
    let deadline = Instant::now() + StdDuration::from_secs(20);
    let port = loop {
        if let Ok(p) = std::fs::read_to_string(&portfile) {
            break p.trim().parse().unwrap();
        }
        assert!(Instant::now() < deadline, "the SMTP server did not start");
        std::thread::sleep(StdDuration::from_millis(50));
    };
    Smtp {
        child,
        port,
        received,
    }
}

impl Smtp {
    fn messages(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.received)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Waits for the `n`th message (the server writes it after it answered 250).
    fn wait_for(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + StdDuration::from_secs(20);
        loop {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            assert!(Instant::now() < deadline, "no message {n} arrived");
            std::thread::sleep(StdDuration::from_millis(50));
        }
    }
}

struct Lab {
    dir: tempfile::TempDir,
    db: PathBuf,
    hands: Arc<Hands>,
    app: App,
    secrets: Arc<MemorySecrets>,
}

async fn open(db: &Path, hands: Arc<Hands>) -> App {
    App::open(
        db,
        Options {
            seed_demo_if_empty: false,
            clock: hands,
            lang: Lang::En,
        },
    )
    .await
    .unwrap()
}

async fn lab() -> Lab {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nextline.db");
    let hands = Arc::new(Hands(Mutex::new(utc("2026-11-27T08:00:00Z"))));
    let app = open(&db, hands.clone()).await;
    app.seed_demo(11, 40).await.unwrap();
    Lab {
        dir,
        db,
        hands,
        app,
        secrets: Arc::new(MemorySecrets::default()),
    }
}

impl Lab {
    async fn use_server(&self, port: u16, security: SmtpSecurity, user: &str, password: &str) {
        let host = if security == SmtpSecurity::None {
            "127.0.0.1"
        } else {
            "localhost"
        };
        self.app
            .set_email_settings(
                &EmailSettings {
                    smtp: Some(SmtpSettings {
                        host: host.into(),
                        port,
                        security,
                        user: user.into(),
                        from_address: "eleni.georgiou@nextline.example".into(),
                        from_name: "Ελένη Γεωργίου".into(),
                    }),
                    signature: String::new(),
                },
                Some(password),
                self.secrets.as_ref(),
            )
            .await
            .unwrap();
    }

    /// A record whose contact has an email address.
    async fn record(&self) -> (RecordId, String) {
        for id in self.app.store().record_ids().await.unwrap() {
            let s = self.app.store().record_state(id).await.unwrap();
            if let Some(e) = s.record.contact.email.clone() {
                return (id, e);
            }
        }
        panic!("no demo record with an email address")
    }

    async fn send(&self, record: RecordId, to: &str, send_at: Option<DateTime<Utc>>) -> ActivityId {
        let composer = self
            .app
            .email_composer(record, None, self.secrets.as_ref())
            .await
            .unwrap();
        assert_eq!(
            composer.draft.to,
            vec![to.to_string()],
            "To is the contact's"
        );
        let mut draft = composer.draft;
        draft.cc = vec!["manager@nextline.example".into()];
        draft.subject = "Προσφορά για τα φωτοβολταϊκά — Solar offer".into();
        draft.body_html =
            "<p>Καλημέρα <b>σας</b>,</p><ul><li>τιμή: 12.400 €</li></ul><p>Nikos &amp; team</p>"
                .into();
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

    async fn state(&self, id: ActivityId) -> Activity {
        let record = self.app.store().record_of_activity(id).await.unwrap();
        let s = self.app.store().record_state(record).await.unwrap();
        s.activity(id).unwrap().clone()
    }

    async fn wait_state(&self, id: ActivityId, want: ActivityState) -> Activity {
        let deadline = Instant::now() + StdDuration::from_secs(20);
        loop {
            let a = self.state(id).await;
            if a.state == want {
                return a;
            }
            assert!(Instant::now() < deadline, "still {:?}", a.state);
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
    }
}

/// A test CA and a certificate for `localhost` it signed: `(ca, cert, key)`.
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let p = |n: &str| dir.join(n);
    let run = |args: &[&str]| {
        let ok = Process::new("openssl")
            .args(args)
            .current_dir(dir)
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "openssl {args:?}");
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Nextline test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "localhost.key",
        "-out",
        "localhost.csr",
    ]);
    std::fs::write(
        p("leaf.ext"),
        "basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "localhost.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
        "-out",
        "localhost.pem",
    ]);
    (p("ca.pem"), p("localhost.pem"), p("localhost.key"))
}

// Send now hands the email to the server on a task of its own: a runtime with threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_now_delivers_over_starttls_with_the_keyring_password_and_greek_intact() {
    if !available() {
        return;
    }
    let lab = lab().await;
    let (ca, cert, key) = certificates(lab.dir.path());
    // The server's certificate is trusted the way a company CA would be: the system's roots
    // (rustls-native-certs reads SSL_CERT_FILE).
    // SAFETY: set before any TLS connection of this test binary, which runs no other test
    // needing the system roots.
    unsafe { std::env::set_var("SSL_CERT_FILE", &ca) };
    // Made up for this run, with a Greek letter in it.
    let secret = format!("{}-Σ", common::made_up_password());
    let server = smtp(
        lab.dir.path(),
        &[
            "--user",
            "eleni",
            "--password",
            &secret,
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ],
    );
    lab.use_server(server.port, SmtpSecurity::StartTls, "eleni", &secret)
        .await;
    let (record, to) = lab.record().await;
    let id = lab.send(record, &to, None).await;
    let pending = lab.state(id).await;
    assert!(
        matches!(
            pending.state,
            ActivityState::Pending | ActivityState::Completed
        ),
        "the email is on the record at once"
    );
    let m = server.wait_for(1).remove(0);
    assert_eq!(m["tls"], true, "STARTTLS before the password");
    assert_eq!(m["authenticated"], true);
    assert_eq!(m["mail_from"], "eleni.georgiou@nextline.example");
    assert_eq!(
        m["rcpt_tos"],
        serde_json::json!([to.clone(), "manager@nextline.example"])
    );
    assert_eq!(m["subject"], "Προσφορά για τα φωτοβολταϊκά — Solar offer");
    assert_eq!(
        m["from"],
        "Ελένη Γεωργίου <eleni.georgiou@nextline.example>"
    );
    assert_eq!(m["to"], to);
    assert_eq!(m["cc"], "manager@nextline.example");
    assert_eq!(m["message_id"], format!("<{id}@nextline.app>"));
    assert_eq!(m["content_type"], "multipart/alternative");
    assert!(m["html"].as_str().unwrap().contains("<b>σας</b>"));
    assert_eq!(
        m["text"].as_str().unwrap().replace("\r\n", "\n").trim(),
        "Καλημέρα σας,\n\n- τιμή: 12.400 €\n\nNikos & team"
    );
    let sent = lab.wait_state(id, ActivityState::Completed).await;
    assert!(sent.email.unwrap().sent_at.is_some());
    let timeline = lab.app.timeline(record, 50).await.unwrap();
    assert!(timeline.iter().any(|t| matches!(&t.event,
        TimelineEvent::EmailSent { activity, .. } if *activity == id)));
    // The draft is gone; the password is only in the keyring.
    assert!(lab.app.store().email_draft(record).await.unwrap().is_none());
    lab.app.store().close().await;
    for f in ["nextline.db", "nextline.db-wal"] {
        let bytes = std::fs::read(lab.dir.path().join(f)).unwrap_or_default();
        let needle = secret.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the password is in {f}"
        );
    }
}

#[tokio::test]
async fn a_scheduled_email_leaves_once_at_its_time_also_across_a_restart() {
    if !available() {
        return;
    }
    let lab = lab().await;
    let server = smtp(lab.dir.path(), &[]);
    lab.use_server(server.port, SmtpSecurity::None, "", "")
        .await;
    let (record, to) = lab.record().await;
    let at = utc("2026-11-27T10:00:00Z");
    let id = lab.send(record, &to, Some(at)).await;
    let a = lab.state(id).await;
    assert_eq!(a.state, ActivityState::Pending);
    assert_eq!(a.due, at);

    let clock =
        ActivityClock::new(lab.app.clone(), Arc::new(Quiet)).with_emails(lab.secrets.clone());
    lab.hands.set(utc("2026-11-27T09:59:58Z"));
    let tick = clock.tick().await.unwrap();
    assert_eq!(tick.emails_sent, 0);
    assert_eq!(tick.next, Some(at), "the clock wakes for it");
    // A restart before its time: a new app on the same file.
    lab.app.store().close().await;
    let app = open(&lab.db, lab.hands.clone()).await;
    let clock = ActivityClock::new(app.clone(), Arc::new(Quiet)).with_emails(lab.secrets.clone());
    lab.hands.set(utc("2026-11-27T10:00:01Z"));
    assert_eq!(clock.tick().await.unwrap().emails_sent, 1);
    assert_eq!(server.wait_for(1).len(), 1);
    for s in ["10:00:11", "10:00:21", "11:00:00"] {
        lab.hands.set(utc(&format!("2026-11-27T{s}Z")));
        assert_eq!(clock.tick().await.unwrap().emails_sent, 0);
    }
    // And a restart after it left sends nothing again.
    app.store().close().await;
    let app = open(&lab.db, lab.hands.clone()).await;
    let clock = ActivityClock::new(app.clone(), Arc::new(Quiet)).with_emails(lab.secrets.clone());
    assert_eq!(clock.tick().await.unwrap().emails_sent, 0);
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert_eq!(server.messages().len(), 1, "sent exactly once");
    let record_state = app.store().record_state(record).await.unwrap();
    let sent = record_state.activity(id).unwrap();
    assert_eq!(sent.state, ActivityState::Completed);
    assert_eq!(
        sent.email.as_ref().unwrap().sent_at,
        Some(utc("2026-11-27T10:00:01Z"))
    );
}

#[tokio::test]
async fn a_server_that_is_down_keeps_the_email_pending_until_it_is_back() {
    if !available() {
        return;
    }
    let lab = lab().await;
    let port = common::free_port();
    lab.use_server(port, SmtpSecurity::None, "", "").await;
    let (record, to) = lab.record().await;
    let at = utc("2026-11-27T09:00:00Z");
    let id = lab.send(record, &to, Some(at)).await;
    let clock =
        ActivityClock::new(lab.app.clone(), Arc::new(Quiet)).with_emails(lab.secrets.clone());
    lab.hands.set(at + Duration::seconds(1));
    let tick = clock.tick().await.unwrap();
    assert_eq!((tick.emails_sent, tick.emails_failed), (0, 1));
    let a = lab.state(id).await;
    assert_eq!(a.state, ActivityState::Pending, "nothing is lost");
    let e = a.email.unwrap();
    assert!(
        e.failure
            .as_deref()
            .unwrap()
            .contains("can't reach your mail server"),
        "{:?}",
        e.failure
    );
    assert_eq!(
        e.retry_at,
        Some(at + Duration::seconds(1) + Duration::minutes(1))
    );
    // Not tried again before its retry time.
    lab.hands.set(at + Duration::seconds(30));
    assert_eq!(clock.tick().await.unwrap().emails_failed, 0);
    // The server is back (on the port the settings name); after the retry time it leaves.
    let server = smtp(lab.dir.path(), &[]);
    lab.use_server(server.port, SmtpSecurity::None, "", "")
        .await;
    lab.hands.set(at + Duration::minutes(2));
    assert_eq!(clock.tick().await.unwrap().emails_sent, 1);
    assert_eq!(server.wait_for(1).len(), 1);
    let a = lab.state(id).await;
    assert_eq!(a.state, ActivityState::Completed);
    assert_eq!(a.email.unwrap().failure, None);
}

#[tokio::test]
async fn a_wrong_password_says_so_in_words() {
    if !available() {
        return;
    }
    let lab = lab().await;
    let right = common::made_up_password();
    let server = smtp(lab.dir.path(), &["--user", "eleni", "--password", &right]);
    lab.use_server(
        server.port,
        SmtpSecurity::None,
        "eleni",
        &format!("{right}-not"),
    )
    .await;
    let (record, to) = lab.record().await;
    let id = lab
        .send(record, &to, Some(utc("2026-11-27T08:30:00Z")))
        .await;
    let clock =
        ActivityClock::new(lab.app.clone(), Arc::new(Quiet)).with_emails(lab.secrets.clone());
    lab.hands.set(utc("2026-11-27T08:30:01Z"));
    assert_eq!(clock.tick().await.unwrap().emails_failed, 1);
    let failure = lab.state(id).await.email.unwrap().failure.unwrap();
    assert!(
        failure.contains("didn't accept your user name or password"),
        "{failure}"
    );
    assert!(server.messages().is_empty());
    // Without a password at all, Send refuses at once.
    lab.secrets
        .delete(&nextline_core::secrets::SecretKey::SmtpPassword {
            account: "eleni@127.0.0.1".into(),
        })
        .unwrap();
    let composer = lab
        .app
        .email_composer(record, None, lab.secrets.as_ref())
        .await
        .unwrap();
    assert!(!composer.ready);
    let mut draft = composer.draft;
    draft.subject = "Hi".into();
    draft.body_html = "<p>Hi</p>".into();
    let e = lab
        .app
        .send_email(
            &SendEmailRequest {
                draft,
                send_at: None,
            },
            lab.secrets.clone(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "smtp_password_missing");
}

#[tokio::test]
async fn an_email_the_server_took_is_never_sent_again_and_cannot_be_cancelled_while_going() {
    if !available() {
        return;
    }
    let lab = lab().await;
    let server = smtp(lab.dir.path(), &[]);
    lab.use_server(server.port, SmtpSecurity::None, "", "")
        .await;
    let (record, to) = lab.record().await;
    let at = utc("2026-11-27T10:00:00Z");
    let id = lab.send(record, &to, Some(at)).await;
    // A sender is handing it over right now: the seller can't call it off any more.
    lab.hands.set(at);
    assert!(lab.app.store().claim_email_send(id, at).await.unwrap());
    let e = lab
        .app
        .run(None, Command::CancelEmail { activity: id })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "email_being_sent");
    // The server took it, then the sender died before the activity said so.
    lab.app.store().email_handed_over(id, at).await.unwrap();
    assert_eq!(lab.state(id).await.state, ActivityState::Pending);
    // Long after (the claim is stale): the next look records it as sent, sending nothing.
    let clock =
        ActivityClock::new(lab.app.clone(), Arc::new(Quiet)).with_emails(lab.secrets.clone());
    lab.hands.set(at + Duration::hours(1));
    let tick = clock.tick().await.unwrap();
    assert_eq!(tick.emails_sent, 0);
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert!(server.messages().is_empty(), "not sent a second time");
    assert_eq!(lab.state(id).await.state, ActivityState::Completed);
}
