//! The SIP user agent against a real Kamailio (Debian's, with its WebSocket module): two
//! Nextline phones register, call each other, hold, send DTMF and text messages, are refused,
//! cancel, and come back after the server restarts. Kamailio is started on a free port and
//! stopped by pid.
//!
//! Needs `kamailio` and `kamailio-websocket-modules` (scripts/setup --test installs them).
//! Without them the test says so and passes, unless NEXTLINE_REQUIRE_KAMAILIO=1 (the test
//! command sets it), where a missing Kamailio fails.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use nextline_phone::sip::{Account, CallRef, Cause, EndReason, UaEvent};
use nextline_phone::{Signalling, SipServer};
use tokio::sync::mpsc::UnboundedReceiver;

const SDP_ALICE: &str = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
const SDP_BOB: &str = "v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

struct Kamailio {
    child: Child,
    port: u16,
    stopped: bool,
    _dir: tempfile::TempDir,
}

impl Kamailio {
    fn start(port: u16) -> Kamailio {
        let dir = tempfile::tempdir().unwrap();
        let template = include_str!("kamailio/kamailio.cfg");
        let cfg = template
            .replace("@PORT@", &port.to_string())
            .replace("@RUNDIR@", dir.path().to_str().unwrap());
        let path = dir.path().join("kamailio.cfg");
        std::fs::write(&path, cfg).unwrap();
        let log = std::fs::File::create(dir.path().join("kamailio.log")).unwrap();
        let mut child = Command::new("kamailio")
            .args([
                "-f",
                path.to_str().unwrap(),
                "-DD",
                "-E",
                "-Y",
                dir.path().to_str().unwrap(),
            ])
            .args([
                "-P",
                dir.path().join("kamailio.pid").to_str().unwrap(),
                "-w",
                dir.path().to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start kamailio");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Kamailio {
                    child,
                    port,
                    stopped: false,
                    _dir: dir,
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("kamailio did not listen on {port}");
    }

    fn stop(&mut self) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        // SIGTERM by pid: Kamailio's main process takes its children down.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Kamailio {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn kamailio_available() -> bool {
    let found = Path::new("/usr/sbin/kamailio").exists()
        && Path::new("/usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so").exists();
    if !found {
        assert!(
            std::env::var("NEXTLINE_REQUIRE_KAMAILIO").as_deref() != Ok("1"),
            "Kamailio with its WebSocket module is required: run scripts/setup --test"
        );
        eprintln!("SKIPPED: kamailio / kamailio-websocket-modules not installed");
    }
    found
}

fn phone(port: u16, user: &str, password: &str) -> (Signalling, UnboundedReceiver<UaEvent>) {
    let mut account = Account::new(user, "127.0.0.1", password);
    account.display_name = Some(format!("{user} (Nextline)"));
    account.register_expires = 120;
    Signalling::start(SipServer {
        url: format!("ws://127.0.0.1:{port}"),
        account,
    })
}

/// The next event that `pick` accepts (others are skipped), within 10 s.
async fn next<T>(
    events: &mut UnboundedReceiver<UaEvent>,
    what: &str,
    pick: impl Fn(&UaEvent) -> Option<T>,
) -> T {
    let wait = async {
        loop {
            let e = events.recv().await.expect("phone stopped");
            if let Some(t) = pick(&e) {
                return t;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), wait)
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
}

async fn registered(events: &mut UnboundedReceiver<UaEvent>) -> u32 {
    next(events, "Registered", |e| match e {
        UaEvent::Registered { expires } => Some(*expires),
        UaEvent::RegistrationFailed { code, reason, .. } => {
            panic!("registration failed: {code} {reason}")
        }
        _ => None,
    })
    .await
}

async fn incoming(events: &mut UnboundedReceiver<UaEvent>) -> (CallRef, String, String) {
    next(events, "an incoming call", |e| match e {
        UaEvent::Incoming {
            call, from, sdp, ..
        } => Some((call.clone(), from.clone(), sdp.clone())),
        _ => None,
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_phones_talk_through_kamailio() {
    if !kamailio_available() {
        return;
    }
    let port = free_port();
    let mut server = Kamailio::start(port);
    let (alice, mut a) = phone(port, "alice", "alicepw");
    let (bob, mut b) = phone(port, "bob", "bobpw");
    assert_eq!(registered(&mut a).await, 120);
    registered(&mut b).await;

    // A wrong password is reported as such.
    let (_mallory, mut m) = phone(port, "carol", "not-her-password");
    let cause = next(&mut m, "a refused registration", |e| match e {
        UaEvent::RegistrationFailed { cause, .. } => Some(*cause),
        _ => None,
    })
    .await;
    assert_eq!(cause, Cause::WrongPassword);

    // Alice calls Bob (through Kamailio's 407 challenge); Bob rings, answers; hold; DTMF; Bob hangs up.
    let call = alice
        .with(|ua| ua.call("bob", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    let (bob_call, from, offer) = incoming(&mut b).await;
    assert_eq!(from, "sip:alice@127.0.0.1");
    assert_eq!(offer, SDP_ALICE, "the offer arrives intact");
    next(&mut a, "Ringing", |e| {
        matches!(e, UaEvent::Ringing { .. }).then_some(())
    })
    .await;
    let bc = bob_call.clone();
    bob.with(move |ua| ua.answer(&bc, SDP_BOB))
        .await
        .unwrap()
        .unwrap();
    let answer = next(&mut a, "Answered", |e| match e {
        UaEvent::Answered { sdp, .. } => Some(sdp.clone()),
        UaEvent::Failed { code, reason, .. } => panic!("call failed: {code} {reason}"),
        _ => None,
    })
    .await;
    assert_eq!(answer, SDP_BOB);

    let hold = SDP_ALICE.replace("a=sendrecv", "a=sendonly");
    let c = call.clone();
    alice
        .with(move |ua| ua.reinvite(&c, &hold))
        .await
        .unwrap()
        .unwrap();
    let held = next(&mut b, "the hold offer", |e| match e {
        UaEvent::Offer { sdp, .. } => Some(sdp.clone()),
        _ => None,
    })
    .await;
    assert!(held.contains("a=sendonly"));
    let bc = bob_call.clone();
    let recvonly = SDP_BOB.replace("a=sendrecv", "a=recvonly");
    bob.with(move |ua| ua.accept_offer(&bc, &recvonly))
        .await
        .unwrap()
        .unwrap();
    let updated = next(&mut a, "the hold answer", |e| match e {
        UaEvent::Updated { sdp, .. } => Some(sdp.clone()),
        UaEvent::ReinviteRefused { code, .. } => panic!("hold refused: {code}"),
        _ => None,
    })
    .await;
    assert!(updated.contains("a=recvonly"));

    let c = call.clone();
    alice
        .with(move |ua| ua.send_dtmf_info(&c, '7'))
        .await
        .unwrap()
        .unwrap();
    let digit = next(&mut b, "DTMF", |e| match e {
        UaEvent::Dtmf { digit, .. } => Some(*digit),
        _ => None,
    })
    .await;
    assert_eq!(digit, '7');

    let bc = bob_call.clone();
    bob.with(move |ua| ua.hangup(&bc)).await.unwrap().unwrap();
    let why = next(&mut a, "the far end hanging up", |e| match e {
        UaEvent::Ended { why, .. } => Some(*why),
        _ => None,
    })
    .await;
    assert_eq!(why, EndReason::RemoteHangup);

    // Bob is busy.
    alice
        .with(|ua| ua.call("bob", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    let (bob_call, _, _) = incoming(&mut b).await;
    bob.with(move |ua| ua.decline(&bob_call, true))
        .await
        .unwrap()
        .unwrap();
    let cause = next(&mut a, "busy", |e| match e {
        UaEvent::Failed { cause, .. } => Some(*cause),
        _ => None,
    })
    .await;
    assert_eq!(cause, Cause::Busy);

    // Alice gives up while Bob's phone rings.
    let call = alice
        .with(|ua| ua.call("bob", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    incoming(&mut b).await;
    next(&mut a, "Ringing", |e| {
        matches!(e, UaEvent::Ringing { .. }).then_some(())
    })
    .await;
    alice
        .with(move |ua| ua.hangup(&call))
        .await
        .unwrap()
        .unwrap();
    let (mine, theirs) = (
        next(&mut a, "cancelled", |e| match e {
            UaEvent::Ended { why, .. } => Some(*why),
            _ => None,
        })
        .await,
        next(&mut b, "caller gave up", |e| match e {
            UaEvent::Ended { why, .. } => Some(*why),
            _ => None,
        })
        .await,
    );
    assert_eq!(
        (mine, theirs),
        (EndReason::Cancelled, EndReason::CallerCancelled)
    );

    // Nobody there.
    alice
        .with(|ua| ua.call("carol", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    let (code, cause) = next(&mut a, "not found", |e| match e {
        UaEvent::Failed { code, cause, .. } => Some((*code, *cause)),
        _ => None,
    })
    .await;
    assert_eq!((code, cause), (404, Cause::NotFound));

    // A text message, both ways.
    let sent = alice
        .with(|ua| {
            ua.send_message(
                "bob",
                "text/plain;charset=UTF-8",
                "Καλημέρα — running 5 min late",
            )
        })
        .await
        .unwrap()
        .unwrap();
    let body = next(&mut b, "a message", |e| match e {
        UaEvent::MessageReceived { body, from, .. } => Some((body.clone(), from.clone())),
        _ => None,
    })
    .await;
    assert_eq!(
        body,
        (
            "Καλημέρα — running 5 min late".to_string(),
            "sip:alice@127.0.0.1".to_string()
        )
    );
    let delivered = next(&mut a, "message sent", |e| match e {
        UaEvent::MessageSent { id } => Some(*id),
        UaEvent::MessageFailed { code, .. } => panic!("message failed: {code}"),
        _ => None,
    })
    .await;
    assert_eq!(delivered, sent);

    // The server restarts: both phones notice and register again within a few seconds.
    server.stop();
    next(&mut a, "Unregistered", |e| {
        matches!(e, UaEvent::Unregistered).then_some(())
    })
    .await;
    let started = std::time::Instant::now();
    let _server = Kamailio::start(server.port);
    registered(&mut a).await;
    registered(&mut b).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "re-registered in {:?}",
        started.elapsed()
    );

    // And calls work again after the restart.
    alice
        .with(|ua| ua.call("bob", SDP_ALICE))
        .await
        .unwrap()
        .unwrap();
    let (bob_call, _, _) = incoming(&mut b).await;
    bob.with(move |ua| ua.decline(&bob_call, false))
        .await
        .unwrap()
        .unwrap();
    let cause = next(&mut a, "declined", |e| match e {
        UaEvent::Failed { cause, .. } => Some(*cause),
        _ => None,
    })
    .await;
    assert_eq!(cause, Cause::Declined);
    alice.shutdown().await;
    bob.shutdown().await;
}
