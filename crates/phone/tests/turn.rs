//! TURN: with only relayed candidates allowed, two Nextline phones talk through Debian's coturn
//! (started on a free port with a user and password, stopped by pid) — what a seller behind a
//! strict firewall gets. Signalling goes through Kamailio as usual.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{Kamailio, free_port, incoming, kamailio_available, next, phone, registered};
use nextline_phone::audio::{Recorder, Tone, tone_strength};
use nextline_phone::sip::UaEvent;
use nextline_phone::{IceServer, MediaOptions, MediaSession};

struct Coturn(Child, #[allow(dead_code)] tempfile::TempDir);

impl Drop for Coturn {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

fn start_coturn(port: u16) -> Option<Coturn> {
    if !Path::new("/usr/bin/turnserver").exists() {
        assert!(
            std::env::var("NEXTLINE_REQUIRE_INTEROP").as_deref() != Ok("1"),
            "coturn required: run scripts/setup --test"
        );
        eprintln!("SKIPPED: coturn not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new("turnserver")
        .args(["-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1"])
        .arg(format!("--listening-port={port}"))
        .args(["--min-port=49200", "--max-port=49400", "--lt-cred-mech"])
        .args(["--user=nextline:turn-secret", "--realm=nextline.test"])
        .args([
            "--no-tls",
            "--no-dtls",
            "--allow-loopback-peers",
            "--no-cli",
        ])
        .arg(format!("--userdb={}", dir.path().join("turndb").display()))
        .arg(format!("--pidfile={}", dir.path().join("pid").display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start turnserver");
    // UDP: give it a moment to bind.
    std::thread::sleep(Duration::from_millis(500));
    Some(Coturn(child, dir))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_phones_talk_through_a_turn_relay() {
    if !kamailio_available() {
        return;
    }
    let turn_port = free_port();
    let Some(_coturn) = start_coturn(turn_port) else {
        return;
    };
    let port = free_port();
    let _server = Kamailio::start(port);
    let (alice, mut a) = phone(port, "alice");
    let (bob, mut b) = phone(port, "bob");
    registered(&mut a).await;
    registered(&mut b).await;

    let relayed = || MediaOptions {
        ice_servers: vec![IceServer {
            urls: vec![format!("turn:127.0.0.1:{turn_port}?transport=udp")],
            username: "nextline".into(),
            credential: "turn-secret".into(),
        }],
        relay_only: true,
        ..MediaOptions::loopback()
    };
    let bob_hears = Recorder::default();
    let mut alice_media = MediaSession::new(relayed(), Box::new(Recorder::default()))
        .await
        .unwrap();
    let offer = alice_media.offer().await.unwrap();
    assert!(
        offer.contains("typ relay"),
        "a relayed candidate in the offer:\n{offer}"
    );
    assert!(
        !offer.contains("typ host"),
        "no host candidates when only relays are allowed"
    );

    let o = offer.clone();
    alice
        .with(move |ua| ua.call("bob", &o))
        .await
        .unwrap()
        .unwrap();
    let (bob_call, _, their_offer) = incoming(&mut b).await;
    let mut bob_media = MediaSession::new(relayed(), Box::new(bob_hears.clone()))
        .await
        .unwrap();
    let answer = bob_media.answer(&their_offer).await.unwrap();
    assert!(answer.contains("typ relay"));
    bob.with(move |ua| ua.answer(&bob_call, &answer))
        .await
        .unwrap()
        .unwrap();
    let answer = next(&mut a, "Answered", |e| match e {
        UaEvent::Answered { sdp, .. } => Some(sdp.clone()),
        _ => None,
    })
    .await;
    alice_media.accept_answer(&answer).await.unwrap();
    alice_media
        .connected(Duration::from_secs(10))
        .await
        .unwrap();
    alice_media
        .start_sending(Box::new(Tone::new(440.0)))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let heard = bob_hears.samples();
    assert!(
        heard.len() > 24_000,
        "Bob heard {} samples through the relay",
        heard.len()
    );
    let s = tone_strength(&heard[heard.len() / 2..], 440.0);
    assert!(s > 0.5, "Bob hears Alice's 440 Hz through TURN: {s}");
    alice_media.close().await;
    bob_media.close().await;
}
